"""Activations and the softmax: values from their formulas, derivatives from finite differences."""

from __future__ import annotations

import numpy as np
import pytest

from playground.engine.activations import ACTIVATIONS, get_activation, sigmoid, softmax

Z = np.array([[-3.0, -0.5, 0.2, 2.5], [1.5, -1.2, 0.7, -2.2]])

FORMULAS = {
    "relu": lambda z: np.maximum(0.0, z),
    "leaky_relu": lambda z: np.where(z > 0, z, 0.01 * z),
    "tanh": np.tanh,
    "sigmoid": lambda z: 1.0 / (1.0 + np.exp(-z)),
    "linear": lambda z: z,
}


@pytest.mark.parametrize("name", list(ACTIVATIONS))
def test_forward_matches_the_formula(name):
    np.testing.assert_allclose(get_activation(name)(Z), FORMULAS[name](Z), rtol=1e-14, atol=1e-15)


@pytest.mark.parametrize("name", list(ACTIVATIONS))
def test_backward_is_da_times_the_derivative(name):
    act = get_activation(name)
    A = act(Z)
    dA = np.array([[0.3, -1.0, 2.0, 0.5], [1.0, 0.25, -0.7, 1.5]])
    dZ = np.empty_like(Z)
    act.backward(dA, Z, A, dZ, np.empty_like(Z))
    h = 1e-6  # no entry of Z sits within h of relu's kink
    numeric = (FORMULAS[name](Z + h) - FORMULAS[name](Z - h)) / (2 * h)
    np.testing.assert_allclose(dZ, dA * numeric, rtol=1e-7, atol=1e-9)


def test_unknown_activation_names_the_allowed_ones():
    with pytest.raises(ValueError, match="relu, leaky_relu, tanh, sigmoid, linear"):
        get_activation("swish")


def test_softmax_of_the_course_example():
    # the course: softmax([5, 2, -1, 3]) = [0.842, 0.042, 0.002, 0.114]
    p = softmax(np.array([[5.0], [2.0], [-1.0], [3.0]]))[:, 0]
    np.testing.assert_allclose(p, [0.842, 0.042, 0.002, 0.114], atol=5e-4)
    assert p.sum() == pytest.approx(1.0)


def test_softmax_and_sigmoid_do_not_overflow():
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        p = softmax(np.array([[1000.0, -1000.0], [0.0, 0.0]]))
        s = sigmoid(np.array([-1000.0, 1000.0]))
    np.testing.assert_allclose(p, [[1.0, 0.0], [0.0, 1.0]])
    np.testing.assert_allclose(s, [0.0, 1.0])
