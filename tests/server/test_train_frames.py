"""Frame building on a stand-in trainer: cost points since the last frame, thinning, and no NaN ever."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np

from backend.frames import decode_frame
from backend.server.protocol import ViewOptions
from backend.server.train_frames import MAX_POINTS, cost_points, render


def history(n: int, dev: bool = True) -> dict:
    h = {"train_cost": [1.0 / (e + 1) for e in range(n)], "train_accuracy": [0.5] * n}
    h["dev_cost"] = [2.0 / (e + 1) for e in range(n)] if dev else [None] * n
    h["dev_accuracy"] = [0.4] * n if dev else [None] * n
    return h


def test_points_since_a_frame_are_the_later_epochs_one_based():
    pts = cost_points(history(10), 7)
    assert pts["epochs"].tolist() == [8, 9, 10]
    assert np.allclose(pts["train_cost"], [1 / 8, 1 / 9, 1 / 10]) and pts["train_cost"].dtype == np.float32
    assert cost_points(history(10), 10) == {}


def test_no_dev_set_means_no_dev_series():
    assert set(cost_points(history(5, dev=False), 0)) == {"epochs", "train_cost", "train_accuracy"}


def test_non_finite_epochs_are_dropped_not_sent():
    h = history(6)
    h["train_cost"][3] = float("nan")
    h["dev_cost"][4] = float("inf")
    h["train_cost"][5] = 1e39  # finite in float64, infinite in float32
    assert cost_points(h, 0)["epochs"].tolist() == [1, 2, 3]


def test_a_long_stall_is_thinned_evenly_keeping_the_last_epoch():
    pts = cost_points(history(3 * MAX_POINTS), 0)
    assert len(pts["epochs"]) == MAX_POINTS and pts["epochs"][0] == 1 and pts["epochs"][-1] == 3 * MAX_POINTS
    assert (np.diff(pts["epochs"]) > 0).all()


class Diverged:
    """A trainer whose weights overflowed: the frame must leave those arrays out."""

    cfg = SimpleNamespace(hidden=[3])
    dataset = SimpleNamespace(bounds=(-1.0, 1.0, -2.0, 2.0), n_classes=2)
    steps, epoch, learning_rate, stopped = 40, 4, 0.5, "diverged"
    history = history(4)

    def boundary_grid(self, r):
        p = np.full((r, r, 2), 0.5)
        p[0, 0] = np.nan
        return np.linspace(-1, 1, r), np.linspace(-2, 2, r), p

    def neuron_grids(self, r):
        return [np.zeros((3, r, r))]

    def layer_params(self):
        return [(np.full((2, 3), np.inf), np.zeros(3)), (np.ones((3, 1)), np.zeros(1))]

    def grad_norms(self):
        return np.array([np.nan, 1.0])


def test_render_omits_non_finite_arrays_and_names_them():
    view = ViewOptions(resolution=10, neuron_resolution=4)
    header, arrays = decode_frame(
        render(Diverged(), view, 2, {"seq": 0, "run": 1, "ack": None, "playing": False})
    )
    assert set(header["omitted"]) == {"boundary", "W0", "grad_norms"}
    assert all(np.isfinite(a).all() for a in arrays.values() if a.dtype.kind == "f")
    assert header["layers"] == [2, 3, 1] and header["bounds"] == [-1.0, 1.0, -2.0, 2.0]
    assert arrays["epochs"].tolist() == [3, 4] and arrays["neurons"].shape == (3, 4, 4)
    assert header["diagnosis"]["verdict"] == "high bias and high variance"  # 50% / 60% error
