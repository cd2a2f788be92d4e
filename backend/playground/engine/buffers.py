"""Preallocated activation and gradient buffers for one batch size m (the hot path allocates nothing).

Column convention: one example per column. A hidden layer's output lives in `a_ext` (n + 1, m), whose last
row stays 1.0 so that the next layer computes Z = [W | b] @ [A; 1] in one call (see layout.py).
"""

from __future__ import annotations

import numpy as np

from .batchnorm import BatchNormBuffers


class LayerBuffers:
    """Scratch for layer l with n units at batch size m."""

    __slots__ = ("z", "a_ext", "a", "h", "u", "mask", "da_ext", "da", "dz", "tmp", "bn")

    def __init__(self, n_in: int, n: int, m: int, hidden: bool, bn: bool):
        self.z = np.empty((n, m))  # Z = W A_prev (+ b)
        self.dz = np.empty((n, m))
        self.tmp = np.empty((n, m))
        # dA of the layer below, [W | b]^T dZ: (n_in + 1, m); its last row (d of the ones row) is unused
        self.da_ext = np.empty((n_in + 1, m))
        self.da = None  # set by Buffers: the layer below's dA view
        self.bn = BatchNormBuffers(n, m) if bn else None
        if hidden:
            self.a_ext = np.ones((n + 1, m))
            self.a = self.a_ext[:n]  # g(Z), rows of a_ext (contiguous)
            self.h = np.empty((n, m))  # g(Z) before dropout (dropout writes a = h * mask)
            self.u = np.empty((n, m))  # uniform draws for the dropout mask
            self.mask = np.empty((n, m))  # (u < keep_prob) / keep_prob


class Buffers:
    """All layers' buffers for batch size m."""

    def __init__(self, sizes: list[int], bn: list[bool], m: int):
        self.m = m
        L = len(sizes) - 1
        self.layers = [LayerBuffers(sizes[l], sizes[l + 1], m, l < L - 1, bn[l]) for l in range(L)]
        for l in range(1, L):
            # layer l computes the dA of layer l-1 into its own da_ext; the rows are layer l-1's dA
            self.layers[l - 1].da = self.layers[l].da_ext[: sizes[l]]
