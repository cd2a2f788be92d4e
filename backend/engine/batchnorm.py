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

from .ewa import ewa_update

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


def forward_train(z, gamma, beta, buf: BatchNormBuffers, running=None) -> np.ndarray:
    """z (n, m) -> z~ (n, m) (buf.zt) with batch statistics; gamma, beta (n,).

    running: (mean (n,), var (n,)) to update in place with the EWA, or None (gradient checking).
    """
    mu, var, inv = buf.mu, buf.var, buf.inv
    np.dot(z, buf.avg, out=mu)  # mu
    np.subtract(z, mu[:, None], out=buf.zc)  # z - mu
    np.multiply(buf.zc, buf.zc, out=buf.zhat)
    np.dot(buf.zhat, buf.avg, out=var)  # sigma^2
    np.add(var, EPS, out=inv)
    np.sqrt(inv, out=inv)
    np.reciprocal(inv, out=inv)  # 1 / sqrt(sigma^2 + eps)
    np.multiply(buf.zc, inv[:, None], out=buf.zhat)  # z_norm
    np.multiply(buf.zhat, gamma[:, None], out=buf.zt)
    buf.zt += beta[:, None]  # z~ = gamma z_norm + beta
    if running is not None:
        ewa_update(running[0], mu, MOMENTUM, buf.tmpn)
        ewa_update(running[1], var, MOMENTUM, buf.tmpn)
    return buf.zt


def backward(dzt, gamma, buf: BatchNormBuffers, dgamma, dbeta, dz) -> None:
    """dz~ (n, m) -> dz (n, m) into `dz`; writes dgamma, dbeta (n,) (views of the flat gradient)."""
    m = dzt.shape[1]
    np.multiply(dzt, buf.zhat, out=buf.tmp)
    np.dot(buf.tmp, buf.ones, out=dgamma)  # dgamma = sum dz~ z_norm
    np.dot(dzt, buf.ones, out=dbeta)  # dbeta = sum dz~
    np.multiply(dgamma, gamma, out=buf.c2)
    buf.c2 *= 1.0 / m  # mean(dz_norm * z_norm) = gamma * dgamma / m
    np.multiply(dbeta, gamma, out=buf.c1)
    buf.c1 *= 1.0 / m  # mean(dz_norm) = gamma * dbeta / m
    np.multiply(buf.zhat, buf.c2[:, None], out=buf.tmp)
    np.multiply(dzt, gamma[:, None], out=dz)  # dz_norm
    dz -= buf.tmp
    dz -= buf.c1[:, None]
    dz *= buf.inv[:, None]


def forward_eval(z: np.ndarray, gamma, beta, running_mean, running_var) -> np.ndarray:
    """z (n, k) -> z~ (n, k) with the running averages instead of batch statistics (allocates)."""
    zhat = (z - running_mean[:, None]) / np.sqrt(running_var[:, None] + EPS)
    return gamma[:, None] * zhat + beta[:, None]
