"""A fully connected network: forward propagation, backpropagation, and evaluation.

Column convention of the course: X is (n_x, m), one example per column; layer l computes
    Z^[l] = W^[l] A^[l-1] + b^[l]        (or batch norm of W^[l] A^[l-1], which replaces b by gamma, beta)
    A^[l] = g^[l](Z^[l]),  then inverted dropout: D = (U < keep_prob),  A^[l] = A^[l] * D / keep_prob
The output layer is sigmoid (2 classes) or softmax (>= 3) with cross-entropy (losses.py). The mini-batch cost
    J = (1/m) sum_i L(a_i, y_i) + (lambda / 2m) sum_l ||W^[l]||^2
uses m = the number of examples in the mini-batch (the course's convention: every cost, and so its gradient,
averages over the examples it is computed on); backprop then gives dW^[l] += (lambda / m) W^[l].

Parameters live in one flat vector `theta` (layout.py); `grad` mirrors it. The training path writes into
preallocated buffers (buffers.py) and makes a fixed, small number of NumPy calls per layer.
"""

from __future__ import annotations

import numpy as np

from . import batchnorm
from .activations import get_activation
from .buffers import Buffers
from .initializers import init_weights
from .layout import Layout
from .losses import make_output


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

    def gradient(self, X, T, l2=0.0, keep_prob=1.0, rng=None, update_running=True) -> np.ndarray:
        """Forward and backward propagation on one mini-batch; fills self.grad with dJ/dtheta.

        X: (n_x + 1, m) inputs with a last row of ones; T: training targets of the output (losses.py).
        rng: dropout masks (needed when keep_prob < 1). Returns the output logits Z^[L] (K_out, m) (a buffer).
        """
        m = X.shape[1]
        buf = self.buffers(m)
        dropout = keep_prob < 1.0
        self._forward(X, buf, keep_prob if dropout else 0.0, rng, update_running)
        self._backward(X, T, buf, dropout)
        if l2 > 0.0:
            np.multiply(self.theta, self.layout.weight_mask, out=self._tmp)
            self._tmp *= l2 / m  # (lambda / m) W, zero for b, gamma, beta
            self.grad += self._tmp
        if self.broken_backprop:
            self.grads[1 if len(self.grads) > 1 else 0].W[...] *= 2.0
        return buf.layers[-1].z

    def _forward(self, X, buf: Buffers, keep_prob: float, rng, update_running: bool) -> None:
        a_ext = X
        last = len(self.params) - 1
        for l, (p, lb) in enumerate(zip(self.params, buf.layers, strict=True)):
            if p.b is None:  # batch norm: Z = W A_prev, then Z~ = gamma Z_norm + beta
                np.dot(p.W, a_ext[:-1], out=lb.z)
                run = self.running[l] if update_running else None
                z = batchnorm.forward_train(lb.z, p.gamma, p.beta, lb.bn, run)
            else:  # Z = [W | b] [A_prev; 1]
                np.dot(p.Wb, a_ext, out=lb.z)
                z = lb.z
            if l == last:
                return
            if keep_prob:
                self.acts[l].forward(z, lb.h, lb.tmp)  # A = g(Z)
                rng.random(out=lb.u)
                np.less(lb.u, keep_prob, out=lb.mask)
                lb.mask *= 1.0 / keep_prob  # D / keep_prob
                np.multiply(lb.h, lb.mask, out=lb.a)
            else:
                self.acts[l].forward(z, lb.a, lb.tmp)
            a_ext = lb.a_ext

    def _backward(self, X, T, buf: Buffers, dropout: bool) -> None:
        layers = buf.layers
        top = layers[-1]
        self.output.delta(top.z, T, buf.m, top.dz, top.tmp)  # dZ^[L] = (A^[L] - Y) / m
        dz = top.dz
        for l in range(len(layers) - 1, -1, -1):
            p, g = self.params[l], self.grads[l]
            a_in = layers[l - 1].a_ext if l else X
            if p.b is None:
                np.dot(dz, a_in[:-1].T, out=g.W)  # dW = dZ A_prev^T
            else:
                np.dot(dz, a_in.T, out=g.Wb)  # [dW | db] = dZ [A_prev; 1]^T
            if l == 0:
                return
            lb = layers[l - 1]
            np.dot(p.Wb.T, dz, out=layers[l].da_ext if p.b is not None else lb.da)  # dA_prev = W^T dZ
            da = lb.da
            if dropout:
                da *= lb.mask  # the same units dropped forward get no gradient
                a = lb.h
            else:
                a = lb.a
            if lb.bn is None:
                self.acts[l - 1].backward(da, lb.z, a, lb.dz, lb.tmp)
            else:
                self.acts[l - 1].backward(da, lb.bn.zt, a, lb.bn.dzt, lb.tmp)
                gp = self.grads[l - 1]
                batchnorm.backward(lb.bn.dzt, self.params[l - 1].gamma, lb.bn, gp.gamma, gp.beta, lb.dz)
            dz = lb.dz

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
        buf = self.buffers(X.shape[1])
        self._forward(X, buf, 0.0, None, False)
        return self.cost(buf.layers[-1].z, y, l2)

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
