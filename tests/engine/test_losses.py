"""Output layers: costs against the textbook cross-entropy, dz against finite differences of the cost."""

from __future__ import annotations

import numpy as np
import pytest

from playground.engine.losses import BinaryOutput, SoftmaxOutput, make_output

rng = np.random.default_rng(3)


def test_binary_cost_is_the_cross_entropy():
    z = rng.standard_normal((1, 9))
    y = rng.integers(0, 2, 9)
    a = 1.0 / (1.0 + np.exp(-z[0]))
    expected = -np.mean(y * np.log(a) + (1 - y) * np.log(1 - a))
    assert BinaryOutput().cost(z, y) == pytest.approx(expected, rel=1e-12)


def test_softmax_cost_is_the_cross_entropy():
    z = rng.standard_normal((4, 9))
    y = rng.integers(0, 4, 9)
    a = np.exp(z) / np.exp(z).sum(axis=0)
    expected = -np.mean(np.log(a[y, np.arange(9)]))
    assert SoftmaxOutput(4).cost(z, y) == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize("out", [BinaryOutput(), SoftmaxOutput(3)], ids=["sigmoid", "softmax"])
def test_delta_is_the_gradient_of_the_cost(out):
    m = 7
    z = rng.standard_normal((out.units, m))
    y = rng.integers(0, max(out.units, 2), m)
    dz = np.empty_like(z)
    out.delta(z, out.targets(y), m, dz, np.empty_like(z))
    numeric = np.empty_like(z)
    h = 1e-6
    for idx in np.ndindex(*z.shape):
        zp, zm = z.copy(), z.copy()
        zp[idx] += h
        zm[idx] -= h
        numeric[idx] = (out.cost(zp, y) - out.cost(zm, y)) / (2 * h)
    np.testing.assert_allclose(dz, numeric, rtol=1e-6, atol=1e-10)


def test_cost_is_finite_for_saturated_logits():
    assert np.isfinite(BinaryOutput().cost(np.array([[800.0, -800.0]]), np.array([0, 1])))
    assert BinaryOutput().cost(np.array([[800.0]]), np.array([0])) == pytest.approx(800.0)


def test_predictions_and_probabilities():
    b = BinaryOutput()
    z = np.array([[-2.0, 0.0, 3.0]])
    np.testing.assert_array_equal(b.predict(z), [0, 1, 1])
    np.testing.assert_allclose(b.proba(z)[1], 1 / (1 + np.exp(-z[0])))
    s = SoftmaxOutput(3)
    np.testing.assert_array_equal(s.predict(np.array([[1.0, 0.0], [3.0, 0.0], [2.0, 5.0]])), [1, 2])
    assert isinstance(make_output(2), BinaryOutput) and make_output(5).units == 5
