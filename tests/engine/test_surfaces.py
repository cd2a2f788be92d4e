"""Surfaces: analytic gradients against two-sided differences, minima where the gradient vanishes."""

from __future__ import annotations

import numpy as np
import pytest

from playground.engine.surfaces import DOMAINS, SURFACE_NAMES, SURFACES, get_surface, logistic_surface


def numeric_gradient(fn, x: float, y: float, h: float = 1e-6) -> np.ndarray:
    return np.array([(fn(x + h, y) - fn(x - h, y)) / (2 * h), (fn(x, y + h) - fn(x, y - h)) / (2 * h)])


def sample_points(surface, n: int = 25, seed: int = 1) -> np.ndarray:
    x0, x1, y0, y1 = surface.domain
    rng = np.random.default_rng(seed)
    return np.column_stack((rng.uniform(x0, x1, n), rng.uniform(y0, y1, n)))


def toy_data(seed: int = 0, m: int = 120) -> tuple[np.ndarray, np.ndarray]:
    """Two overlapping Gaussian clouds (not separable, so the logistic cost has a finite minimum)."""
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 2, m)
    X = rng.normal(0.0, 1.5, (m, 2)) + np.where(y[:, None] == 1, [1.0, -0.5], [-1.0, 0.5])
    return X, y


def every_surface():
    X, y = toy_data()
    return [*SURFACES.values(), logistic_surface(X, y, l2=0.5)]


def test_every_schema_surface_exists():
    assert set(SURFACES) | {"dataset_logistic"} == set(SURFACE_NAMES) == set(DOMAINS)


@pytest.mark.parametrize("surface", every_surface(), ids=lambda s: s.name)
def test_gradient_matches_finite_differences(surface):
    for x, y in sample_points(surface):
        num = numeric_gradient(surface.fn, x, y)
        ana = surface.gradient(np.array([x, y]))
        # relative 1e-6, with a floor for the differences' own round-off (~1e-16 * |J| / h)
        tolerance = 1e-6 * (np.linalg.norm(ana) + np.linalg.norm(num)) + 1e-9 * max(
            1.0, abs(surface.fn(x, y))
        )
        assert np.linalg.norm(ana - num) < tolerance, (surface.name, x, y, ana, num)


@pytest.mark.parametrize("surface", every_surface(), ids=lambda s: s.name)
def test_minima_are_stationary_and_lowest_nearby(surface):
    rng = np.random.default_rng(2)
    for mx, my in surface.minima:
        assert np.linalg.norm(surface.grad(mx, my)) < 1e-6
        around = np.array([mx, my]) + rng.normal(0.0, 1e-2, (50, 2))
        assert (surface.fn(around[:, 0], around[:, 1]) >= surface.fn(mx, my)).all()


@pytest.mark.parametrize("surface", every_surface(), ids=lambda s: s.name)
def test_start_lies_in_domain_and_grid_is_finite(surface):
    assert surface.in_domain(*surface.start)
    xs, ys, z = surface.grid(31)
    assert z.shape == (31, 31) and np.isfinite(z).all()
    assert z[4, 7] == pytest.approx(surface.fn(xs[7], ys[4]))  # plotly's layout: z[row=y, col=x]
    assert set(surface.learning_rates) == {"gd", "momentum", "rmsprop", "adam"}


def test_known_minima_values():
    assert get_surface("rosenbrock").fn(1.0, 1.0) == 0.0
    assert get_surface("beale").fn(3.0, 0.5) == 0.0
    assert get_surface("course_quadratic").fn(5.0, 5.0) == 0.0  # J(w) = w^2 - 10w + 25 = (w - 5)^2
    himmelblau = get_surface("himmelblau")
    assert len(himmelblau.minima) == 4
    for m in himmelblau.minima:
        assert himmelblau.fn(*m) < 1e-20
    assert get_surface("saddle").minima == () and get_surface("saddle").min_value is None


def test_logistic_cost_is_the_cross_entropy_written_out():
    X, y = toy_data()
    s = logistic_surface(X, y, l2=0.0)
    Xn = (X - X.mean(0)) / X.std(0)
    w = np.array([0.7, -1.3])
    p = 1.0 / (1.0 + np.exp(-(Xn @ w)))
    expected = -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))
    assert s.fn(*w) == pytest.approx(expected, rel=1e-12)
    assert s.fn(0.0, 0.0) == pytest.approx(np.log(2.0))  # sigmoid(0) = 1/2 for every point


def test_logistic_minimum_found_and_l2_pulls_it_in():
    X, y = toy_data()
    free = logistic_surface(X, y, l2=0.0)
    shrunk = logistic_surface(X, y, l2=50.0)
    (w_free,) = free.minima
    (w_l2,) = shrunk.minima
    assert np.linalg.norm(free.grad(*w_free)) < 1e-8
    assert np.linalg.norm(w_l2) < np.linalg.norm(w_free)


def test_logistic_separable_data_has_no_finite_minimum():
    X = np.array([[-2.0, 0.0], [-1.0, 0.3], [1.0, -0.2], [2.0, 0.1]])
    y = np.array([0, 0, 1, 1])
    assert logistic_surface(X, y).minima == ()
    assert logistic_surface(X, y, l2=1.0).minima != ()


def test_logistic_needs_points():
    with pytest.raises(ValueError, match="training point"):
        logistic_surface(np.zeros((0, 2)), np.zeros(0))
