"""Update rules of the course, one small class each, with explicit state and step counter t.

Each optimizer updates one flat parameter vector in place (the network keeps all its weights in one vector
with views per layer, so one optimizer call updates every parameter: a few NumPy calls per step, whatever the
depth). The optimizer race uses the same classes on a 2-vector.

    gd        W -= alpha * dW
    momentum  v = beta * v + (1 - beta) * dW;             W -= alpha * v
    rmsprop   S = beta2 * S + (1 - beta2) * dW^2;         W -= alpha * dW / (sqrt(S) + eps)
    adam      v = beta1 * v + (1 - beta1) * dW;           S = beta2 * S + (1 - beta2) * dW^2
              v_hat = v / (1 - beta1^t);  S_hat = S / (1 - beta2^t);  W -= alpha * v_hat / (sqrt(S_hat) + eps)
"""

from __future__ import annotations

import math

import numpy as np

from .ewa import ewa_update


class Optimizer:
    """Base: `step(theta, grad, lr)` updates theta in place. theta, grad: (P,) float64."""

    name = "base"

    def __init__(self, size: int):
        self.size = size
        self.t = 0  # steps taken so far
        self._tmp = np.empty(size)

    def reset(self) -> None:
        """Forget all state (used when the model is rebuilt)."""
        self.t = 0

    def step(self, theta: np.ndarray, grad: np.ndarray, lr: float) -> None:
        raise NotImplementedError

    def hyperparameters(self) -> dict[str, float]:
        return {}

    def __repr__(self) -> str:
        hp = ", ".join(f"{k}={v}" for k, v in self.hyperparameters().items())
        return f"{type(self).__name__}({hp}{', ' if hp else ''}t={self.t})"


class GradientDescent(Optimizer):
    """W -= alpha * dW."""

    name = "gd"

    def step(self, theta: np.ndarray, grad: np.ndarray, lr: float) -> None:
        self.t += 1
        np.multiply(grad, lr, out=self._tmp)
        theta -= self._tmp


class Momentum(Optimizer):
    """v = beta * v + (1 - beta) * dW;  W -= alpha * v."""

    name = "momentum"

    def __init__(self, size: int, beta: float = 0.9):
        super().__init__(size)
        self.beta = beta
        self.v = np.zeros(size)

    def reset(self) -> None:
        super().reset()
        self.v.fill(0.0)

    def step(self, theta: np.ndarray, grad: np.ndarray, lr: float) -> None:
        self.t += 1
        ewa_update(self.v, grad, self.beta, self._tmp)
        np.multiply(self.v, lr, out=self._tmp)
        theta -= self._tmp

    def hyperparameters(self) -> dict[str, float]:
        return {"beta": self.beta}


class RMSprop(Optimizer):
    """S = beta2 * S + (1 - beta2) * dW^2;  W -= alpha * dW / (sqrt(S) + eps)."""

    name = "rmsprop"

    def __init__(self, size: int, beta2: float = 0.999, epsilon: float = 1e-8):
        super().__init__(size)
        self.beta2 = beta2
        self.epsilon = epsilon
        self.s = np.zeros(size)
        self._sq = np.empty(size)

    def reset(self) -> None:
        super().reset()
        self.s.fill(0.0)

    def step(self, theta: np.ndarray, grad: np.ndarray, lr: float) -> None:
        self.t += 1
        np.multiply(grad, grad, out=self._sq)  # dW^2
        ewa_update(self.s, self._sq, self.beta2, self._tmp)  # S
        np.sqrt(self.s, out=self._tmp)
        self._tmp += self.epsilon  # sqrt(S) + eps
        np.divide(grad, self._tmp, out=self._tmp)
        self._tmp *= lr
        theta -= self._tmp

    def hyperparameters(self) -> dict[str, float]:
        return {"beta2": self.beta2, "epsilon": self.epsilon}


class Adam(Optimizer):
    """Momentum and RMSprop together, both moments bias-corrected by (1 - beta^t)."""

    name = "adam"

    def __init__(self, size: int, beta1: float = 0.9, beta2: float = 0.999, epsilon: float = 1e-8):
        super().__init__(size)
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.v = np.zeros(size)
        self.s = np.zeros(size)
        self._sq = np.empty(size)

    def reset(self) -> None:
        super().reset()
        self.v.fill(0.0)
        self.s.fill(0.0)

    def step(self, theta: np.ndarray, grad: np.ndarray, lr: float) -> None:
        self.t += 1
        ewa_update(self.v, grad, self.beta1, self._tmp)  # v: first moment
        np.multiply(grad, grad, out=self._sq)
        ewa_update(self.s, self._sq, self.beta2, self._tmp)  # S: second moment
        c1 = 1.0 - self.beta1**self.t  # v_hat = v / c1
        c2 = 1.0 - self.beta2**self.t  # S_hat = S / c2
        # alpha * v_hat / (sqrt(S_hat) + eps)  ==  (alpha * sqrt(c2) / c1) * v / (sqrt(S) + eps * sqrt(c2)):
        # the same formula with the scalars folded together, so the vector work is 5 NumPy calls.
        root_c2 = math.sqrt(c2)
        np.sqrt(self.s, out=self._tmp)
        self._tmp += self.epsilon * root_c2
        np.divide(self.v, self._tmp, out=self._tmp)
        self._tmp *= lr * root_c2 / c1
        theta -= self._tmp

    def hyperparameters(self) -> dict[str, float]:
        return {"beta1": self.beta1, "beta2": self.beta2, "epsilon": self.epsilon}


OPTIMIZERS = {cls.name: cls for cls in (GradientDescent, Momentum, RMSprop, Adam)}


def make_optimizer(
    name: str, size: int, beta: float = 0.9, beta1: float = 0.9, beta2: float = 0.999, epsilon: float = 1e-8
) -> Optimizer:
    """Build an optimizer by its schema name, passing only the hyperparameters it uses."""
    if name == "gd":
        return GradientDescent(size)
    if name == "momentum":
        return Momentum(size, beta=beta)
    if name == "rmsprop":
        return RMSprop(size, beta2=beta2, epsilon=epsilon)
    if name == "adam":
        return Adam(size, beta1=beta1, beta2=beta2, epsilon=epsilon)
    raise ValueError(f"unknown optimizer {name!r}; allowed: {', '.join(OPTIMIZERS)}")
