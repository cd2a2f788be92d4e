"""Input features built from the two raw coordinates, and input normalization with training statistics.

    x1, x2, x1^2, x2^2, x1x2 (= x1 * x2), sin_x1 (= sin x1), sin_x2 (= sin x2)

Normalization (the course's "normalizing inputs"): mu = mean of the training set, sigma = its standard
deviation, and every split becomes (x - mu) / sigma with the *training* mu and sigma, so dev, test and the
plotted grid go through exactly the transformation the network was trained on.
"""

from __future__ import annotations

import numpy as np

FEATURES = ("x1", "x2", "x1^2", "x2^2", "x1x2", "sin_x1", "sin_x2")

_COLUMNS = {
    "x1": lambda x1, x2, out: np.copyto(out, x1),
    "x2": lambda x1, x2, out: np.copyto(out, x2),
    "x1^2": lambda x1, x2, out: np.multiply(x1, x1, out=out),
    "x2^2": lambda x1, x2, out: np.multiply(x2, x2, out=out),
    "x1x2": lambda x1, x2, out: np.multiply(x1, x2, out=out),
    "sin_x1": lambda x1, x2, out: np.sin(x1, out=out),
    "sin_x2": lambda x1, x2, out: np.sin(x2, out=out),
}


def expand_features(X: np.ndarray, features) -> np.ndarray:
    """X: (m, 2) raw coordinates -> (m, f) float64, one column per name in ``features``, in that order."""
    X = np.asarray(X, dtype=np.float64)
    if X.ndim != 2 or X.shape[1] != 2:
        raise ValueError(f"X must have shape (m, 2), got {X.shape}")
    out = np.empty((X.shape[0], len(features)))
    x1, x2 = X[:, 0], X[:, 1]
    for j, name in enumerate(features):
        if name not in _COLUMNS:
            raise ValueError(f"features: unknown feature {name!r} (allowed: {', '.join(FEATURES)})")
        _COLUMNS[name](x1, x2, out[:, j])
    return out


class Standardizer:
    """Per-column (F - mean) / std with statistics of the training features; a zero std counts as 1.

    mean, std: (f,) arrays (or scalars 0 and 1 for the identity).
    """

    def __init__(self, mean=0.0, std=1.0):
        self.mean = mean
        self.std = std

    @classmethod
    def identity(cls) -> Standardizer:
        """No normalization: transform returns its input's values unchanged."""
        return cls(0.0, 1.0)

    def fit(self, F_train: np.ndarray) -> Standardizer:
        """F_train: (m, f). Stores mean (f,) and population std (f,); an empty training set gives 0 and 1."""
        F_train = np.asarray(F_train, dtype=np.float64)
        if F_train.shape[0] == 0:
            self.mean, self.std = np.zeros(F_train.shape[1]), np.ones(F_train.shape[1])
            return self
        self.mean = F_train.mean(axis=0)
        std = F_train.std(axis=0)
        # A constant column (e.g. every drawn point on one line) would divide by zero; leave it unscaled.
        self.std = np.where(std > 0.0, std, 1.0)
        return self

    def transform(self, F: np.ndarray) -> np.ndarray:
        """F: (m, f) -> (m, f) new array (F - mean) / std."""
        return (np.asarray(F, dtype=np.float64) - self.mean) / self.std

    def __repr__(self) -> str:
        return f"Standardizer(mean={self.mean!r}, std={self.std!r})"
