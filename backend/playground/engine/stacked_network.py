"""network.py for T networks of one architecture at once: the same formulas with a leading trial axis.

Weights live in theta (T, P) (row t: trial t's flat vector, layout.py), so layer l's [W | b] is the view
(T, n_l, n_{l-1} + 1) and every product is one batched matmul, which runs the single-trial gemm on each slice:
row t of every result equals network.py's for trial t alone, bit for bit. Batch norm is not stacked (the
caller trains such trials one by one).

Per-trial hyperparameters are columns: l2 (T, 1) and keep_prob (T, 1, 1). Dropout draws one uniform (n, m) per
layer from the shared stream (trials of a stack share their seed, so each would draw the same numbers alone);
a trial with keep_prob 1 gets a mask of ones, which changes no bit.
"""

from __future__ import annotations

import numpy as np

from .activations import run


class StackedBuffers:
    """Scratch of every layer for T trials at batch size m (the hot path allocates nothing)."""

    def __init__(self, sizes: list[int], trials: int, m: int):
        self.m = m
        self.layers = []
        L = len(sizes) - 1
        for l in range(L):
            n_in, n = sizes[l], sizes[l + 1]
            lb = {name: np.empty((trials, n, m)) for name in ("z", "dz", "tmp", "h", "mask")}
            lb["da_ext"] = np.empty((trials, n_in + 1, m))  # [W | b]^T dZ; its last row is unused
            if l < L - 1:
                lb["a_ext"] = np.ones((trials, n + 1, m))  # [A; 1]
                lb["a"] = lb["a_ext"][:, :n]
                lb["u"] = np.empty((n, m))
            self.layers.append(lb)
        for l in range(1, L):
            self.layers[l - 1]["da"] = self.layers[l]["da_ext"][:, : sizes[l]]


class StackedNetwork:
    """T networks shaped like `template` (a network.Network) with parameters theta (T, P)."""

    def __init__(self, template, theta: np.ndarray):
        if any(template.layout.bn):
            raise ValueError("batch norm is not stacked; train such trials one by one")
        self.layout = template.layout
        self.acts = template.acts
        self.output = template.output
        self.weight_mask = template.layout.weight_mask
        self.set_theta(theta)

    def set_theta(self, theta: np.ndarray) -> None:
        """Adopt theta (T, P) (after trials leave the stack) and rebuild the per-layer views."""
        self.theta = theta
        self.grad = np.zeros_like(theta)
        self._tmp = np.empty_like(theta)
        self.Wb = self._views(self.theta)
        self.dWb = self._views(self.grad)
        self._buffers: dict[int, StackedBuffers] = {}

    def _views(self, vec: np.ndarray) -> list[np.ndarray]:
        out = []
        sizes, starts = self.layout.sizes, self.layout.starts
        for l in range(self.layout.n_layers):
            n_in, n_out = sizes[l], sizes[l + 1]
            block = vec[:, starts[l] : starts[l] + n_out * (n_in + 1)]
            out.append(block.reshape(vec.shape[0], n_out, n_in + 1))
        return out

    def buffers(self, m: int) -> StackedBuffers:
        buf = self._buffers.get(m)
        if buf is None:
            buf = self._buffers[m] = StackedBuffers(self.layout.sizes, self.theta.shape[0], m)
        return buf

    def gradient(self, X, T, l2: np.ndarray | None, keep_prob: np.ndarray | None, rng) -> None:
        """Fill grad (T, P) for one mini-batch, shared by all trials or one per trial.

        X: (n_x + 1, m) or (T, n_x + 1, m) inputs with a row of ones; T: output targets (K_out, m) or
        (T, K_out, m); l2: (T, 1) lambdas or None
        when every trial has 0; keep_prob: (T, 1, 1) or None when every trial keeps every unit.
        """
        if keep_prob is None:
            run(self.gradient_ops(X, T, l2))
            return
        m = X.shape[-1]
        buf = self.buffers(m)
        self._forward(X, buf, keep_prob, rng)
        self._backward(X, T, buf, keep_prob is not None)
        if l2 is not None:
            np.multiply(self.theta, self.weight_mask, out=self._tmp)
            self._tmp *= l2 / m
            self.grad += self._tmp

    def gradient_ops(self, X, T, l2: np.ndarray | None) -> list:
        """gradient() without dropout as a list of (function, args) calls (activations.run replays it): the
        same calls on the same buffers, laid out once for inputs X and targets T that the caller refills in
        place (a cohort's mini-batch buffers), so a run of steps pays no Python per layer. Valid until theta
        is replaced (set_theta) or l2 changes."""
        m = X.shape[-1]
        layers, last = self.buffers(m).layers, len(self.Wb) - 1
        ops, a_ext = [], X
        for l, (Wb, lb) in enumerate(zip(self.Wb, layers, strict=True)):
            ops.append((np.matmul, (Wb, a_ext, lb["z"])))
            if l < last:
                ops += self.acts[l].forward_ops(lb["z"], lb["a"], lb["tmp"])
                a_ext = lb["a_ext"]
        top = layers[-1]
        if self.output.name == "sigmoid":
            ops += self.output.delta_ops(top["z"], T, m, top["dz"], None)
        else:
            ops.append((self._delta, (top["z"], T, m, top["dz"])))
        dz = top["dz"]
        for l in range(last, -1, -1):
            a_in = layers[l - 1]["a_ext"] if l else X
            ops.append((np.matmul, (dz, np.swapaxes(a_in, -1, -2), self.dWb[l])))
            if l == 0:
                break
            lb = layers[l - 1]
            ops.append((np.matmul, (np.swapaxes(self.Wb[l], -1, -2), dz, layers[l]["da_ext"])))
            ops += self.acts[l - 1].backward_ops(lb["da"], lb["z"], lb["a"], lb["dz"], lb["tmp"])
            dz = lb["dz"]
        if l2 is not None:  # l2 / m computed once: the same quotients gradient() made every step
            ops += [
                (np.multiply, (self.theta, self.weight_mask, self._tmp)),
                (np.multiply, (self._tmp, l2 / m, self._tmp)),
                (np.add, (self.grad, self._tmp, self.grad)),
            ]
        return ops

    def _forward(self, X, buf: StackedBuffers, keep_prob, rng) -> None:
        a_ext = X
        last = len(self.Wb) - 1
        for l, (Wb, lb) in enumerate(zip(self.Wb, buf.layers, strict=True)):
            np.matmul(Wb, a_ext, out=lb["z"])
            if l == last:
                return
            if keep_prob is not None:
                self.acts[l].forward(lb["z"], lb["h"], lb["tmp"])
                rng.random(out=lb["u"])
                np.less(lb["u"], keep_prob, out=lb["mask"])
                lb["mask"] *= 1.0 / keep_prob
                np.multiply(lb["h"], lb["mask"], out=lb["a"])
            else:
                self.acts[l].forward(lb["z"], lb["a"], lb["tmp"])
            a_ext = lb["a_ext"]

    def _backward(self, X, T, buf: StackedBuffers, dropout: bool) -> None:
        layers = buf.layers
        top = layers[-1]
        self._delta(top["z"], T, buf.m, top["dz"])
        dz = top["dz"]
        for l in range(len(layers) - 1, -1, -1):
            a_in = layers[l - 1]["a_ext"] if l else X
            np.matmul(dz, np.swapaxes(a_in, -1, -2), out=self.dWb[l])
            if l == 0:
                return
            lb = layers[l - 1]
            np.matmul(np.swapaxes(self.Wb[l], -1, -2), dz, out=layers[l]["da_ext"])
            da = lb["da"]
            if dropout:
                da *= lb["mask"]
                a = lb["h"]
            else:
                a = lb["a"]
            self.acts[l - 1].backward(da, lb["z"], a, lb["dz"], lb["tmp"])
            dz = lb["dz"]

    def _delta(self, z, T, m: int, out) -> None:
        """dZ^[L] = (A^[L] - Y) / m into out (T, K_out, m): losses.py's arithmetic per trial."""
        if self.output.name == "sigmoid":
            self.output.delta(z, T, m, out, None)  # elementwise only: stacks as it is
            return
        # softmax: losses.SoftmaxOutput.delta with its class axis (0 there) at -2
        np.subtract(z, z.max(axis=-2, keepdims=True), out=out)
        np.exp(out, out=out)
        out /= out.sum(axis=-2, keepdims=True)
        out -= T
        out *= 1.0 / m

    def forward_eval(self, F: np.ndarray, rows: np.ndarray | None = None) -> np.ndarray:
        """Logits (R, K_out, k) of the stack rows `rows` (default: all) for features F (n_x, k) shared by all
        trials (evaluation mode: network.forward_eval's arithmetic per trial)."""
        A = F
        for l, Wb in enumerate(self.Wb):
            Wb = Wb if rows is None else Wb[rows]
            n_in = Wb.shape[2] - 1
            Z = np.matmul(Wb[:, :, :n_in], A) + Wb[:, :, n_in][:, :, None]
            if l == len(self.Wb) - 1:
                return Z
            A = self.acts[l](Z)
        raise AssertionError("unreachable")

    def logit_bound(self, input_max: float) -> np.ndarray:
        """(T,) an upper bound on |Z| of every layer (and on every |weight|) for inputs with |x| <= input_max.

        Every activation here has |g(z)| <= max(1, |z|), and |z_i| <= sum_j |[W | b]_ij| * max(1, max |a|),
        so the bound multiplies each layer's largest absolute row sum. NaN parameters give NaN.
        """
        bound = np.full(self.theta.shape[0], max(1.0, input_max))
        for Wb in self.Wb:
            bound = np.maximum(1.0, np.abs(Wb).sum(axis=2).max(axis=1) * bound)
        return bound
