"""Gradient checking: compare backprop with two-sided differences, as the course does.

    dtheta_approx[i] = (J(theta + eps e_i) - J(theta - eps e_i)) / (2 eps)
    difference = ||dtheta - dtheta_approx||_2 / (||dtheta||_2 + ||dtheta_approx||_2)

The course's reading of the difference: about 1e-7 is fine, about 1e-5 look again, about 1e-3 probably a bug.
We split at the geometric midpoints (1e-6 and 1e-4). Dropout is off for the check (J must be deterministic).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

FINE = 1e-6
LOOK_AGAIN = 1e-4


def two_sided_difference(f: Callable[[float], float], x: float, eps: float) -> float:
    """(f(x + eps) - f(x - eps)) / (2 eps): error O(eps^2)."""
    return (f(x + eps) - f(x - eps)) / (2.0 * eps)


def one_sided_difference(f: Callable[[float], float], x: float, eps: float) -> float:
    """(f(x + eps) - f(x)) / eps: error O(eps)."""
    return (f(x + eps) - f(x)) / eps


def numerical_gradient(cost: Callable[[], float], theta: np.ndarray, eps: float = 1e-7) -> np.ndarray:
    """Two-sided differences of cost() over every entry of theta (P,), perturbed in place and restored."""
    approx = np.empty(theta.size)
    for i in range(theta.size):
        old = theta[i]
        theta[i] = old + eps
        plus = cost()
        theta[i] = old - eps
        minus = cost()
        theta[i] = old
        approx[i] = (plus - minus) / (2.0 * eps)
    return approx


def relative_difference(grad: np.ndarray, approx: np.ndarray) -> float:
    """||grad - approx|| / (||grad|| + ||approx||); 0 when both are exactly zero."""
    denom = np.linalg.norm(grad) + np.linalg.norm(approx)
    return float(np.linalg.norm(grad - approx) / denom) if denom > 0.0 else 0.0


def verdict(difference: float) -> str:
    """'fine' (about 1e-7), 'look again' (about 1e-5) or 'probably a bug' (about 1e-3 or more)."""
    if not np.isfinite(difference):
        return "probably a bug"
    if difference < FINE:
        return "fine"
    if difference < LOOK_AGAIN:
        return "look again"
    return "probably a bug"


def check_network(network, X: np.ndarray, T: np.ndarray, y: np.ndarray, l2: float, eps: float = 1e-7) -> dict:
    """Backprop vs two-sided differences of the training-mode cost on (X, y), dropout off.

    X: (n_x + 1, m) inputs with the ones row; T: the output's training targets; y: (m,) labels.
    Returns {"difference": float, "verdict": str}. Leaves theta and the batch norm running averages unchanged.
    """
    network.gradient(X, T, l2=l2, keep_prob=1.0, update_running=False)
    grad = network.grad.copy()
    approx = numerical_gradient(lambda: network.train_cost(X, y, l2), network.theta, eps)
    difference = relative_difference(grad, approx)
    return {"difference": difference, "verdict": verdict(difference)}
