"""Weight initialization. W^[l] has shape (n_l, n_{l-1}); biases (and batch norm's beta) start at zero.

zeros   W = 0                                   (symmetry is never broken: every unit of a layer stays equal)
random  W = N(0, 1) * init_scale                (the course's * 0.01, or * 10 for "too large")
xavier  W = N(0, 1) * sqrt(1 / n_{l-1})         (suits tanh)
he      W = N(0, 1) * sqrt(2 / n_{l-1})         (suits relu)
"""

from __future__ import annotations

import math

import numpy as np

INITS = ("zeros", "random", "xavier", "he")


def weight_scale(init: str, n_prev: int, init_scale: float = 0.01) -> float:
    """The factor that multiplies N(0, 1) draws for a layer with n_prev inputs."""
    if init == "zeros":
        return 0.0
    if init == "random":
        return init_scale
    if init == "xavier":
        return math.sqrt(1.0 / n_prev)
    if init == "he":
        return math.sqrt(2.0 / n_prev)
    raise ValueError(f"unknown init {init!r}; allowed: {', '.join(INITS)}")


def init_weights(W: np.ndarray, init: str, rng: np.random.Generator, init_scale: float = 0.01) -> None:
    """Fill W (n_l, n_{l-1}) in place. Draws from rng even for `zeros`, so every scheme consumes the stream
    the same way and the later draws (shuffling uses another stream anyway) do not depend on the scheme."""
    scale = weight_scale(init, W.shape[1], init_scale)
    W[...] = rng.standard_normal(W.shape) * scale
