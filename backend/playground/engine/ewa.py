"""Exponentially weighted averages: the one helper that momentum, RMSprop, Adam and the EWA lab share.

    v_t = beta * v_{t-1} + (1 - beta) * theta_t,        v_0 = 0
    bias-corrected:  v_t / (1 - beta^t)

v averages roughly the last 1 / (1 - beta) values.
"""

from __future__ import annotations

import numpy as np


def ewa_update(v: np.ndarray, x: np.ndarray, beta: float | np.ndarray, tmp: np.ndarray | None = None) -> None:
    """In place: v = beta * v + (1 - beta) * x.

    v, x: arrays of one shape; beta: a scalar or an array broadcasting against v.
    tmp: optional scratch buffer of v's shape, so the hot path allocates nothing.
    """
    if tmp is None:
        tmp = np.empty_like(v)
    np.multiply(x, 1.0 - beta, out=tmp)  # (1 - beta) * theta_t
    v *= beta  # beta * v_{t-1}
    v += tmp


def ewa_series(values: np.ndarray, betas: np.ndarray, bias_correction: bool = True) -> np.ndarray:
    """Exponentially weighted averages of a series for several betas at once.

    values: (T,) the series theta_1..theta_T; betas: (B,). Returns (B, T): row b is v_1..v_T for betas[b],
    divided by (1 - beta^t) when bias_correction is on.
    """
    values = np.asarray(values, dtype=np.float64)
    betas = np.asarray(betas, dtype=np.float64)
    out = np.empty((betas.size, values.size))
    v = np.zeros(betas.size)
    tmp = np.empty(betas.size)
    x = np.empty(betas.size)
    for t, theta in enumerate(values):
        x.fill(theta)
        ewa_update(v, x, betas, tmp)
        out[:, t] = v
    if bias_correction:
        t = np.arange(1, values.size + 1)
        out /= 1.0 - betas[:, None] ** t[None, :]
    return out


def past_weights(beta: float, days: int) -> np.ndarray:
    """Weight that v_t gives to theta_{t-k}, k = 0..days-1: (1 - beta) * beta^k. Shape (days,)."""
    return (1.0 - beta) * beta ** np.arange(days)
