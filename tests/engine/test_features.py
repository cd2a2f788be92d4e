"""Feature expansion and input normalization with training statistics."""

from __future__ import annotations

import numpy as np
import pytest

from playground.engine.features import FEATURES, Standardizer, expand_features

X = np.array([[1.0, 2.0], [-3.0, 0.5], [0.0, -np.pi / 2]])


def test_each_feature_is_its_formula():
    F = expand_features(X, list(FEATURES))
    x1, x2 = X[:, 0], X[:, 1]
    expected = np.column_stack([x1, x2, x1**2, x2**2, x1 * x2, np.sin(x1), np.sin(x2)])
    assert F.shape == (3, 7)
    assert np.array_equal(F, expected)
    assert F[2, 6] == -1.0 and F[1, 2] == 9.0 and F[0, 4] == 2.0


def test_order_follows_the_request_and_input_is_untouched():
    before = X.copy()
    F = expand_features(X, ["x1x2", "x1"])
    assert np.array_equal(F, np.column_stack([X[:, 0] * X[:, 1], X[:, 0]]))
    assert np.array_equal(X, before)


def test_empty_and_bad_inputs():
    assert expand_features(np.zeros((0, 2)), ["x1", "sin_x2"]).shape == (0, 2)
    with pytest.raises(ValueError, match="features: unknown feature 'x3'"):
        expand_features(X, ["x3"])
    with pytest.raises(ValueError, match="shape"):
        expand_features(np.zeros((3, 3)), ["x1"])


def test_standardizer_on_train_gives_mean_0_std_1():
    rng = np.random.default_rng(0)
    F_train = rng.normal((5.0, -2.0, 100.0), (3.0, 0.1, 20.0), (200, 3))
    s = Standardizer().fit(F_train)
    Z = s.transform(F_train)
    assert np.allclose(Z.mean(axis=0), 0.0, atol=1e-12)
    assert np.allclose(Z.std(axis=0), 1.0, atol=1e-12)


def test_dev_uses_the_training_statistics():
    F_train = np.array([[0.0, 10.0], [2.0, 10.0], [4.0, 10.0]])  # mean (2, 10), std (sqrt(8/3), 0 -> 1)
    s = Standardizer().fit(F_train)
    assert np.array_equal(s.std, [np.sqrt(8 / 3), 1.0])
    F_dev = np.array([[2.0, 13.0], [2.0 + np.sqrt(8 / 3), 10.0]])
    assert np.allclose(s.transform(F_dev), [[0.0, 3.0], [1.0, 0.0]])  # not dev's own mean/std


def test_identity_and_empty_fit():
    F = np.array([[1.5, -2.0]])
    assert np.array_equal(Standardizer.identity().transform(F), F)
    s = Standardizer().fit(np.zeros((0, 2)))
    assert np.array_equal(s.transform(F), F)
