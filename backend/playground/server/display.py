"""The decision-boundary picture of a frame, computed for display only: nothing here touches training.

Under a classroom's load the 100 x 100 boundary grid is the biggest part of a frame (about 0.25 ms of 0.6 on
TF Playground's task: seven tanh/sigmoid units over 10,000 points). Two display-only shortcuts cut it:

- **float32**: the grid's forward pass runs in float32 (its tanh is ~4x faster than float64's); the wire
  carries float32 anyway. The probabilities stay within DISPLAY_TOLERANCE of the float64 ones
  (tests/server/test_display.py checks it over networks up to 8 x 64, batch norm, 3 classes).
- **Reuse while the picture stands still**: a probe of PROBE x PROBE points spread over the plot is evaluated
  every frame (400 points, float32 like the grid); while its probabilities moved less than PROBE_TOLERANCE
  (half a step of an 8-bit colour ramp) since the last full grid, the last full grid is sent again. The last
  full grid is recomputed at least every REFRESH_SECONDS anyway, so a change the probe missed shows within
  that time. Only a playing run's periodic frames reuse: a paused run's picture is always fresh.
  Between probe points a reused picture can differ more than the probe's tolerance: measured over runs of
  12 frames a second it stays within SHOWN_TOLERANCE of the fresh grid (the tests check that bound).

The frame's header names the grid's side (`grid`): a coarser grid is sent when the server is overloaded
(`coarse`: session.py decides), and the page reads each array's own shape.
"""

from __future__ import annotations

import time

import numpy as np

from playground.engine import batchnorm
from playground.engine.activations import sigmoid

PROBE = 20  # side of the probe grid
PROBE_TOLERANCE = 1 / 512  # max |change| of a probed probability that still reuses the last grid
REFRESH_SECONDS = 1.0  # the full grid is recomputed at least this often while training
DISPLAY_TOLERANCE = 5e-5  # float32 grid probabilities vs float64 (measured: <= 2e-5, batch norm the worst)
SHOWN_TOLERANCE = (
    1 / 128
)  # a reused grid vs the fresh float64 one: two 8-bit colour steps (measured <= 0.007)


def output_proba32(output, Z: np.ndarray) -> np.ndarray:
    """(K, k) float32 class probabilities of float32 logits Z (K_out, k), as output.proba gives them (K = 2
    for the sigmoid output: rows P(y=0), P(y=1)). The engine's sigmoid computes in float64 (training needs
    it); here that one float64 tanh over the grid was a third of the frame's forward pass."""
    if output.name != "sigmoid":
        return output.proba(Z).astype(np.float32, copy=False)  # softmax keeps its input's float32
    out = np.empty((2, Z.shape[1]), np.float32)
    sigmoid(Z[0], out[1])
    np.subtract(1.0, out[1], out=out[0])
    return out


def proba_float32(network, F: np.ndarray) -> np.ndarray:
    """(K, k) class probabilities of features F (n_x, k) float32, through a float32 copy of the parameters
    (evaluation mode: running averages for batch norm). The Network's own state is only read."""
    A = F
    last = len(network.params) - 1
    for l, p in enumerate(network.params):
        Z = p.W.astype(np.float32) @ A
        if p.b is None:  # batch norm: its running averages, cast like the weights
            stats = (p.gamma, p.beta, *network.running[l])
            Z = batchnorm.forward_eval(Z, *(v.astype(np.float32) for v in stats))
        else:
            Z += p.b.astype(np.float32)[:, None]
        if l == last:
            return output_proba32(network.output, Z)
        A = network.acts[l](Z)  # allocates a float32 output like its input
    raise AssertionError("unreachable")


class Forward32:
    """A float32 forward pass of one network over one fixed set of points, in buffers laid out once: the
    inputs and every hidden layer carry a row of ones, so each layer is one matmul with [W | b] (a copy of
    theta cast once per call). On a playground-sized net NumPy's cost is per call (~2-4 us each), so this
    does in ~12 calls what proba_float32 does in ~25. Batch-normalized networks take proba_float32.

    The hidden layers' buffers are kept between calls only up to KEPT_BYTES (TF Playground's net on the
    100 x 100 grid: 0.3 MB); a big net's (8 x 64: 21 MB) are made for each call, so a session never holds
    more than a frame's worth."""

    KEPT_BYTES = 1 << 20

    def __init__(self, network, F: np.ndarray, kept_bytes: int = KEPT_BYTES):
        """F: (n_x, k) features of the points (any float dtype)."""
        self.network = network
        self.theta = np.empty(network.theta.shape, np.float32)
        self.params = network.layout.views(self.theta)
        self.sizes, k = network.layout.sizes, F.shape[1]
        self.inputs = np.ones((self.sizes[0] + 1, k), np.float32)  # the last row stays ones
        self.inputs[:-1] = F
        self.F32 = self.inputs[:-1]  # for the batch-norm fallback
        self.plain = not any(network.layout.bn)
        hidden = sum(n + 1 for n in self.sizes[1:-1]) * k * 4
        self._kept = self._hidden_rows() if hidden <= kept_bytes else None
        self._passed = False  # the kept buffers hold a pass with the float32 parameters in self.theta

    def hidden(self) -> list[np.ndarray] | None:
        """Per hidden layer (n_l, k) float32 activations for the network's parameters now: views into the
        kept buffers, valid until the next call. A pass already made with the same float32 parameters (the
        probe, a moment ago in the same frame) is not repeated: its output would be the same bits. None
        for batch norm, or when the buffers are not kept (the caller takes the float64 pass)."""
        if not self.plain or self._kept is None:
            return None
        if not (self._passed and np.array_equal(self.theta, self.network.theta.astype(np.float32))):
            self.proba()
        return [rows[:-1] for rows in self._kept]

    def _hidden_rows(self) -> list[np.ndarray]:
        """(n_l + 1, k) float32 per hidden layer's output, the last row ones."""
        return [np.ones((n + 1, self.inputs.shape[1]), np.float32) for n in self.sizes[1:-1]]

    def proba(self) -> np.ndarray:
        """(K, k) float32 class probabilities for the network's parameters now (a new array)."""
        net = self.network
        if not self.plain:
            return proba_float32(net, self.F32)
        np.copyto(self.theta, net.theta, casting="same_kind")
        self._passed = True
        rows = [self.inputs, *(self._kept or self._hidden_rows())]
        last = len(self.params) - 1
        for l, p in enumerate(self.params):
            if l == last:
                return output_proba32(net.output, p.Wb @ rows[l])
            Z = rows[l + 1][:-1]
            np.matmul(p.Wb, rows[l], out=Z)
            net.acts[l].apply_(Z)
        raise AssertionError("unreachable")


def forward32(cache: dict, trainer, resolution: int) -> Forward32:
    """The Forward32 of trainer's network over its grid of `resolution` (cache: a dict owned by the caller,
    emptied when the trainer changes: a rebuilt run may have another shape)."""
    fwd = cache.get(resolution)
    if fwd is None or fwd.network is not trainer.network:
        if fwd is not None:
            cache.clear()
        fwd = cache[resolution] = Forward32(trainer.network, trainer.grid_inputs(resolution)[2])
    return fwd


def boundary_arrays(probs: np.ndarray) -> dict[str, np.ndarray]:
    """The frame's `boundary` (r, r) float32 (P(class 1) for two classes, else the top probability) and,
    for more classes, `boundary_class` (r, r) uint8, from probs (K, r, r)."""
    if probs.shape[0] == 2:
        return {"boundary": probs[1].astype(np.float32)}
    return {
        "boundary": probs.max(axis=0).astype(np.float32),
        "boundary_class": probs.argmax(axis=0).astype(np.uint8),
    }


class BoundaryCache:
    """One session's last full boundary grid and the probe it was computed with (see the module doc)."""

    def __init__(self) -> None:
        self._trainer = None
        self._resolution = 0
        self._probe: np.ndarray | None = None
        self._forward: dict[int, Forward32] = {}  # by grid side (PROBE and the frames' resolutions)
        self._arrays: dict[str, np.ndarray] = {}
        self._computed_at = 0.0
        self.reused = self.computed = 0  # frames served each way (for benchmarks and tests)
        # the session allows reuse only for the periodic frames of a playing run: a paused run's picture (or
        # the one acking a step) is always computed afresh, the same for the same parameters
        self.reuse = True

    def neurons(self, trainer, resolution: int) -> np.ndarray:
        """(units, r, r) float32: every hidden unit's output over the grid of `resolution`, [unit, iy, ix],
        layer after layer (float32 like the boundary; the probe's pass when it is that grid, as the
        default 20 is; batch norm and very wide networks take the engine's float64 pass)."""
        with np.errstate(all="ignore"):
            layers = forward32(self._forward, trainer, resolution).hidden()
            if layers is None:
                layers = trainer.neuron_grids(resolution)
        return np.concatenate(layers, axis=0, dtype=np.float32).reshape(-1, resolution, resolution)

    def arrays(self, trainer, resolution: int, now: float | None = None) -> dict[str, np.ndarray]:
        """x1 (r,), x2 (r,), boundary (r, r) [, boundary_class] for the trainer's parameters now."""
        now = time.perf_counter() if now is None else now
        with np.errstate(all="ignore"):  # a diverged net: NaN, which never compares as unchanged
            probed = forward32(self._forward, trainer, PROBE).proba()  # (K, PROBE * PROBE)
        same = trainer is self._trainer and resolution == self._resolution and self._probe is not None
        if same and self.reuse and now - self._computed_at < REFRESH_SECONDS:
            change = np.abs(probed - self._probe).max(initial=0.0)
            if change <= PROBE_TOLERANCE:  # NaN compares False: a diverged net is recomputed
                self.reused += 1
                return self._arrays
        xs, ys, _ = trainer.grid_inputs(resolution)
        with np.errstate(all="ignore"):
            P = forward32(self._forward, trainer, resolution).proba()  # (K, r*r)
        arrays = {"x1": xs.astype(np.float32), "x2": ys.astype(np.float32)}
        arrays |= boundary_arrays(P.reshape(-1, resolution, resolution))
        self._trainer, self._resolution, self._probe = trainer, resolution, probed
        self._arrays, self._computed_at = arrays, now
        self.computed += 1
        return arrays
