"""Build one /ws/train binary frame from a Trainer (the layout is documented in shared/PROTOCOL.md).

Arrays go out as float32 (half the bytes of float64, plenty for plotting). Any array that is not finite after
the cast is left out and named in the header's `omitted` list: NaN and Infinity never reach the wire.
"""

from __future__ import annotations

import numpy as np

from playground.frames import NonFiniteError, encode_frame
from playground.server.diagnosis import TREND_EPOCHS, diagnose
from playground.server.display import BoundaryCache, boundary_arrays
from playground.server.wsbase import finite

MAX_POINTS = 10_000  # cost points per frame (160 KB); a client that stalled long gets every k-th epoch
SERIES = ("train_cost", "train_accuracy", "dev_cost", "dev_accuracy")


def cost_points(history, start: int) -> dict[str, np.ndarray]:
    """Per-epoch points for epochs start+1.. (1-based) of an engine History: `epochs` (n,) int32, each series
    (n,) float32 and `epoch_grad_norms` (n, L) float32 (||dW|| per layer at each epoch's last step).

    Dev series are sent only when the dev split exists. Epochs whose values are not finite (a diverging run)
    are dropped rather than sent as NaN. Epochs the history no longer keeps (History.keep) are skipped.
    """
    n_total = history.epochs
    start = max(start, history.first)
    if start >= n_total:
        return {}
    idx = np.arange(start, n_total)
    values = np.array([history.array(s, start) for s in SERIES])  # (4, n): one copy, checked at once
    grads = history.grad_norms(start)
    if len(idx) > MAX_POINTS:
        rows = np.linspace(0, len(idx) - 1, MAX_POINTS).round().astype(int)
        idx, values = idx[rows], values[:, rows]
        grads = None if grads is None else grads[rows]
    present = ~np.isnan(values).all(axis=1)  # all NaN: an empty dev set (a non-finite cost is dropped below)
    values = values[present]
    # |v| < 3e38 is False for NaN and inf too: the epoch is dropped unless every value fits a float32.
    # The float32 norms are compared as float32, as the wire will carry them.
    keep = (np.abs(values) < 3e38).all(axis=0)
    if grads is not None:
        keep &= (np.abs(grads) < 3e38).all(axis=1)
    out = {"epochs": (idx[keep] + 1).astype(np.int32)}
    series = (values if keep.all() else values[:, keep]).astype(np.float32)
    out.update(zip([s for s, p in zip(SERIES, present, strict=True) if p], series, strict=True))
    if grads is not None:
        out["epoch_grad_norms"] = np.ascontiguousarray(grads[keep], np.float32)
    return out


def recent_costs(trainer) -> np.ndarray:
    """(n,) training cost of the last TREND_EPOCHS epochs (NaN where unknown), for the diagnosis' hint."""
    h = trainer.history
    return h.array("train_cost", max(0, h.epochs - TREND_EPOCHS))


def fresh_boundary(trainer, resolution: int) -> dict[str, np.ndarray]:
    """x1 (r,), x2 (r,) float32 and boundary (r, r) float32 [iy, ix] (P(class 1) for two classes, like
    TensorFlow Playground, else the top probability with boundary_class (r, r) uint8) of a fresh float64 grid:
    what headless callers, the tests' reference and a room's thumbnail get."""
    xs, ys, probs = trainer.boundary_grid(resolution)
    arrays = {"x1": np.asarray(xs, np.float32), "x2": np.asarray(ys, np.float32)}
    return arrays | boundary_arrays(np.asarray(probs).transpose(2, 0, 1))


def frame_arrays(trainer, view, params, boundary: BoundaryCache | None = None, grids=True, resolution=None):
    """Boundary grid, neuron grids, weights (`params`: trainer.layer_params()), gradient norms (all float32
    except boundary_class), as a dict of arrays.

    `boundary`: the session's display cache (display.py: float32 boundary and neuron grids, the boundary
    reused while the picture stands still;
    None: a fresh float64 grid, what headless callers and the tests' reference get). `grids` False leaves the
    boundary and neuron grids out (a hidden tab); `resolution` overrides view.resolution (an overloaded
    server's coarser grid)."""
    arrays: dict[str, np.ndarray] = {}
    r = resolution or view.resolution
    if grids and boundary is not None:
        arrays |= boundary.arrays(trainer, r)
    elif grids:
        arrays |= fresh_boundary(trainer, r)
    if grids and view.neurons and trainer.cfg.hidden and boundary is not None:
        arrays["neurons"] = boundary.neurons(trainer, view.neuron_resolution)
    elif grids and view.neurons and trainer.cfg.hidden:
        layers = trainer.neuron_grids(view.neuron_resolution)
        arrays["neurons"] = np.concatenate(layers, axis=0, dtype=np.float32)  # cast once, while joining
    if view.weights:
        for i, (W, b) in enumerate(params):
            arrays[f"W{i}"] = np.asarray(W, np.float32)
            arrays[f"b{i}"] = np.asarray(b, np.float32).reshape(-1)
    arrays["grad_norms"] = np.asarray(trainer.grad_norms(), np.float32).reshape(-1)
    return arrays


def test_metrics(trainer) -> dict:
    """{test_cost, test_accuracy} of the parameters held now; absent when there is no test split (the
    per-epoch history never looks at test data: the test set stays out of every decision)."""
    cost, accuracy = trainer.evaluate("test")
    return {} if cost is None else {"test_cost": cost, "test_accuracy": accuracy}


def render(trainer, view, since_epoch: int, meta: dict, boundary=None, grids=True, resolution=None) -> bytes:
    """One frame: header (meta + step, epoch, learning rate, diagnosis, layer sizes, `grid`: the boundary
    grid's side, 0 when the grids are left out) and its arrays (frame_arrays' options)."""
    params = trainer.layer_params()
    with np.errstate(all="ignore"):  # a diverged net may overflow in float32: caught below, not warned
        arrays = frame_arrays(trainer, view, params, boundary, grids, resolution)
        arrays = {**cost_points(trainer.history, since_epoch), **arrays}
    current = trainer.latest_metrics()  # after early stopping: the kept parameters, not the last epoch
    header = {
        "type": "frame",
        **meta,
        "step": int(trainer.steps),
        "epoch": int(trainer.epoch),
        "learning_rate": float(trainer.learning_rate),
        "stopped": trainer.stopped,
        "n_classes": int(trainer.dataset.n_classes),
        "layers": [int(np.shape(params[0][0])[0])] + [int(np.shape(W)[1]) for W, _ in params],
        "bounds": [float(v) for v in trainer.dataset.bounds],
        "grid": int(resolution or view.resolution) if grids else 0,
        "train": {**{s: current[s] for s in SERIES}, **test_metrics(trainer)},
        "diagnosis": diagnose(
            current["train_accuracy"], current["dev_accuracy"], view.baseline_error, recent_costs(trainer)
        ),
    }
    try:  # non-finite arrays are left out and named in `omitted`
        return encode_frame(header, arrays, omit_non_finite=True)
    except (NonFiniteError, TypeError):  # NaN or a NumPy scalar in the header: the slow walk (a diverged run)
        return encode_frame(finite(header), arrays, omit_non_finite=True)
