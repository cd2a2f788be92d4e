"""2D cost surfaces for the optimizer race: value and analytic gradient, vectorized over (x, y) arrays.

Each surface has a plot domain, its minima (marked on the contour; empty when the surface is unbounded
below), a default start, a default learning rate per racer that converges from that start, and whether
contour levels read better on a log scale. `dataset_logistic` is built from real data by `logistic_surface`.

    elongated_bowl    0.1 x^2 + 2 y^2                         (condition number 20: GD zig-zags in y)
    rosenbrock        (1 - x)^2 + 100 (y - x^2)^2
    beale             (1.5 - x + xy)^2 + (2.25 - x + xy^2)^2 + (2.625 - x + xy^3)^2
    saddle            x^2 - y^2                                (no minimum)
    monkey_saddle     x^3 - 3 x y^2                            (no minimum)
    himmelblau        (x^2 + y - 11)^2 + (x + y^2 - 7)^2       (four minima)
    plateau           1 - exp(-(x^2 + 2 y^2) / 2)              (gradients vanish away from the well)
    course_quadratic  (x^2 - 10x + 25) + (y^2 - 10y + 25)      (the course's J(w) = w^2 - 10w + 25, twice)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

Domain = tuple[float, float, float, float]  # (x_min, x_max, y_min, y_max)

# Fixed plot domains: the schema checks a start point against these before any data is built.
DOMAINS: dict[str, Domain] = {
    "elongated_bowl": (-10.0, 10.0, -4.0, 4.0),
    "rosenbrock": (-2.0, 2.0, -1.0, 3.0),
    "beale": (-4.5, 4.5, -4.5, 4.5),
    "saddle": (-2.0, 2.0, -2.0, 2.0),
    "monkey_saddle": (-2.0, 2.0, -2.0, 2.0),
    "himmelblau": (-5.0, 5.0, -5.0, 5.0),
    "plateau": (-5.0, 5.0, -4.0, 4.0),
    "course_quadratic": (-2.0, 12.0, -2.0, 12.0),
    "dataset_logistic": (-8.0, 8.0, -8.0, 8.0),
}
SURFACE_NAMES = tuple(DOMAINS)
RACERS = ("gd", "momentum", "rmsprop", "adam")


@dataclass(frozen=True)
class Surface:
    """A cost J(x, y) with its gradient. `fn(x, y)` and `grad(x, y) -> (gx, gy)` broadcast over arrays."""

    name: str
    formula: str
    fn: Callable
    grad: Callable
    domain: Domain
    start: tuple[float, float]
    minima: tuple[tuple[float, float], ...]
    log_levels: bool
    learning_rates: dict[str, float] = field(default_factory=dict)  # default alpha per racer
    steps: int = 200  # default race length: long enough for the default racers to settle
    saddles: tuple[tuple[float, float], ...] = ()

    @property
    def min_value(self) -> float | None:
        """The lowest cost over the minima (None when the surface has none)."""
        return min(float(self.fn(*m)) for m in self.minima) if self.minima else None

    def value(self, p: np.ndarray) -> float:
        """J at one point p: (2,)."""
        return float(self.fn(p[0], p[1]))

    def gradient(self, p: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
        """dJ/dp at one point p: (2,) -> (2,)."""
        gx, gy = self.grad(p[0], p[1])
        out = np.empty(2) if out is None else out
        out[0], out[1] = gx, gy
        return out

    def in_domain(self, x: float, y: float) -> bool:
        x0, x1, y0, y1 = self.domain
        return x0 <= x <= x1 and y0 <= y <= y1

    def grid(self, resolution: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """xs (r,), ys (r,) spanning the domain, z (r, r) with z[i, j] = J(xs[j], ys[i]) (plotly's layout)."""
        x0, x1, y0, y1 = self.domain
        xs = np.linspace(x0, x1, resolution)
        ys = np.linspace(y0, y1, resolution)
        return xs, ys, self.fn(xs[None, :], ys[:, None])

    def nearest_minimum_distance(self, p: np.ndarray) -> float | None:
        """Euclidean distance from p (2,) to the closest minimum (None when there is none)."""
        if not self.minima:
            return None
        return float(min(np.hypot(p[0] - mx, p[1] - my) for mx, my in self.minima))


# --------------------------------------------------------------------------- the analytic surfaces


def _bowl(x, y):
    return 0.1 * x**2 + 2.0 * y**2


def _bowl_grad(x, y):
    return 0.2 * x, 4.0 * y


def _rosenbrock(x, y):
    return (1.0 - x) ** 2 + 100.0 * (y - x**2) ** 2


def _rosenbrock_grad(x, y):
    return -2.0 * (1.0 - x) - 400.0 * x * (y - x**2), 200.0 * (y - x**2)


def _beale_terms(x, y):
    return 1.5 - x + x * y, 2.25 - x + x * y**2, 2.625 - x + x * y**3


def _beale(x, y):
    t1, t2, t3 = _beale_terms(x, y)
    return t1**2 + t2**2 + t3**2


def _beale_grad(x, y):
    t1, t2, t3 = _beale_terms(x, y)
    gx = 2.0 * (t1 * (y - 1.0) + t2 * (y**2 - 1.0) + t3 * (y**3 - 1.0))
    gy = 2.0 * x * (t1 + 2.0 * t2 * y + 3.0 * t3 * y**2)
    return gx, gy


def _saddle(x, y):
    return x**2 - y**2


def _saddle_grad(x, y):
    return 2.0 * x, -2.0 * y


def _monkey(x, y):
    return x**3 - 3.0 * x * y**2


def _monkey_grad(x, y):
    return 3.0 * x**2 - 3.0 * y**2, -6.0 * x * y


def _himmelblau(x, y):
    return (x**2 + y - 11.0) ** 2 + (x + y**2 - 7.0) ** 2


def _himmelblau_grad(x, y):
    a, b = x**2 + y - 11.0, x + y**2 - 7.0
    return 4.0 * x * a + 2.0 * b, 2.0 * a + 4.0 * y * b


def _plateau(x, y):
    return 1.0 - np.exp(-0.5 * (x**2 + 2.0 * y**2))


def _plateau_grad(x, y):
    e = np.exp(-0.5 * (x**2 + 2.0 * y**2))
    return e * x, 2.0 * e * y


def _course(x, y):
    return (x**2 - 10.0 * x + 25.0) + (y**2 - 10.0 * y + 25.0)


def _course_grad(x, y):
    return 2.0 * x - 10.0, 2.0 * y - 10.0


# Himmelblau's four minima (all J = 0), to 6 decimals; `_polish` refines them with Newton's method.
_HIMMELBLAU_MINIMA = ((3.0, 2.0), (-2.805118, 3.131312), (-3.779310, -3.283186), (3.584428, -1.848126))


def _polish(grad: Callable, p: tuple[float, float], h: float = 1e-6) -> tuple[float, float]:
    """A few Newton steps on grad = 0 (Hessian by central differences of the analytic gradient)."""
    x = np.array(p, dtype=float)
    for _ in range(5):
        g = np.array(grad(x[0], x[1]))
        H = np.empty((2, 2))
        for j in range(2):
            e = np.zeros(2)
            e[j] = h
            H[:, j] = (np.array(grad(*(x + e))) - np.array(grad(*(x - e)))) / (2 * h)
        x = x - np.linalg.solve(H, g)
    return float(x[0]), float(x[1])


def _make(name, formula, fn, grad, start, minima, log_levels, rates, steps=200, saddles=()) -> Surface:
    return Surface(name, formula, fn, grad, DOMAINS[name], start, minima, log_levels, rates, steps, saddles)


def _analytic() -> dict[str, Surface]:
    himmelblau_minima = tuple(_polish(_himmelblau_grad, m) for m in _HIMMELBLAU_MINIMA)
    surfaces = (
        _make("elongated_bowl", "0.1 x² + 2 y²", _bowl, _bowl_grad, (-8.0, 2.0), ((0.0, 0.0),), True,
              {"gd": 0.45, "momentum": 0.45, "rmsprop": 0.05, "adam": 0.3}),
        _make("rosenbrock", "(1 − x)² + 100 (y − x²)²", _rosenbrock, _rosenbrock_grad, (-1.5, 2.0),
              ((1.0, 1.0),), True, {"gd": 0.002, "momentum": 0.01, "rmsprop": 0.005, "adam": 0.1}, 1500),
        _make("beale", "(1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)²", _beale, _beale_grad,
              (1.0, 1.5), ((3.0, 0.5),), True, {"gd": 0.01, "momentum": 0.05, "rmsprop": 0.01, "adam": 0.05},
              800),
        _make("saddle", "x² − y²", _saddle, _saddle_grad, (-1.8, 0.01), (), False,
              {"gd": 0.05, "momentum": 0.05, "rmsprop": 0.01, "adam": 0.02}, 100, ((0.0, 0.0),)),
        _make("monkey_saddle", "x³ − 3 x y²", _monkey, _monkey_grad, (1.5, 0.1), (), False,
              {"gd": 0.02, "momentum": 0.05, "rmsprop": 0.01, "adam": 0.02}, 100, ((0.0, 0.0),)),
        _make("himmelblau", "(x² + y − 11)² + (x + y² − 7)²", _himmelblau, _himmelblau_grad, (0.0, 0.0),
              himmelblau_minima, True, {"gd": 0.01, "momentum": 0.02, "rmsprop": 0.02, "adam": 0.1}),
        _make("plateau", "1 − exp(−(x² + 2 y²) / 2)", _plateau, _plateau_grad, (-3.0, 1.5), ((0.0, 0.0),),
              False, {"gd": 0.9, "momentum": 0.9, "rmsprop": 0.05, "adam": 0.2}, 300),
        _make("course_quadratic", "(x² − 10x + 25) + (y² − 10y + 25)", _course, _course_grad, (0.0, 0.0),
              ((5.0, 5.0),), True, {"gd": 0.1, "momentum": 0.1, "rmsprop": 0.05, "adam": 0.2}),
    )  # fmt: skip
    return {s.name: s for s in surfaces}


SURFACES: dict[str, Surface] = _analytic()


def get_surface(name: str) -> Surface:
    """One of the analytic surfaces by name (`dataset_logistic` needs data: see `logistic_surface`)."""
    try:
        return SURFACES[name]
    except KeyError:
        allowed = ", ".join(SURFACE_NAMES)
        raise ValueError(f"unknown surface {name!r}; allowed: {allowed}") from None


# --------------------------------------------------------------------------- the real cost of a dataset

_LOGISTIC_RATES = {"gd": 1.0, "momentum": 1.0, "rmsprop": 0.05, "adam": 0.2}
_CHUNK = 2048  # weight pairs per block when evaluating a grid, so (block, m) stays small


def logistic_surface(X: np.ndarray, y: np.ndarray, l2: float = 0.0) -> Surface:
    """Cross-entropy cost of logistic regression p = sigmoid(w1 x1' + w2 x2') as a function of (w1, w2).

    X: (m, 2) raw training coordinates, standardized here with their own mean and std (std 0 -> 1), so
    there is no bias and the two weights are on the same scale. y: (m,) labels; class 1 is the positive
    class, every other class negative (multi-class data: class 1 against the rest). l2: the course's
    lambda, cost += lambda / (2m) * (w1^2 + w2^2). The minimum is found with Newton's method (the cost is
    convex); it is left out when the data is separable without L2 (the infimum then lies at infinity).
    """
    X = np.asarray(X, dtype=np.float64)
    if X.ndim != 2 or X.shape[1] != 2 or X.shape[0] == 0:
        raise ValueError("dataset_logistic needs at least one training point with two coordinates")
    std = X.std(axis=0)
    Xn = (X - X.mean(axis=0)) / np.where(std > 0, std, 1.0)  # (m, 2)
    t = (np.asarray(y) == 1).astype(np.float64)  # (m,)
    m = X.shape[0]

    def blocks(w1, w2, per_block):
        w1, w2 = np.broadcast_arrays(np.asarray(w1, dtype=np.float64), np.asarray(w2, dtype=np.float64))
        W = np.stack((w1.ravel(), w2.ravel()), axis=1)  # (n, 2)
        parts = [per_block(W[i : i + _CHUNK], W[i : i + _CHUNK] @ Xn.T) for i in range(0, len(W), _CHUNK)]
        return w1.shape, W, parts

    x1, x2 = Xn[:, 0].copy(), Xn[:, 1].copy()  # contiguous columns for the one-point fast path

    def fn(w1, w2):
        if np.ndim(w1) == 0 and np.ndim(w2) == 0:  # one point (a race step): skip the blocking machinery
            z = x1 * w1 + x2 * w2
            return float(np.mean(np.logaddexp(0.0, z) - t * z) + l2 / (2 * m) * (w1 * w1 + w2 * w2))

        def cost(Wb, Z):  # Z: (b, m); log(1 + e^z) - t z is the cross-entropy, computed without overflow
            return (np.logaddexp(0.0, Z) - t * Z).mean(axis=1) + l2 / (2 * m) * (Wb**2).sum(axis=1)

        shape, _, parts = blocks(w1, w2, cost)
        out = np.concatenate(parts).reshape(shape)
        return out if shape else float(out)

    def grad(w1, w2):
        if np.ndim(w1) == 0 and np.ndim(w2) == 0:
            r = 0.5 * (1.0 + np.tanh(0.5 * (x1 * w1 + x2 * w2))) - t  # sigmoid(z) - y, (m,)
            return float(r @ x1 / m + (l2 / m) * w1), float(r @ x2 / m + (l2 / m) * w2)

        def g(Wb, Z):  # (sigmoid(Z) - t) @ Xn / m, sigmoid written as 0.5 (1 + tanh(z / 2)) for stability
            return (0.5 * (1.0 + np.tanh(0.5 * Z)) - t) @ Xn / m + (l2 / m) * Wb

        shape, _, parts = blocks(w1, w2, g)
        G = np.concatenate(parts)
        gx, gy = G[:, 0].reshape(shape), G[:, 1].reshape(shape)
        return (gx, gy) if shape else (float(gx), float(gy))

    w_star = _logistic_minimum(Xn, t, l2)
    minima = () if w_star is None else ((float(w_star[0]), float(w_star[1])),)
    formula = "cross-entropy of sigmoid(w1 x1 + w2 x2) on the training set"
    return _make("dataset_logistic", formula, fn, grad, (-6.0, 6.0), minima, False, dict(_LOGISTIC_RATES))


def _logistic_minimum(Xn: np.ndarray, t: np.ndarray, l2: float) -> np.ndarray | None:
    """argmin_w of the (convex) logistic cost by damped Newton; None when there is no finite minimum.

    Separable data without L2 sends w off to infinity while the curvature vanishes: either sign stops it.
    """
    m = Xn.shape[0]
    w = np.zeros(2)
    for _ in range(100):
        p = 0.5 * (1.0 + np.tanh(0.5 * (Xn @ w)))
        g = Xn.T @ (p - t) / m + (l2 / m) * w
        H = (Xn.T * (p * (1.0 - p))) @ Xn / m + (l2 / m) * np.eye(2)
        if np.linalg.eigvalsh(H)[0] < 1e-9 or np.linalg.norm(w) > 1e3:
            return None
        step = np.linalg.solve(H, g)
        size = np.linalg.norm(step)
        w -= step if size <= 5.0 else step * (5.0 / size)  # damped: at most 5 per step
        if size < 1e-12:
            break
    return w
