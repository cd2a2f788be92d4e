"""stacked_eval.evaluate_each: each row's metrics are its run's own (Trainer._metrics), bit for bit, and the
caller's `inputs` dict only saves restacking the same splits."""

from __future__ import annotations

import numpy as np

from playground.config import ExperimentConfig
from playground.engine import stacked_eval
from playground.engine.stacked_eval import evaluate_each
from playground.engine.trainer import Trainer


def trainers(seeds, **kw) -> list[Trainer]:
    out = []
    for seed in seeds:
        cfg = dict(dataset="circles", n_samples=300, hidden=[4, 2], seed=seed, l2=0.01)
        tr = Trainer(ExperimentConfig(**cfg, **kw))
        tr.train_steps(7 * seed + 3)  # different parameters per run
        out.append(tr)
    return out


def each(trs, split, inputs=None):
    theta = np.stack([t.network.theta for t in trs])
    splits, l2s = [t.splits[split] for t in trs], [t.cfg.l2 for t in trs]
    return evaluate_each(trs[0].network, theta, splits, l2s, inputs)


def test_rows_equal_runs_alone_with_and_without_kept_inputs():
    trs = trainers(range(5))
    inputs: dict = {}
    for split in ("train", "dev"):
        alone = [t._metrics(t.splits[split]) for t in trs]
        assert each(trs, split) == alone
        assert each(trs, split, inputs) == alone  # stacked now, kept
        assert each(trs, split, inputs) == alone  # from the kept stack
    assert len(inputs) == 2


def test_kept_inputs_are_only_used_for_the_very_same_splits():
    """Other runs (other data) get their own stack; the dict keeps the last KEPT_INPUTS sets."""
    inputs: dict = {}
    first, other = trainers([1, 2]), trainers([3, 4], noise=0.3)
    assert each(first, "train", inputs) == [t._metrics(t.splits["train"]) for t in first]
    assert each(other, "train", inputs) == [t._metrics(t.splits["train"]) for t in other]
    assert each(first[::-1], "train", inputs) == [t._metrics(t.splits["train"]) for t in first[::-1]]
    for seeds in ([5], [6], [7], [8]):
        each(trainers(seeds), "train", inputs)
    assert len(inputs) == stacked_eval.KEPT_INPUTS
