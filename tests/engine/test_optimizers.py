"""Update rules: the first steps on a quadratic in closed form, Adam's first step = -alpha * sign(g)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from playground.engine.optimizers import OPTIMIZERS, make_optimizer

# J(theta) = 1/2 sum a_i theta_i^2  ->  g = a * theta
A = np.array([1.0, 10.0, -0.5])
THETA0 = np.array([2.0, -1.0, 4.0])
LR = 0.1


def first_step(name, **hp):
    opt = make_optimizer(name, 3, **hp)
    theta = THETA0.copy()
    opt.step(theta, A * theta, LR)
    return opt, theta


def test_gradient_descent():
    _, theta = first_step("gd")
    np.testing.assert_allclose(theta, THETA0 - LR * A * THETA0, rtol=1e-15)


def test_momentum_first_and_second_step():
    beta = 0.9
    opt, theta = first_step("momentum", beta=beta)
    g0 = A * THETA0
    v1 = (1 - beta) * g0
    np.testing.assert_allclose(theta, THETA0 - LR * v1, rtol=1e-15)
    theta1 = theta.copy()
    opt.step(theta, A * theta1, LR)
    v2 = beta * v1 + (1 - beta) * A * theta1
    np.testing.assert_allclose(theta, theta1 - LR * v2, rtol=1e-14)


def test_rmsprop():
    beta2, eps = 0.999, 1e-8
    _, theta = first_step("rmsprop", beta2=beta2, epsilon=eps)
    g = A * THETA0
    s = (1 - beta2) * g**2
    np.testing.assert_allclose(theta, THETA0 - LR * g / (np.sqrt(s) + eps), rtol=1e-13)


def test_adam_first_step_is_minus_alpha_sign_g():
    opt, theta = first_step("adam", beta1=0.9, beta2=0.999, epsilon=1e-8)
    g = A * THETA0
    # bias correction makes v_hat = g and S_hat = g^2 at t = 1: the step is alpha * g / (|g| + eps)
    np.testing.assert_allclose(theta, THETA0 - LR * g / (np.abs(g) + 1e-8), rtol=1e-13)
    np.testing.assert_allclose(theta, THETA0 - LR * np.sign(g), atol=1e-8)
    assert opt.t == 1


def test_adam_second_step_bias_correction():
    b1, b2, eps = 0.9, 0.999, 1e-8
    opt, theta = first_step("adam", beta1=b1, beta2=b2, epsilon=eps)
    g1, theta1 = A * THETA0, theta.copy()
    g2 = A * theta1
    opt.step(theta, g2, LR)
    v = b1 * (1 - b1) * g1 + (1 - b1) * g2
    s = b2 * (1 - b2) * g1**2 + (1 - b2) * g2**2
    v_hat, s_hat = v / (1 - b1**2), s / (1 - b2**2)
    np.testing.assert_allclose(theta, theta1 - LR * v_hat / (np.sqrt(s_hat) + eps), rtol=1e-12)


@pytest.mark.parametrize("name", list(OPTIMIZERS))
def test_reset_forgets_the_state(name):
    opt, _ = first_step(name)
    opt.reset()
    theta = THETA0.copy()
    opt.step(theta, A * theta, LR)
    _, fresh = first_step(name)
    np.testing.assert_array_equal(theta, fresh)
    assert opt.t == 1


@pytest.mark.parametrize("name", list(OPTIMIZERS))
def test_every_optimizer_descends_the_quadratic(name):
    opt = make_optimizer(name, 3)
    theta = THETA0.copy()
    a = np.abs(A)
    for _ in range(500):
        opt.step(theta, a * theta, 0.01)
    assert 0.5 * float(a @ theta**2) < 0.5 * float(a @ THETA0**2) / 10


def test_unknown_optimizer():
    with pytest.raises(ValueError, match="gd, momentum, rmsprop, adam"):
        make_optimizer("adagrad", 3)
    assert math.isfinite(len(repr(make_optimizer("adam", 2))))
