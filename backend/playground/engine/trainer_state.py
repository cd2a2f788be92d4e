"""The Trainer's bookkeeping: prepared splits, the per-epoch history, early stopping."""

from __future__ import annotations

import math
from collections.abc import Mapping

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


class History(Mapping):
    """Per-epoch metrics in growing NumPy arrays (8 bytes per series per epoch, 4 per layer gradient norm).

    As a mapping it reads like the old dict of lists: history["train_cost"] is a list with None where the dev
    split is empty or a cost was NaN/inf (so it is always valid JSON). Array access for the server:
    `epochs`, `array(key, start)`, `grad_norms(start)`, `latest(key)`.

    keep=N (the live server): only the last N..2N epochs are kept (`first` = epochs dropped from the front),
    so memory stays bounded however long a run lasts; epochs still count from the start of the run.
    """

    KEYS = ("train_cost", "dev_cost", "train_accuracy", "dev_accuracy")

    def __init__(self, keep: int | None = None):
        self.keep = keep
        self.first = 0  # epochs no longer kept (keep=N only)
        self._n = 0  # rows in use
        self._values = np.empty((len(self.KEYS), 64))  # NaN = None
        self._grads: np.ndarray | None = None  # (capacity, L) float32, from the first recorded norms

    @property
    def epochs(self) -> int:
        """Epochs recorded since the start of the run (kept or not)."""
        return self.first + self._n

    @property
    def nbytes(self) -> int:
        """Bytes held by the arrays (capacity included)."""
        return self._values.nbytes + (0 if self._grads is None else self._grads.nbytes)

    def append(self, train_cost, dev_cost, train_accuracy, dev_accuracy, grad_norms=None) -> None:
        """One epoch's metrics (None for unknown); grad_norms: (L,) ||dW|| per layer, or None."""
        if self._n == self._values.shape[1]:
            self._make_room()
        for i, v in enumerate((train_cost, dev_cost, train_accuracy, dev_accuracy)):
            self._values[i, self._n] = np.nan if v is None or not math.isfinite(v) else v
        if grad_norms is not None:
            if self._grads is None:
                self._grads = np.full((self._values.shape[1], len(grad_norms)), np.nan, np.float32)
            self._grads[self._n] = grad_norms
        self._n += 1

    def _make_room(self) -> None:
        if self.keep is not None and self._n >= 2 * self.keep:  # drop the oldest, keep the last `keep`
            drop = self._n - self.keep
            self._values[:, : self.keep] = self._values[:, drop : self._n]
            if self._grads is not None:
                self._grads[: self.keep] = self._grads[drop : self._n]
            self.first += drop
            self._n = self.keep
            return
        self._values = np.concatenate([self._values, np.empty_like(self._values)], axis=1)
        if self._grads is not None:
            self._grads = np.concatenate([self._grads, np.full_like(self._grads, np.nan)])

    def array(self, key: str, start: int = 0) -> np.ndarray:
        """(n,) float64 view of `key` for epochs start+1.. (0-based index `start`; NaN = None); epochs before
        `first` are gone and skipped."""
        i = self.KEYS.index(key)
        return self._values[i, max(0, start - self.first) : self._n]

    def grad_norms(self, start: int = 0) -> np.ndarray | None:
        """(n, L) float32 view of per-epoch gradient norms for epochs start+1.. (None: not recorded)."""
        if self._grads is None:
            return None
        return self._grads[max(0, start - self.first) : self._n]

    def latest(self, key: str) -> float | None:
        """The last epoch's value of `key` (None if unknown or no epoch yet)."""
        if self._n == 0:
            return None
        v = float(self._values[self.KEYS.index(key), self._n - 1])
        return None if math.isnan(v) else v

    def __getitem__(self, key: str) -> list:
        if key not in self.KEYS:
            raise KeyError(key)
        values = self.array(key).tolist()
        return [None if math.isnan(v) else v for v in values]

    def __iter__(self):
        return iter(self.KEYS)

    def __len__(self) -> int:
        return len(self.KEYS)


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


def view_indices(flat: np.ndarray, views: list[np.ndarray]):
    """(indices (sum of sizes,), starts (L,)) such that flat[indices][starts[l]:...] lists views[l]'s
    elements; False when a view does not live inside `flat`."""
    idx, parts = np.arange(flat.size), []
    if idx.itemsize != flat.itemsize:  # the index array must walk with the same strides
        return False
    for v in views:
        if v.size == 0 or not np.shares_memory(v, flat):
            return False
        offset = (v.__array_interface__["data"][0] - flat.__array_interface__["data"][0]) // flat.itemsize
        parts.append(np.lib.stride_tricks.as_strided(idx[offset:], v.shape, v.strides).ravel())
    return np.concatenate(parts), np.cumsum([0] + [p.size for p in parts[:-1]])
