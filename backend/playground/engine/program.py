"""One training step (forward propagation, backpropagation, L2) laid out once as a flat list of NumPy calls.

On networks this small NumPy's cost is per call, not per flop, and the Python between the calls (loops over
layers, attribute look-ups, method calls) costs as much again. So the network writes the step down once per
batch size as (function, args) pairs on its preallocated buffers and parameter views, and each step replays
the list. Only the mini-batch changes between steps: the few calls that read X or the targets are re-bound
per step. The arithmetic is exactly the one written out in network.py's docstring (a test compares it with
finite differences through gradient checking).
"""

from __future__ import annotations

from functools import partial

import numpy as np

from . import batchnorm
from .buffers import Buffers


class StepProgram:
    """forward (+ backward) of one mini-batch of m examples, as NumPy calls.

    keep_prob < 1 adds dropout masks drawn from rng; l2 > 0 adds (lambda / m) W to dW; update_running updates
    the batch norm EWA; backward=False stops after the logits (the training-mode cost for gradient checking).
    """

    def __init__(
        self, net, buf: Buffers, keep_prob=1.0, rng=None, l2=0.0, update_running=True, backward=True
    ):
        self.ops: list = []
        self.binders: list = []  # (index in ops, function, binder(X, T) -> args) for calls reading the batch
        self.logits = buf.layers[-1].z
        self._forward(net, buf, keep_prob, rng, update_running)
        if backward:
            self._backward(net, buf, keep_prob < 1.0)
            if l2 > 0.0:
                tmp = net._tmp
                self._emit(np.multiply, net.theta, net.layout.weight_mask, tmp)
                self._emit(np.multiply, tmp, l2 / buf.m, tmp)  # (lambda / m) W, zero for b, gamma, beta
                self._emit(np.add, net.grad, tmp, net.grad)
            if net.broken_backprop:  # the gradient-checking lesson's deliberate bug: one dW doubled
                g = net.grads[1 if len(net.grads) > 1 else 0]
                self._emit(np.multiply, g.W, 2.0, g.W)

    def _emit(self, f, *args) -> None:
        self.ops.append((f, args))

    def _bind(self, f, binder) -> None:
        self.binders.append((len(self.ops), f, binder))
        self.ops.append((f, None))

    def _forward(self, net, buf: Buffers, keep_prob: float, rng, update_running: bool) -> None:
        last = len(net.params) - 1
        a_ext = None  # None: the mini-batch X (n_x + 1, m), bound per step
        for l, (p, lb) in enumerate(zip(net.params, buf.layers, strict=True)):
            if p.b is None:  # batch norm: Z = W A_prev, then Z~ = gamma Z_norm + beta
                if a_ext is None:
                    self._bind(np.dot, lambda X, T, W=p.W, z=lb.z: (W, X[:-1], z))
                else:
                    self._emit(np.dot, p.W, a_ext[:-1], lb.z)
                run = net.running[l] if update_running else None
                self.ops += batchnorm.forward_train_ops(lb.z, p.gamma, p.beta, lb.bn, run)
                z = lb.bn.zt
            else:  # Z = [W | b] [A_prev; 1]
                if a_ext is None:
                    self._bind(np.dot, lambda X, T, Wb=p.Wb, z=lb.z: (Wb, X, z))
                else:
                    self._emit(np.dot, p.Wb, a_ext, lb.z)
                z = lb.z
            if l == last:
                return
            act = net.acts[l]
            if keep_prob < 1.0:  # inverted dropout: A = g(Z) * D / keep_prob, D = (U < keep_prob)
                self.ops += act.forward_ops(z, lb.h, lb.tmp)
                self._emit(partial(rng.random, out=lb.u))
                self._emit(np.less, lb.u, keep_prob, lb.mask)
                self._emit(np.multiply, lb.mask, 1.0 / keep_prob, lb.mask)
                self._emit(np.multiply, lb.h, lb.mask, lb.a)
            else:
                self.ops += act.forward_ops(z, lb.a, lb.tmp)
            a_ext = lb.a_ext

    def _backward(self, net, buf: Buffers, dropout: bool) -> None:
        layers = buf.layers
        top = layers[-1]
        # dZ^[L] = (A^[L] - Y) / m; the one call that reads the targets is bound per step
        delta = net.output.delta_ops(top.z, _TARGETS, buf.m, top.dz, top.tmp)
        for f, args in delta:
            i = next((j for j, a in enumerate(args) if a is _TARGETS), None)
            if i is None:
                self._emit(f, *args)
            else:
                self._bind(f, lambda X, T, a=args, i=i: (*a[:i], T, *a[i + 1 :]))
        dz = top.dz
        for l in range(len(layers) - 1, -1, -1):
            p, g = net.params[l], net.grads[l]
            if l == 0 and p.b is None:
                self._bind(np.dot, lambda X, T, dz=dz, gW=g.W: (dz, X[:-1].T, gW))  # dW = dZ X^T
            elif l == 0:
                self._bind(np.dot, lambda X, T, dz=dz, gWb=g.Wb: (dz, X.T, gWb))  # [dW | db] = dZ [X; 1]^T
            elif p.b is None:
                self._emit(np.dot, dz, layers[l - 1].a_ext[:-1].T, g.W)  # dW = dZ A_prev^T
            else:
                self._emit(np.dot, dz, layers[l - 1].a_ext.T, g.Wb)  # [dW | db] = dZ [A_prev; 1]^T
            if l == 0:
                return
            lb = layers[l - 1]
            # dA_prev = W^T dZ (for [W | b], the extra last row is d of the ones row: unused)
            self._emit(np.dot, p.Wb.T, dz, layers[l].da_ext if p.b is not None else lb.da)
            a = lb.a
            if dropout:
                self._emit(np.multiply, lb.da, lb.mask, lb.da)  # dropped units pass no gradient back
                a = lb.h
            act = net.acts[l - 1]
            if lb.bn is None:
                self.ops += act.backward_ops(lb.da, lb.z, a, lb.dz, lb.tmp)
            else:
                self.ops += act.backward_ops(lb.da, lb.bn.zt, a, lb.bn.dzt, lb.tmp)
                gp = net.grads[l - 1]
                self.ops += batchnorm.backward_ops(
                    lb.bn.dzt, net.params[l - 1].gamma, lb.bn, gp.gamma, gp.beta, lb.dz
                )
            dz = lb.dz

    def run(self, X: np.ndarray, T: np.ndarray | None) -> np.ndarray:
        """One step on the mini-batch X (n_x + 1, m) with targets T; returns the logits buffer (K_out, m)."""
        ops = self.ops
        for i, f, binder in self.binders:
            ops[i] = (f, binder(X, T))
        for f, args in ops:
            f(*args)
        return self.logits

    def __len__(self) -> int:
        return len(self.ops)


class _Targets:
    """Placeholder for the mini-batch targets in the output layer's calls."""

    def __repr__(self) -> str:
        return "<targets>"


_TARGETS = _Targets()
