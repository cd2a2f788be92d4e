"""playground.history: a Trainer's per-epoch history as columns (DataFrame with pandas, dict without)."""

from __future__ import annotations

import sys

import numpy as np
import pandas as pd
import pytest

import playground
from playground.engine.trainer import Trainer


@pytest.fixture(scope="module")
def trainer() -> Trainer:
    return playground.train({"dataset": "moons", "hidden": [4, 3], "epochs": 25})


def test_columns_are_the_trainers_own_history(trainer):
    h = playground.history(trainer, as_frame=False)
    assert list(h) == ["epoch", "train_cost", "dev_cost", "train_accuracy", "dev_accuracy"] + [
        f"grad_norm_{i}" for i in (1, 2, 3)
    ]  # two hidden layers and the output layer
    assert np.array_equal(h["epoch"], np.arange(1, 26))
    for key in ("train_cost", "dev_cost", "train_accuracy", "dev_accuracy"):
        assert h[key].tolist() == trainer.history[key]  # the same floats the JSON history lists
    assert np.array_equal(h["grad_norm_3"], trainer.history.grad_norms()[:, 2])


def test_the_last_row_is_the_trained_model_evaluated_afresh(trainer):
    """An independent computation: evaluating the final parameters gives the history's last row."""
    h = playground.history(trainer, as_frame=False)
    cost, accuracy = trainer.evaluate("dev")
    assert h["dev_cost"][-1] == cost and h["dev_accuracy"][-1] == accuracy


def test_a_dataframe_when_pandas_is_there(trainer):
    df = playground.history(trainer)
    assert isinstance(df, pd.DataFrame) and df.shape == (25, 8)
    assert df.loc[25, "train_cost"] == trainer.history["train_cost"][-1]


def test_a_dict_of_arrays_without_pandas(trainer, monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)  # `import pandas` now raises ImportError
    h = playground.history(trainer)
    assert isinstance(h, dict) and all(isinstance(v, np.ndarray) for v in h.values())
    with pytest.raises(ImportError, match="needs pandas"):
        playground.history(trainer, as_frame=True)


def test_no_dev_set_gives_nan_not_made_up_values():
    t = playground.train({"dataset": "xor", "dev_ratio": 0.0, "epochs": 5})
    h = playground.history(t, as_frame=False)
    assert np.isnan(h["dev_cost"]).all() and not np.isnan(h["train_cost"]).any()


def test_anything_else_is_refused():
    with pytest.raises(TypeError, match="Trainer or a fitted PlaygroundClassifier"):
        playground.history({"train_cost": [1.0]})
