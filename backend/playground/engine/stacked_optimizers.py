"""The update rules of optimizers.py for T trials at once: theta, grad (T, P), one row per trial.

Each trial keeps its own hyperparameters as (T, 1) columns (learning rate, beta, beta1, beta2, epsilon), and
the arithmetic is the single-trial code's, element for element, so row t equals what optimizers.py computes
for trial t alone, bit for bit. The bias-correction scalars 1 - beta^t come from Python's `**` as in
optimizers.py (NumPy's vectorized power may differ from libm's pow by an ulp).
"""

from __future__ import annotations

import numpy as np

from .ewa import ewa_update


def column(values) -> np.ndarray:
    """Per-trial scalars (T,) -> a (T, 1) float64 column that broadcasts over a trial's parameters."""
    return np.asarray(values, dtype=np.float64).reshape(-1, 1)


class StackedOptimizer:
    """One update rule for T trials: `step(theta, grad, lr)` with theta, grad (T, P) and lr (T, 1)."""

    def __init__(self, name: str, size: int, beta, beta1, beta2, epsilon, t0=None):
        """t0: per-trial steps taken before this stack (a live run joining a cohort); default 0 for all."""
        self.name = name
        self.t = 0  # steps taken by this stack; trial i is at step t0[i] + t
        self.beta, self.beta1, self.beta2, self.epsilon = (column(v) for v in (beta, beta1, beta2, epsilon))
        self._b1 = [float(b) for b in self.beta1[:, 0]]
        self._b2 = [float(b) for b in self.beta2[:, 0]]
        trials = self.beta.shape[0]
        self.t0 = [0] * trials if t0 is None else [int(t) for t in t0]
        self._tmp = np.empty((trials, size))
        self._sq = np.empty((trials, size))
        self.v = np.zeros((trials, size))  # momentum / Adam first moment
        self.s = np.zeros((trials, size))  # RMSprop / Adam second moment

    def keep(self, rows: np.ndarray) -> None:
        """Drop the trials not in `rows` (indices into the current stack)."""
        self.beta, self.beta1, self.beta2, self.epsilon = (
            a[rows] for a in (self.beta, self.beta1, self.beta2, self.epsilon)
        )
        self._b1 = [self._b1[i] for i in rows]
        self._b2 = [self._b2[i] for i in rows]
        self.t0 = [self.t0[i] for i in rows]
        self._tmp, self._sq, self.v, self.s = (a[rows] for a in (self._tmp, self._sq, self.v, self.s))

    def set_constants(self, row: int, beta: float, beta1: float, beta2: float, epsilon: float) -> None:
        """Trial `row` steps with these constants from its next step (a live run's change)."""
        self.beta[row, 0], self.beta1[row, 0], self.beta2[row, 0] = beta, beta1, beta2
        self.epsilon[row, 0] = epsilon
        self._b1[row], self._b2[row] = float(beta1), float(beta2)

    def step(self, theta: np.ndarray, grad: np.ndarray, lr: np.ndarray) -> None:
        self.t += 1
        tmp = self._tmp
        if self.name == "gd":
            np.multiply(grad, lr, out=tmp)
        elif self.name == "momentum":
            ewa_update(self.v, grad, self.beta, tmp)
            np.multiply(self.v, lr, out=tmp)
        elif self.name == "rmsprop":
            np.multiply(grad, grad, out=self._sq)
            ewa_update(self.s, self._sq, self.beta2, tmp)
            np.sqrt(self.s, out=tmp)
            tmp += self.epsilon
            np.divide(grad, tmp, out=tmp)
            tmp *= lr
        elif self.name == "adam":
            self._adam(grad, lr)
        else:
            raise ValueError(f"unknown optimizer {self.name!r}")
        theta -= tmp

    def _adam(self, grad: np.ndarray, lr: np.ndarray) -> None:
        tmp = self._tmp
        ewa_update(self.v, grad, self.beta1, tmp)
        np.multiply(grad, grad, out=self._sq)
        ewa_update(self.s, self._sq, self.beta2, tmp)
        t = self.t
        c1 = column([1.0 - b ** (t0 + t) for b, t0 in zip(self._b1, self.t0, strict=True)])
        c2 = column([1.0 - b ** (t0 + t) for b, t0 in zip(self._b2, self.t0, strict=True)])
        root_c2 = np.sqrt(c2)  # sqrt is correctly rounded: equal to math.sqrt
        np.sqrt(self.s, out=tmp)
        tmp += self.epsilon * root_c2
        np.divide(self.v, tmp, out=tmp)
        tmp *= lr * root_c2 / c1
