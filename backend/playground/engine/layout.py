"""All parameters of a network in ONE flat float64 vector, with views per layer.

One vector means one optimizer call updates every parameter (a few NumPy calls per step whatever the depth),
and gradient checking can perturb theta[i] for every i without knowing the layers.

Layer l maps n_{l-1} inputs to n_l units (column convention: Z^[l] = W^[l] A^[l-1] + b^[l], A is (n, m)).
Its slice of the vector is, in order:
    without batch norm:  Wb (n_l, n_{l-1} + 1) = [W | b]: the bias is W's last column, so
                         Z = Wb @ [A; 1] is one BLAS call and dWb = dZ @ [A; 1]^T gives dW and db at once
    with batch norm:     W (n_l, n_{l-1}), gamma (n_l,), beta (n_l,)   (no b: beta plays its role)
The gradient vector has the same layout, so `grad` views mirror `theta` views.
"""

from __future__ import annotations

import numpy as np


class LayerViews:
    """Views into one flat vector for layer l: W (n_out, n_in), b (n_out,) or None, gamma/beta or None.

    Wb is the (n_out, n_in + 1) block [W | b] for layers with a bias; for batch-normalized layers it is W.
    """

    __slots__ = ("W", "b", "gamma", "beta", "Wb")

    def __init__(self, vec: np.ndarray, start: int, n_in: int, n_out: int, bn: bool):
        if bn:
            self.W = self.Wb = vec[start : start + n_out * n_in].reshape(n_out, n_in)
            start += n_out * n_in
            self.gamma = vec[start : start + n_out]
            self.beta = vec[start + n_out : start + 2 * n_out]
            self.b = None
        else:
            self.Wb = vec[start : start + n_out * (n_in + 1)].reshape(n_out, n_in + 1)
            self.W = self.Wb[:, :n_in]
            self.b = self.Wb[:, n_in]
            self.gamma = self.beta = None


class Layout:
    """Sizes [n_x, n_1, ..., n_L] and which hidden layers are batch-normalized -> offsets into theta (P,)."""

    def __init__(self, sizes: list[int], batch_norm: bool):
        self.sizes = list(sizes)
        self.n_layers = len(sizes) - 1  # L: hidden layers + the output layer
        # the output layer is never batch-normalized: its z are the logits of the cost
        self.bn = [batch_norm and l < self.n_layers - 1 for l in range(self.n_layers)]
        self.starts = []
        size = 0
        for l in range(self.n_layers):
            n_in, n_out = sizes[l], sizes[l + 1]
            self.starts.append(size)
            size += n_out * n_in + (2 * n_out if self.bn[l] else n_out)
        self.size = size
        # 1.0 where theta holds a weight W (not b, gamma, beta): L2 penalizes weights only
        self.weight_mask = np.zeros(size)
        for views in self.views(self.weight_mask):
            views.W[...] = 1.0

    def views(self, vec: np.ndarray) -> list[LayerViews]:
        """Per-layer views into vec (P,) (theta or its gradient)."""
        return [
            LayerViews(vec, self.starts[l], self.sizes[l], self.sizes[l + 1], self.bn[l])
            for l in range(self.n_layers)
        ]

    def __repr__(self) -> str:
        return f"Layout(sizes={self.sizes}, batch_norm={any(self.bn)}, parameters={self.size})"
