"""A trained run's history as columns, for notebooks: a pandas DataFrame, or a dict of NumPy arrays.

(`playground.history` is this module's `history` function: a submodule named `history` would replace the
function on the package as soon as it is imported.)

    >>> import playground
    >>> trainer = playground.train({"dataset": "moons", "epochs": 200})
    >>> playground.history(trainer).tail()        # epoch, train_cost, dev_cost, train_accuracy, ...

One row per epoch. Columns: ``epoch`` (1-based), ``train_cost``, ``dev_cost``, ``train_accuracy``,
``dev_accuracy`` (NaN where the dev split is empty or a cost was NaN/inf), then ``grad_norm_1`` ..
``grad_norm_L``: ||dW^[l]||_2 of each layer (the last is the output layer) at the epoch's last step.
These are the arrays the live page plots, read from the Trainer, never recomputed.
"""

from __future__ import annotations

import numpy as np

from playground.engine.trainer import Trainer
from playground.engine.trainer_state import History


def trainer_of(obj) -> Trainer:
    """The Trainer behind `obj`: a Trainer, or a fitted PlaygroundClassifier (its `trainer_`)."""
    trainer = getattr(obj, "trainer_", obj)
    if not isinstance(trainer, Trainer):
        raise TypeError(f"expected a Trainer or a fitted PlaygroundClassifier, got {type(obj).__name__}")
    return trainer


def history_columns(obj) -> dict[str, np.ndarray]:
    """{column: (n,) array} for the n recorded epochs (float64; grad norms float32 as recorded)."""
    h = trainer_of(obj).history
    n = h.epochs - h.first
    columns = {"epoch": np.arange(h.first + 1, h.epochs + 1, dtype=np.int64)}
    for key in History.KEYS:
        columns[key] = h.array(key).copy()
    grads = h.grad_norms()
    if grads is not None:
        for layer in range(grads.shape[1]):
            columns[f"grad_norm_{layer + 1}"] = grads[:n, layer].copy()
    return columns


def history(obj, as_frame: bool | None = None):
    """The per-epoch history of a Trainer (or fitted PlaygroundClassifier) as columns.

    as_frame: True -> a pandas DataFrame indexed by epoch (ImportError if pandas is missing); False -> a
    dict of arrays; None (default) -> a DataFrame when pandas is importable, else the dict.
    A Trainer built with history=False has recorded nothing: every column is then empty.
    """
    columns = history_columns(obj)
    if as_frame is False:
        return columns
    try:
        import pandas as pd
    except ImportError:
        if as_frame:
            raise ImportError("history(as_frame=True) needs pandas: pip install pandas") from None
        return columns
    return pd.DataFrame(columns).set_index("epoch", drop=False)
