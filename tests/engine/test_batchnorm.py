"""Batch norm: the normalized z has mean 0 and variance 1 per unit, running averages, evaluation mode."""

from __future__ import annotations

import numpy as np
import pytest

from playground.engine import batchnorm
from playground.engine.batchnorm import EPS, MOMENTUM, BatchNormBuffers


def test_training_forward_normalizes_each_unit_over_the_batch():
    rng = np.random.default_rng(0)
    z = rng.normal(3.0, 5.0, (4, 50))
    gamma, beta = np.array([1.0, 2.0, 0.5, 1.0]), np.array([0.0, -1.0, 3.0, 0.0])
    buf = BatchNormBuffers(4, 50)
    zt = batchnorm.forward_train(z, gamma, beta, buf)
    zhat = (z - z.mean(axis=1, keepdims=True)) / np.sqrt(z.var(axis=1, keepdims=True) + EPS)
    np.testing.assert_allclose(buf.zhat, zhat, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(zt, gamma[:, None] * zhat + beta[:, None], rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(zt.mean(axis=1), beta, atol=1e-12)
    np.testing.assert_allclose(zt.std(axis=1), gamma, rtol=1e-5)  # eps shrinks the std by ~1e-7


def test_running_averages_are_exponentially_weighted():
    rng = np.random.default_rng(1)
    mean, var = np.zeros(2), np.ones(2)
    buf = BatchNormBuffers(2, 30)
    expected_mean, expected_var = np.zeros(2), np.ones(2)
    for _ in range(5):
        z = rng.normal(2.0, 3.0, (2, 30))
        batchnorm.forward_train(z, np.ones(2), np.zeros(2), buf, (mean, var))
        expected_mean = MOMENTUM * expected_mean + (1 - MOMENTUM) * z.mean(axis=1)
        expected_var = MOMENTUM * expected_var + (1 - MOMENTUM) * z.var(axis=1)
    np.testing.assert_allclose(mean, expected_mean, rtol=1e-12)
    np.testing.assert_allclose(var, expected_var, rtol=1e-12)


def test_evaluation_uses_the_running_statistics():
    z = np.array([[1.0, 3.0]])
    out = batchnorm.forward_eval(z, np.array([2.0]), np.array([1.0]), np.array([1.0]), np.array([4.0]))
    np.testing.assert_allclose(out, 2.0 * (z - 1.0) / np.sqrt(4.0 + EPS) + 1.0)


def test_backward_matches_finite_differences():
    rng = np.random.default_rng(2)
    z, gamma, beta = rng.standard_normal((3, 6)), rng.standard_normal(3), rng.standard_normal(3)
    w = rng.standard_normal((3, 6))  # J = sum(w * z~): dJ/dz~ = w
    buf = BatchNormBuffers(3, 6)

    def J(z_, g_, b_):
        return float((w * batchnorm.forward_train(z_, g_, b_, BatchNormBuffers(3, 6))).sum())

    batchnorm.forward_train(z, gamma, beta, buf)
    dz, dgamma, dbeta = np.empty((3, 6)), np.empty(3), np.empty(3)
    batchnorm.backward(w, gamma, buf, dgamma, dbeta, dz)
    h = 1e-6
    for arr, grad in ((z, dz), (gamma, dgamma), (beta, dbeta)):
        for idx in np.ndindex(*arr.shape):
            old = arr[idx]
            arr[idx] = old + h
            plus = J(z, gamma, beta)
            arr[idx] = old - h
            minus = J(z, gamma, beta)
            arr[idx] = old
            assert grad[idx] == pytest.approx((plus - minus) / (2 * h), rel=1e-6, abs=1e-8)
