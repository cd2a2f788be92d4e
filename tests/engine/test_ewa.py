"""Exponentially weighted averages: the recursion, bias correction, and the weights on past values."""

from __future__ import annotations

import numpy as np
import pytest

from playground.engine.ewa import ewa_series, ewa_update, past_weights


def test_update_in_place_follows_the_recursion():
    v = np.array([1.0, 2.0])
    ewa_update(v, np.array([3.0, -2.0]), 0.9)
    np.testing.assert_allclose(v, [0.9 * 1 + 0.1 * 3, 0.9 * 2 + 0.1 * -2])
    tmp = np.empty(2)
    ewa_update(v, np.array([0.0, 0.0]), np.array([0.5, 0.0]), tmp)  # per-entry betas
    np.testing.assert_allclose(v, [0.6, 0.0])


def test_series_matches_a_plain_loop_and_bias_correction():
    values = np.array([10.0, 12.0, 9.0, 11.0, 15.0])
    betas = np.array([0.5, 0.9])
    raw = ewa_series(values, betas, bias_correction=False)
    corrected = ewa_series(values, betas, bias_correction=True)
    for b, beta in enumerate(betas):
        v = 0.0
        for t, x in enumerate(values, start=1):
            v = beta * v + (1 - beta) * x
            assert raw[b, t - 1] == pytest.approx(v, rel=1e-14)
            assert corrected[b, t - 1] == pytest.approx(v / (1 - beta**t), rel=1e-14)


def test_bias_corrected_average_of_a_constant_is_the_constant():
    np.testing.assert_allclose(ewa_series(np.full(20, 7.0), np.array([0.98]))[0], 7.0)
    assert ewa_series(np.full(3, 7.0), np.array([0.98]), bias_correction=False)[0, 0] == pytest.approx(0.14)


def test_past_weights():
    w = past_weights(0.9, 10)
    np.testing.assert_allclose(w[:3], [0.1, 0.09, 0.081])
    # after 1 / (1 - beta) = 10 days the weight has fallen to about 1/e of the newest one
    assert past_weights(0.9, 11)[10] / w[0] == pytest.approx(0.9**10)
    assert 0.9**10 == pytest.approx(1 / np.e, abs=0.03)
    assert past_weights(0.9, 2000).sum() == pytest.approx(1.0)
