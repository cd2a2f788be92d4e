"""Hidden-layer activations g(z) and their derivatives, written into preallocated buffers.

Every array is (n, m): n units, m examples (the course's column convention: one example per column).

    relu        g(z) = max(0, z)                 g'(z) = 1 if z > 0 else 0
    leaky_relu  g(z) = max(0.01 z, z)            g'(z) = 1 if z > 0 else 0.01
    tanh        g(z) = tanh(z)                   g'(z) = 1 - a^2
    sigmoid     g(z) = 1 / (1 + e^-z)            g'(z) = a (1 - a)
    linear      g(z) = z                         g'(z) = 1

`forward(z, out, tmp)` writes a = g(z) into out; `backward(da, z, a, out, tmp)` writes dz = da * g'(z)
into out. tmp is scratch of the same shape. The hot path calls these once per layer per step, so each is
1-4 NumPy calls.
"""

from __future__ import annotations

import numpy as np

LEAK = 0.01


class Activation:
    """One activation: `forward` and `backward` on (n, m) buffers; `__call__` allocates (for evaluation)."""

    name = "base"

    def forward(self, z: np.ndarray, out: np.ndarray, tmp: np.ndarray) -> None:
        raise NotImplementedError

    def backward(
        self, da: np.ndarray, z: np.ndarray, a: np.ndarray, out: np.ndarray, tmp: np.ndarray
    ) -> None:
        raise NotImplementedError

    def __call__(self, z: np.ndarray) -> np.ndarray:
        out = np.empty_like(z)
        self.forward(z, out, np.empty_like(z))
        return out

    def apply_(self, z: np.ndarray) -> np.ndarray:
        """z = g(z) in place; returns z (evaluation: the same arithmetic as forward, fewer allocations)."""
        self.forward(z, z, None)
        return z

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"


class Relu(Activation):
    name = "relu"

    def forward(self, z, out, tmp):
        np.maximum(z, 0.0, out=out)

    def backward(self, da, z, a, out, tmp):
        np.greater(z, 0.0, out=tmp)  # g'(z) as 1.0 / 0.0
        np.multiply(da, tmp, out=out)


class LeakyRelu(Activation):
    name = "leaky_relu"

    def forward(self, z, out, tmp):
        tmp = np.multiply(z, LEAK, out=tmp)  # tmp None: allocate
        np.maximum(z, tmp, out=out)

    def backward(self, da, z, a, out, tmp):
        np.greater(z, 0.0, out=tmp)
        tmp *= 1.0 - LEAK
        tmp += LEAK  # g'(z): 1 where z > 0, LEAK elsewhere
        np.multiply(da, tmp, out=out)


class Tanh(Activation):
    name = "tanh"

    def forward(self, z, out, tmp):
        np.tanh(z, out=out)

    def backward(self, da, z, a, out, tmp):
        np.multiply(a, a, out=tmp)
        np.subtract(1.0, tmp, out=tmp)  # 1 - a^2
        np.multiply(da, tmp, out=out)


class Sigmoid(Activation):
    name = "sigmoid"

    def forward(self, z, out, tmp):
        sigmoid(z, out)

    def backward(self, da, z, a, out, tmp):
        np.subtract(1.0, a, out=tmp)
        tmp *= a  # a (1 - a)
        np.multiply(da, tmp, out=out)


class Linear(Activation):
    name = "linear"

    def forward(self, z, out, tmp):
        np.copyto(out, z)

    def backward(self, da, z, a, out, tmp):
        np.copyto(out, da)


ACTIVATIONS = {cls.name: cls for cls in (Relu, LeakyRelu, Tanh, Sigmoid, Linear)}


def get_activation(name: str) -> Activation:
    """The activation called `name` (one of relu, leaky_relu, tanh, sigmoid, linear)."""
    try:
        return ACTIVATIONS[name]()
    except KeyError:
        raise ValueError(f"unknown activation {name!r}; allowed: {', '.join(ACTIVATIONS)}") from None


def sigmoid(z: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """1 / (1 + e^-z), computed as 0.5 tanh(z / 2) + 0.5: the same function, but it never overflows."""
    out = np.multiply(z, 0.5, out=out)
    np.tanh(out, out=out)
    out *= 0.5
    out += 0.5
    return out


def softmax(z: np.ndarray) -> np.ndarray:
    """Column-wise softmax of z (K, m): e^z_k / sum_j e^z_j, shifted by the column max for stability."""
    e = np.exp(z - z.max(axis=0, keepdims=True))
    return e / e.sum(axis=0, keepdims=True)
