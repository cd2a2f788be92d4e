"""Hidden-layer activations g(z) and their derivatives, written into preallocated buffers.

Every array is (n, m): n units, m examples (the course's column convention: one example per column).

    relu        g(z) = max(0, z)                 g'(z) = 1 if z > 0 else 0
    leaky_relu  g(z) = max(0.01 z, z)            g'(z) = 1 if z > 0 else 0.01
    tanh        g(z) = tanh(z)                   g'(z) = 1 - a^2
    sigmoid     g(z) = 1 / (1 + e^-z)            g'(z) = a (1 - a)
    linear      g(z) = z                         g'(z) = 1

`forward(z, out, tmp)` writes a = g(z) into out; `backward(da, z, a, out, tmp)` writes dz = da * g'(z)
into out. tmp is scratch of the same shape. Each is 1-4 NumPy calls, also available as a list of
(function, args) pairs that the training step (program.py) replays without Python in between.
"""

from __future__ import annotations

from functools import partial

import numpy as np

LEAK = 0.01


def run(ops: list) -> None:
    """Execute a list of (numpy function, args) calls: the unit the training step is built from."""
    for f, args in ops:
        f(*args)


class Activation:
    """One activation as NumPy calls on (n, m) buffers.

    forward_ops / backward_ops return those calls as a list of (function, args) (so the network can lay out a
    whole training step once and replay it); forward / backward run them; `__call__` allocates.
    """

    name = "base"

    def forward_ops(self, z, out, tmp) -> list:
        raise NotImplementedError

    def backward_ops(self, da, z, a, out, tmp) -> list:
        raise NotImplementedError

    def forward(self, z: np.ndarray, out: np.ndarray, tmp: np.ndarray | None) -> None:
        """a = g(z) into out."""
        run(self.forward_ops(z, out, tmp if tmp is not None else np.empty_like(z)))

    def backward(
        self, da: np.ndarray, z: np.ndarray, a: np.ndarray, out: np.ndarray, tmp: np.ndarray
    ) -> None:
        """dz = da * g'(z) into out (a = g(z) is given: tanh and sigmoid need it)."""
        run(self.backward_ops(da, z, a, out, tmp))

    def __call__(self, z: np.ndarray) -> np.ndarray:
        out = np.empty_like(z)
        self.forward(z, out, None)
        return out

    def apply_(self, z: np.ndarray) -> np.ndarray:
        """z = g(z) in place; returns z (evaluation: the same arithmetic as forward, fewer allocations)."""
        self.forward(z, z, None)
        return z

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"


class Relu(Activation):
    name = "relu"

    def forward_ops(self, z, out, tmp):
        return [(partial(np.maximum, out=out), (z, 0.0))]  # (maximum refuses a positional out)

    def backward_ops(self, da, z, a, out, tmp):
        return [
            (np.greater, (z, 0.0, tmp)),  # g'(z) as 1.0 / 0.0
            (np.multiply, (da, tmp, out)),
        ]


class LeakyRelu(Activation):
    name = "leaky_relu"

    def forward_ops(self, z, out, tmp):
        return [(np.multiply, (z, LEAK, tmp)), (partial(np.maximum, out=out), (z, tmp))]

    def backward_ops(self, da, z, a, out, tmp):
        return [
            (np.greater, (z, 0.0, tmp)),
            (np.multiply, (tmp, 1.0 - LEAK, tmp)),
            (np.add, (tmp, LEAK, tmp)),  # g'(z): 1 where z > 0, LEAK elsewhere
            (np.multiply, (da, tmp, out)),
        ]


class Tanh(Activation):
    name = "tanh"

    def forward_ops(self, z, out, tmp):
        return [(np.tanh, (z, out))]

    def backward_ops(self, da, z, a, out, tmp):
        return [
            (np.multiply, (a, a, tmp)),
            (np.subtract, (1.0, tmp, tmp)),  # 1 - a^2
            (np.multiply, (da, tmp, out)),
        ]


class Sigmoid(Activation):
    name = "sigmoid"

    def forward_ops(self, z, out, tmp):
        return sigmoid_ops(z, out)

    def backward_ops(self, da, z, a, out, tmp):
        return [
            (np.subtract, (1.0, a, tmp)),
            (np.multiply, (tmp, a, tmp)),  # a (1 - a)
            (np.multiply, (da, tmp, out)),
        ]


class Linear(Activation):
    name = "linear"

    def forward_ops(self, z, out, tmp):
        return [(np.copyto, (out, z))]

    def backward_ops(self, da, z, a, out, tmp):
        return [(np.copyto, (out, da))]


ACTIVATIONS = {cls.name: cls for cls in (Relu, LeakyRelu, Tanh, Sigmoid, Linear)}


def get_activation(name: str) -> Activation:
    """The activation called `name` (one of relu, leaky_relu, tanh, sigmoid, linear)."""
    try:
        return ACTIVATIONS[name]()
    except KeyError:
        raise ValueError(f"unknown activation {name!r}; allowed: {', '.join(ACTIVATIONS)}") from None


def sigmoid_ops(z, out) -> list:
    """1 / (1 + e^-z), computed as 0.5 tanh(z / 2) + 0.5: the same function, but it never overflows."""
    return [
        (np.multiply, (z, 0.5, out)),
        (np.tanh, (out, out)),
        (np.multiply, (out, 0.5, out)),
        (np.add, (out, 0.5, out)),
    ]


def sigmoid(z: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """sigmoid(z) into out (allocated when None)."""
    out = np.empty_like(z, dtype=np.float64) if out is None else out
    run(sigmoid_ops(z, out))
    return out


def softmax(z: np.ndarray) -> np.ndarray:
    """Column-wise softmax of z (K, m): e^z_k / sum_j e^z_j, shifted by the column max for stability."""
    e = np.exp(z - z.max(axis=0, keepdims=True))
    return e / e.sum(axis=0, keepdims=True)
