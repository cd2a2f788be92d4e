"""The engine's rivals in benchmarks/engine_speed.py, trained on the same data, order and batch sizes.

BareLoop: the minimal hand-written NumPy loop of the course's assignments, lists of W and b, a Python loop
over layers and per-parameter Adam (about 75 NumPy calls a step for 3 layers).
UnrolledTF: a hand-unrolled NumPy step for exactly TF Playground's default net 2-4-2-1 (tanh, sigmoid output),
every trick and no generality: NumPy's floor for that net.
TorchLoop: PyTorch eager on CPU, one thread, float64 like the others, nn.Sequential + torch.optim.
All of them use tanh hidden units, a sigmoid output with cross-entropy, Xavier init, and reshuffle every
epoch.
"""

from __future__ import annotations

import math

import numpy as np

B1, B2, EPS = 0.9, 0.999, 1e-8


class BareLoop:
    """X: (2, m), y: (m,) labels; hidden widths; batch 0 = full batch; optimizer 'gd' or 'adam'."""

    def __init__(self, X, y, hidden, batch, optimizer="adam", lr=0.01, seed=0):
        rng = np.random.default_rng(seed)
        sizes = [X.shape[0], *hidden, 1]
        self.W = [
            rng.standard_normal((n, p)) * math.sqrt(1 / p) for p, n in zip(sizes, sizes[1:], strict=False)
        ]
        self.b = [np.zeros((n, 1)) for n in sizes[1:]]
        self.params = [p for pair in zip(self.W, self.b, strict=True) for p in pair]
        self.v = [np.zeros_like(p) for p in self.params]
        self.s = [np.zeros_like(p) for p in self.params]
        self.X, self.Y, self.m = X, y[None, :].astype(float), X.shape[1]
        self.bs = batch if 0 < batch < self.m else self.m
        self.optimizer, self.lr, self.t, self.pos, self.rng = optimizer, lr, 0, 0, rng

    def run(self, steps: int) -> None:
        for _ in range(steps):
            if self.pos == 0:
                perm = self.rng.permutation(self.m)
                self.Xs, self.Ys = self.X[:, perm], self.Y[:, perm]
            end = min(self.pos + self.bs, self.m)
            self.step(self.Xs[:, self.pos : end], self.Ys[:, self.pos : end])
            self.pos = 0 if end == self.m else end

    def step(self, Xb, Yb) -> None:
        m, L = Xb.shape[1], len(self.W)
        A = [Xb]
        for l in range(L):
            Z = self.W[l] @ A[-1] + self.b[l]
            A.append(np.tanh(Z) if l < L - 1 else 1 / (1 + np.exp(-Z)))
        dZ = (A[-1] - Yb) / m
        grads = []
        for l in range(L - 1, -1, -1):
            grads = [dZ @ A[l].T, dZ.sum(axis=1, keepdims=True), *grads]
            if l:
                dZ = (self.W[l].T @ dZ) * (1 - A[l] ** 2)
        self.t += 1
        for p, g, v, s in zip(self.params, grads, self.v, self.s, strict=True):
            if self.optimizer == "gd":
                p -= self.lr * g
                continue
            v[...] = B1 * v + (1 - B1) * g
            s[...] = B2 * s + (1 - B2) * g**2
            p -= self.lr * (v / (1 - B1**self.t)) / (np.sqrt(s / (1 - B2**self.t)) + EPS)


class UnrolledTF:
    """TF Playground's default net 2-4-2-1 (tanh, sigmoid output) as one hand-unrolled step: NumPy's floor.

    Written the fastest way we know, with no generality: the 25 parameters in one flat vector with views
    Wb1 (4, 3), Wb2 (2, 5), Wb3 (1, 3) (bias as the last column, inputs with a row of ones), preallocated
    buffers, out= everywhere, one fused update (SGD, or Adam with bias correction folded into scalars).
    X: (2, m) inputs, y: (m,) labels; run(epochs).
    """

    def __init__(self, X, y, batch=10, optimizer="gd", lr=0.03, seed=0):
        rng = np.random.default_rng(seed)
        self.theta, self.grad = np.zeros(25), np.zeros(25)
        shapes, start = ((4, 3), (2, 5), (1, 3)), 0
        self.Wb, self.gWb = [], []
        for r, c in shapes:
            self.Wb.append(self.theta[start : start + r * c].reshape(r, c))
            self.gWb.append(self.grad[start : start + r * c].reshape(r, c))
            self.Wb[-1][:, :-1] = rng.standard_normal((r, c - 1)) * math.sqrt(1 / (c - 1))
            start += r * c
        self.m, self.bs, self.rng = X.shape[1], batch, rng
        self.rows = np.column_stack([X.T, np.ones(self.m)])  # (m, 3): a batch is rows a:b, transposed
        self.s = (1.0 - 2.0 * y.astype(float))[:, None]  # (m, 1): a - y = (tanh(z / 2) + s) / 2
        self.rows_o, self.s_o = np.empty_like(self.rows), np.empty_like(self.s)
        self.optimizer, self.lr, self.t = optimizer, lr, 0
        self.v, self.sq, self.tmp, self.tmp2 = (np.zeros(25) for _ in range(4))
        self.buffers = {}

    def _buf(self, m):
        if m not in self.buffers:
            a1, a2 = np.ones((5, m)), np.ones((3, m))
            self.buffers[m] = (np.empty((4, m)), a1, np.empty((2, m)), a2, np.empty((1, m)), np.empty((3, m)),
                               np.empty((5, m)), np.empty((2, m)), np.empty((4, m)))  # fmt: skip
        return self.buffers[m]

    def run(self, epochs: int) -> None:
        for _ in range(epochs):
            perm = self.rng.permutation(self.m)
            np.take(self.rows, perm, axis=0, out=self.rows_o)
            np.take(self.s, perm, axis=0, out=self.s_o)
            for a in range(0, self.m, self.bs):
                self.step(self.rows_o[a : a + self.bs].T, self.s_o[a : a + self.bs].T)

    def step(self, X, S) -> None:
        m = X.shape[1]
        z1, a1, z2, a2, dz3, da2, da1, t2, t1 = self._buf(m)
        Wb1, Wb2, Wb3 = self.Wb
        g1, g2, g3 = self.gWb
        np.dot(Wb1, X, out=z1)
        np.tanh(z1, out=a1[:4])
        np.dot(Wb2, a1, out=z2)
        np.tanh(z2, out=a2[:2])
        np.dot(Wb3, a2, out=dz3)
        np.multiply(dz3, 0.5, out=dz3)
        np.tanh(dz3, out=dz3)
        dz3 += S
        dz3 *= 0.5 / m  # dz3 = (a3 - y) / m
        np.dot(dz3, a2.T, out=g3)
        np.dot(Wb3.T, dz3, out=da2)
        np.multiply(a2[:2], a2[:2], out=t2)
        np.subtract(1.0, t2, out=t2)
        np.multiply(da2[:2], t2, out=t2)  # dz2
        np.dot(t2, a1.T, out=g2)
        np.dot(Wb2.T, t2, out=da1)
        np.multiply(a1[:4], a1[:4], out=t1)
        np.subtract(1.0, t1, out=t1)
        np.multiply(da1[:4], t1, out=t1)  # dz1
        np.dot(t1, X.T, out=g1)
        if self.optimizer == "gd":
            np.multiply(self.grad, self.lr, out=self.tmp)
            self.theta -= self.tmp
            return
        self.t += 1
        c1, c2 = 1 - B1**self.t, math.sqrt(1 - B2**self.t)
        self.v *= B1
        np.multiply(self.grad, 1 - B1, out=self.tmp)
        self.v += self.tmp
        np.multiply(self.grad, self.grad, out=self.tmp)
        self.tmp *= 1 - B2
        self.sq *= B2
        self.sq += self.tmp
        np.sqrt(self.sq, out=self.tmp)
        self.tmp += EPS * c2
        np.divide(self.v, self.tmp, out=self.tmp)
        self.tmp *= self.lr * c2 / c1
        self.theta -= self.tmp


class TorchLoop:
    """PyTorch eager, CPU, one thread (set by the caller), float64; X: (2, m), y: (m,)."""

    def __init__(self, X, y, hidden, batch, optimizer="adam", lr=0.01, seed=0):
        import torch

        torch.manual_seed(seed)
        self.torch = torch
        sizes = [X.shape[0], *hidden, 1]
        layers = []
        for p, n in zip(sizes, sizes[1:], strict=False):
            layers += [torch.nn.Linear(p, n, dtype=torch.float64), torch.nn.Tanh()]
        self.model = torch.nn.Sequential(*layers[:-1])
        opt = torch.optim.Adam if optimizer == "adam" else torch.optim.SGD
        self.opt = opt(self.model.parameters(), lr=lr)
        self.loss = torch.nn.BCEWithLogitsLoss()
        self.X = torch.tensor(X.T.copy())
        self.Y = torch.tensor(y[:, None].astype(float))
        self.m = X.shape[1]
        self.bs = batch if 0 < batch < self.m else self.m
        self.pos = 0
        self.gen = torch.Generator().manual_seed(seed)

    def run(self, steps: int) -> None:
        for _ in range(steps):
            if self.pos == 0:
                perm = self.torch.randperm(self.m, generator=self.gen)
                self.Xs, self.Ys = self.X[perm], self.Y[perm]
            end = min(self.pos + self.bs, self.m)
            self.opt.zero_grad()
            self.loss(self.model(self.Xs[self.pos : end]), self.Ys[self.pos : end]).backward()
            self.opt.step()
            self.pos = 0 if end == self.m else end
