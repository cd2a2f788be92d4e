"""Batch normalization of a hidden layer's z (n, m), the course's formulas, into preallocated buffers.

Training (statistics of the current mini-batch of m examples):
    mu      = (1/m) sum_i z_i
    sigma^2 = (1/m) sum_i (z_i - mu)^2
    z_norm  = (z - mu) / sqrt(sigma^2 + eps)
    z~      = gamma * z_norm + beta                 (gamma, beta learned; the layer has no bias b)
and exponentially weighted averages of mu and sigma^2 across mini-batches (beta = MOMENTUM, starting from
mean 0 and variance 1) stand in for the batch statistics at evaluation.

Backward, with dz_norm = gamma * dz~:
    dgamma = sum_i dz~_i * z_norm_i,   dbeta = sum_i dz~_i
    dz     = (1 / sqrt(sigma^2 + eps)) * (dz_norm - mean(dz_norm) - z_norm * mean(dz_norm * z_norm))
"""

from __future__ import annotations

import numpy as np

EPS = 1e-5  # the eps in sqrt(sigma^2 + eps)
MOMENTUM = 0.9  # beta of the running averages of mu and sigma^2


class BatchNormBuffers:
    """Scratch for one batch-normalized layer of n units at batch size m."""

    __slots__ = ("zc", "zhat", "zt", "dzt", "tmp", "mu", "var", "inv", "c1", "c2", "tmpn", "avg", "ones")

    def __init__(self, n: int, m: int):
        self.zc, self.zhat, self.zt, self.dzt, self.tmp = (np.empty((n, m)) for _ in range(5))
        self.mu, self.var, self.inv, self.c1, self.c2, self.tmpn = (np.empty(n) for _ in range(6))
        self.avg = np.full(m, 1.0 / m)  # dot(z, avg) = mean over the batch, one BLAS call
        self.ones = np.ones(m)


def forward_train_ops(z, gamma, beta, buf: BatchNormBuffers, running=None) -> list:
    """The NumPy calls of z (n, m) -> z~ (n, m) (into buf.zt) with batch statistics; gamma, beta (n,).

    running: (mean (n,), var (n,)) to update in place with the EWA, or None (gradient checking).
    """
    mu, var, inv = buf.mu, buf.var, buf.inv
    ops = [
        (np.dot, (z, buf.avg, mu)),  # mu
        (np.subtract, (z, mu[:, None], buf.zc)),  # z - mu
        (np.multiply, (buf.zc, buf.zc, buf.zhat)),
        (np.dot, (buf.zhat, buf.avg, var)),  # sigma^2
        (np.add, (var, EPS, inv)),
        (np.sqrt, (inv, inv)),
        (np.reciprocal, (inv, inv)),  # 1 / sqrt(sigma^2 + eps)
        (np.multiply, (buf.zc, inv[:, None], buf.zhat)),  # z_norm
        (np.multiply, (buf.zhat, gamma[:, None], buf.zt)),
        (np.add, (buf.zt, beta[:, None], buf.zt)),  # z~ = gamma z_norm + beta
    ]
    if running is not None:
        ops += ewa_ops(running[0], mu, MOMENTUM, buf.tmpn) + ewa_ops(running[1], var, MOMENTUM, buf.tmpn)
    return ops


def ewa_ops(v, x, beta, tmp) -> list:
    """ewa.ewa_update(v, x, beta, tmp) as NumPy calls: v = beta v + (1 - beta) x."""
    return [(np.multiply, (x, 1.0 - beta, tmp)), (np.multiply, (v, beta, v)), (np.add, (v, tmp, v))]


def backward_ops(dzt, gamma, buf: BatchNormBuffers, dgamma, dbeta, dz) -> list:
    """The NumPy calls of dz~ (n, m) -> dz (n, m) into `dz`, writing dgamma, dbeta (n,) (gradient views)."""
    m = dzt.shape[1]
    return [
        (np.multiply, (dzt, buf.zhat, buf.tmp)),
        (np.dot, (buf.tmp, buf.ones, dgamma)),  # dgamma = sum dz~ z_norm
        (np.dot, (dzt, buf.ones, dbeta)),  # dbeta = sum dz~
        (np.multiply, (dgamma, gamma, buf.c2)),
        (np.multiply, (buf.c2, 1.0 / m, buf.c2)),  # mean(dz_norm * z_norm) = gamma * dgamma / m
        (np.multiply, (dbeta, gamma, buf.c1)),
        (np.multiply, (buf.c1, 1.0 / m, buf.c1)),  # mean(dz_norm) = gamma * dbeta / m
        (np.multiply, (buf.zhat, buf.c2[:, None], buf.tmp)),
        (np.multiply, (dzt, gamma[:, None], dz)),  # dz_norm
        (np.subtract, (dz, buf.tmp, dz)),
        (np.subtract, (dz, buf.c1[:, None], dz)),
        (np.multiply, (dz, buf.inv[:, None], dz)),
    ]


def forward_train(z, gamma, beta, buf: BatchNormBuffers, running=None) -> np.ndarray:
    """Run forward_train_ops; returns z~ (buf.zt)."""
    for f, args in forward_train_ops(z, gamma, beta, buf, running):
        f(*args)
    return buf.zt


def backward(dzt, gamma, buf: BatchNormBuffers, dgamma, dbeta, dz) -> None:
    """Run backward_ops."""
    for f, args in backward_ops(dzt, gamma, buf, dgamma, dbeta, dz):
        f(*args)


def forward_eval(z: np.ndarray, gamma, beta, running_mean, running_var) -> np.ndarray:
    """z (n, k) -> z~ (n, k) with the running averages instead of batch statistics (allocates)."""
    zhat = (z - running_mean[:, None]) / np.sqrt(running_var[:, None] + EPS)
    return gamma[:, None] * zhat + beta[:, None]
