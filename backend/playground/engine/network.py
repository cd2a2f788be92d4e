"""A fully connected network: forward propagation, backpropagation, and evaluation.

Column convention of the course: X is (n_x, m), one example per column; layer l computes
    Z^[l] = W^[l] A^[l-1] + b^[l]        (or batch norm of W^[l] A^[l-1], which replaces b by gamma, beta)
    A^[l] = g^[l](Z^[l]),  then inverted dropout: D = (U < keep_prob),  A^[l] = A^[l] * D / keep_prob
The output layer is sigmoid (2 classes) or softmax (>= 3) with cross-entropy (losses.py). The mini-batch cost
    J = (1/m) sum_i L(a_i, y_i) + (lambda / 2m) sum_l ||W^[l]||^2
uses m = the number of examples in the mini-batch (the course's convention: every cost, and so its gradient,
averages over the examples it is computed on); backprop then gives dW^[l] += (lambda / m) W^[l].

Parameters live in one flat vector `theta` (layout.py); `grad` mirrors it. The training step is laid out once
per batch size as a list of NumPy calls on preallocated buffers (program.py, buffers.py) and replayed.
"""

from __future__ import annotations

import numpy as np

from . import batchnorm
from .activations import get_activation
from .buffers import Buffers
from .initializers import init_weights
from .layout import Layout
from .losses import make_output
from .program import StepProgram


class Network:
    """Dense layers sizes [n_x, *hidden, K_out] with one activation per hidden layer.

    broken_backprop: NOT part of any schema. A deliberately wrong backprop for the gradient-checking lesson
    only: when True, dW of one layer is doubled (the course's example of a bug that gradient checking finds).
    """

    def __init__(
        self, n_inputs: int, hidden: list[int], activations: list[str], n_classes: int, batch_norm=False
    ):
        if len(activations) != len(hidden):
            raise ValueError(f"need one activation per hidden layer ({len(hidden)}), got {len(activations)}")
        self.output = make_output(n_classes)
        self.n_classes = n_classes
        self.layout = Layout([n_inputs, *hidden, self.output.units], batch_norm)
        self.theta = np.zeros(self.layout.size)
        self.grad = np.zeros(self.layout.size)
        self.params = self.layout.views(self.theta)
        self.grads = self.layout.views(self.grad)
        self.acts = [get_activation(a) for a in activations]
        self.bn = self.layout.bn
        # running (EWA) mean and variance of z per batch-normalized layer, for evaluation
        self.running = [
            (np.zeros(n), np.ones(n)) if bn else None for n, bn in zip(hidden, self.bn, strict=False)
        ]
        self.broken_backprop = False
        self._buffers: dict[int, Buffers] = {}
        self._programs: dict[tuple, StepProgram] = {}
        self._tmp = np.empty(self.layout.size)

    @property
    def sizes(self) -> list[int]:
        return self.layout.sizes

    def initialize(self, init: str, rng: np.random.Generator, init_scale: float = 0.01) -> None:
        """Weights by `init` (initializers.py), layer by layer from rng; b = 0, gamma = 1, beta = 0."""
        self.theta.fill(0.0)
        for p in self.params:
            init_weights(p.W, init, rng, init_scale)
            if p.gamma is not None:
                p.gamma.fill(1.0)
        for r in self.running:
            if r is not None:
                r[0].fill(0.0)
                r[1].fill(1.0)

    def buffers(self, m: int) -> Buffers:
        """The preallocated buffers for batch size m (a run uses at most a few sizes: the batch, the rest)."""
        buf = self._buffers.get(m)
        if buf is None:
            if len(self._buffers) > 8:
                self._buffers.clear()
            buf = self._buffers[m] = Buffers(self.layout.sizes, self.bn, m)
        return buf

    # ------------------------------------------------------------------------------------------- training

    def program(self, m, keep_prob=1.0, rng=None, l2=0.0, update_running=True, backward=True) -> StepProgram:
        """The training step for batch size m as a replayable list of NumPy calls (program.py), cached."""
        dropout = keep_prob < 1.0
        key = (m, keep_prob if dropout else 1.0, id(rng) if dropout else None, l2, update_running, backward,
               self.broken_backprop)  # fmt: skip
        prog = self._programs.get(key)
        if prog is None:
            if len(self._programs) > 16:
                self._programs.clear()
            prog = StepProgram(self, self.buffers(m), keep_prob, rng, l2, update_running, backward)
            self._programs[key] = prog
        return prog

    def gradient(self, X, T, l2=0.0, keep_prob=1.0, rng=None, update_running=True) -> np.ndarray:
        """Forward and backward propagation on one mini-batch; fills self.grad with dJ/dtheta.

        X: (n_x + 1, m) inputs with a last row of ones; T: training targets of the output (losses.py).
        rng: dropout masks (needed when keep_prob < 1). Returns the output logits Z^[L] (K_out, m) (a buffer).
        """
        return self.program(X.shape[1], keep_prob, rng, l2, update_running).run(X, T)

    # ----------------------------------------------------------------------------------------- evaluation

    def forward_eval(self, F: np.ndarray) -> tuple[np.ndarray, list[np.ndarray]]:
        """Evaluation mode (no dropout, batch norm with running averages) on features F (n_x, k).

        Returns (logits Z^[L] (K_out, k), [A^[l] (n_l, k) for each hidden layer]). Allocates.
        """
        A = F
        hidden = []
        for l, p in enumerate(self.params):
            if p.b is None:
                Z = batchnorm.forward_eval(p.W @ A, p.gamma, p.beta, *self.running[l])
            else:
                Z = p.W @ A
                Z += p.b[:, None]
            if l == len(self.params) - 1:
                return Z, hidden
            A = self.acts[l].apply_(Z)  # A = g(Z), in place: Z is not needed any more
            hidden.append(A)
        raise AssertionError("unreachable")

    def train_cost(self, X: np.ndarray, y: np.ndarray, l2: float = 0.0) -> float:
        """J in training mode (batch statistics, no dropout, running averages untouched): what backprop
        differentiates, so gradient checking compares against it. X: (n_x + 1, m) with the ones row."""
        Z = self.program(X.shape[1], update_running=False, backward=False).run(X, None)
        return self.cost(Z, y, l2)

    def l2_term(self, l2: float, m: int) -> float:
        """(lambda / 2m) sum_l ||W^[l]||^2."""
        if l2 == 0.0:
            return 0.0
        w = self.theta * self.layout.weight_mask
        return float(l2 / (2.0 * m) * np.dot(w, w))

    def cost(self, Z: np.ndarray, y: np.ndarray, l2: float = 0.0) -> float:
        """J = cross-entropy of logits Z (K_out, m) against labels y (m,) + the L2 term."""
        return self.output.cost(Z, y) + self.l2_term(l2, y.size)

    def proba(self, F: np.ndarray) -> np.ndarray:
        """(K, k) class probabilities (K = 2 for the sigmoid output: rows P(y=0), P(y=1))."""
        return self.output.proba(self.forward_eval(F)[0])

    def __repr__(self) -> str:
        acts = ",".join(a.name for a in self.acts)
        out, size = self.output.name, self.theta.size
        return f"Network(sizes={self.sizes}, activations=[{acts}], output={out}, parameters={size})"
