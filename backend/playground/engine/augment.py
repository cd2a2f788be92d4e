"""Data augmentation for 2D points: jittered copies of the training set (never of dev or test)."""

from __future__ import annotations

import numpy as np


def jittered_copies(
    X: np.ndarray, y: np.ndarray, copies: int, jitter: float, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """The originals followed by `copies` copies, each point moved by N(0, jitter^2) noise per coordinate.

    X: (m, 2), y: (m,). Returns X_aug: (m * (copies + 1), 2), y_aug: (m * (copies + 1),). Labels are kept:
    a small nudge does not change what a point is, which is exactly the prior augmentation encodes.
    """
    if copies <= 0 or X.shape[0] == 0:
        return X, y
    noise = rng.normal(0.0, jitter, size=(copies, *X.shape))
    X_aug = np.concatenate([X[None], X[None] + noise]).reshape(-1, X.shape[1])
    y_aug = np.tile(y, copies + 1)
    return X_aug, y_aug
