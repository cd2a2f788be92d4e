"""Output layers with their cross-entropy costs: sigmoid for 2 classes, softmax for 3 or more.

Arrays follow the course's column convention: z (K, m) output logits, one example per column; labels y (m,).
The cost here is the data term only; the network adds the L2 term (lambda / 2m) * sum ||W||^2.

Binary (1 output unit, a = sigmoid(z)):
    J = -(1/m) sum [y log a + (1 - y) log(1 - a)]  =  (1/m) sum [log(1 + e^z) - y z]   (stable form)
    dz = (a - y) / m
Softmax (K output units, a = softmax(z), Y one-hot (K, m)):
    J = -(1/m) sum_i sum_k Y_ki log a_ki  =  (1/m) sum_i [logsumexp(z_:i) - z_(y_i) i]
    dz = (a - Y) / m
"""

from __future__ import annotations

import numpy as np

from .activations import run, sigmoid, softmax


class BinaryOutput:
    """Sigmoid output + binary cross-entropy. Training targets are s = 1 - 2y (1, m), see `delta`."""

    name = "sigmoid"

    def __init__(self):
        self.units = 1

    def targets(self, y: np.ndarray) -> np.ndarray:
        """(1, m) float64 training targets s = 1 - 2y for the labels y (m,)."""
        return (1.0 - 2.0 * y.astype(np.float64))[None, :]

    def delta_ops(self, z, s, m: int, out, tmp) -> list:
        """dz = (a - y) / m into out (1, m), as NumPy calls.

        With a = sigmoid(z) = (tanh(z/2) + 1) / 2:  a - y = (tanh(z/2) + 1 - 2y) / 2 = (tanh(z/2) + s) / 2,
        so the whole output layer is 4 NumPy calls.
        """
        return [
            (np.multiply, (z, 0.5, out)),
            (np.tanh, (out, out)),
            (np.add, (out, s, out)),
            (np.multiply, (out, 0.5 / m, out)),
        ]

    def delta(self, z: np.ndarray, s: np.ndarray, m: int, out: np.ndarray, tmp: np.ndarray | None) -> None:
        """Run delta_ops."""
        run(self.delta_ops(z, s, m, out, tmp))

    def proba(self, z: np.ndarray) -> np.ndarray:
        """(2, n): rows P(y=0), P(y=1) for logits z (1, n)."""
        p = sigmoid(z[0])
        return np.stack([1.0 - p, p])

    def cost(self, z: np.ndarray, y: np.ndarray) -> float:
        """Mean cross-entropy (1/m) sum [log(1 + e^z) - y z] for logits z (1, m), labels y (m,)."""
        z = z[0]
        loss = np.logaddexp(0.0, z)
        loss -= y * z
        return float(np.add.reduce(loss) / loss.size)  # np.mean's arithmetic, without its overhead

    def predict(self, z: np.ndarray) -> np.ndarray:
        """(m,) labels: 1 where a >= 0.5, i.e. z >= 0."""
        return (z[0] >= 0.0).astype(np.int64)


class SoftmaxOutput:
    """Softmax output + cross-entropy over K >= 3 classes. Training targets are one-hot Y (K, m)."""

    name = "softmax"

    def __init__(self, n_classes: int):
        self.units = n_classes

    def targets(self, y: np.ndarray) -> np.ndarray:
        """(K, m) one-hot float64 matrix of the labels y (m,)."""
        Y = np.zeros((self.units, y.size))
        Y[y, np.arange(y.size)] = 1.0
        return Y

    def delta_ops(self, z, Y, m: int, out, tmp) -> list:
        """dz = (softmax(z) - Y) / m into out (K, m), as NumPy calls; tmp (K, m) scratch (rows 0, 1 used)."""
        zmax, total = tmp[0], tmp[1]
        return [
            (np.maximum.reduce, (z, 0, None, zmax)),
            (np.subtract, (z, zmax, out)),  # shift each column by its max: same softmax, no overflow
            (np.exp, (out, out)),
            (np.add.reduce, (out, 0, None, total)),
            (np.divide, (out, total, out)),
            (np.subtract, (out, Y, out)),
            (np.multiply, (out, 1.0 / m, out)),
        ]

    def delta(self, z: np.ndarray, Y: np.ndarray, m: int, out: np.ndarray, tmp: np.ndarray) -> None:
        """Run delta_ops."""
        run(self.delta_ops(z, Y, m, out, tmp))

    def proba(self, z: np.ndarray) -> np.ndarray:
        """(K, n) class probabilities for logits z (K, n)."""
        return softmax(z)

    def cost(self, z: np.ndarray, y: np.ndarray) -> float:
        """Mean cross-entropy (1/m) sum_i [logsumexp(z_:i) - z_(y_i) i] for z (K, m), labels y (m,)."""
        zmax = z.max(axis=0)
        lse = zmax + np.log(np.exp(z - zmax).sum(axis=0))
        return float(np.mean(lse - z[y, np.arange(y.size)]))

    def predict(self, z: np.ndarray) -> np.ndarray:
        """(m,) labels: the class with the largest probability."""
        return np.argmax(z, axis=0)


def make_output(n_classes: int) -> BinaryOutput | SoftmaxOutput:
    """Sigmoid + binary cross-entropy for 2 classes, softmax + cross-entropy for 3 or more."""
    return BinaryOutput() if n_classes == 2 else SoftmaxOutput(n_classes)
