"""The Trainer's bookkeeping: prepared splits, the per-epoch history, early stopping."""

from __future__ import annotations

import math

import numpy as np

from .features import expand_features


class PreparedSplit:
    """One split turned into network inputs once.

    F: (n_x, m) standardized features (evaluation); rows: (m, n_x + 1) [features, 1] per example (training
    slices rows a:b and transposes them: a free view); target_rows: (m, K_out) the output's training targets;
    y: (m,) int64 labels.
    """

    def __init__(self, split, features, standardizer, network):
        F = standardizer.transform(expand_features(split.X, features))
        self.size = F.shape[0]
        self.F = np.ascontiguousarray(F.T)
        self.rows = np.ones((self.size, F.shape[1] + 1))
        self.rows[:, :-1] = F
        self.y = np.asarray(split.y, dtype=np.int64)
        self.target_rows = np.ascontiguousarray(network.output.targets(self.y).T)


def _finite_or_none(x: float | None) -> float | None:
    return x if x is not None and math.isfinite(x) else None


class History(dict):
    """A dict of per-epoch lists: train_cost, dev_cost, train_accuracy, dev_accuracy (None where the dev split
    is empty, and None for a NaN/inf cost, so the history is always valid JSON)."""

    KEYS = ("train_cost", "dev_cost", "train_accuracy", "dev_accuracy")

    def __init__(self):
        super().__init__({k: [] for k in self.KEYS})

    def append(self, train_cost, dev_cost, train_accuracy, dev_accuracy) -> None:
        for k, v in zip(self.KEYS, (train_cost, dev_cost, train_accuracy, dev_accuracy), strict=True):
            self[k].append(_finite_or_none(v))


class EarlyStopping:
    """Tracks the lowest dev cost; `update` returns True when `patience` epochs passed without a new best,
    after restoring the network's best parameters and batch norm averages."""

    def __init__(self):
        self.best_cost = math.inf
        self.best_epoch = 0
        self._theta = None
        self._running = None

    def update(self, patience: int, dev_cost: float | None, epoch: int, network) -> bool:
        if patience <= 0 or dev_cost is None or not math.isfinite(dev_cost):
            return False
        if dev_cost < self.best_cost:
            self.best_cost, self.best_epoch = dev_cost, epoch
            self._theta = network.theta.copy()
            self._running = [None if r is None else (r[0].copy(), r[1].copy()) for r in network.running]
            return False
        if epoch - self.best_epoch < patience:
            return False
        network.theta[...] = self._theta
        for r, saved in zip(network.running, self._running, strict=True):
            if r is not None:
                r[0][...] = saved[0]
                r[1][...] = saved[1]
        return True
