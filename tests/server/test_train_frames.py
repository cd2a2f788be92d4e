"""Frame building on a stand-in trainer: cost points since the last frame, thinning, and no NaN ever."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

from playground.engine.trainer_state import History
from playground.frames import decode_frame
from playground.server.protocol import ViewOptions
from playground.server.train_frames import MAX_POINTS, cost_points, render


def history(n: int, dev: bool = True, values: dict | None = None) -> History:
    """An engine History of n epochs (costs 1/e and 2/e, accuracies 0.5 and 0.4); `values` overrides
    {(key, epoch index): value}; gradient norms (1/e, 2/e) per epoch for two layers."""
    h = History()
    for e in range(n):
        row = {"train_cost": 1.0 / (e + 1), "train_accuracy": 0.5}
        row |= (
            {"dev_cost": 2.0 / (e + 1), "dev_accuracy": 0.4}
            if dev
            else {"dev_cost": None, "dev_accuracy": None}
        )
        for (k, i), v in (values or {}).items():
            if i == e:
                row[k] = v
        h.append(**row, grad_norms=np.array([1.0, 2.0]) / (e + 1))
    return h


def test_points_since_a_frame_are_the_later_epochs_one_based():
    pts = cost_points(history(10), 7)
    assert pts["epochs"].tolist() == [8, 9, 10]
    assert np.allclose(pts["train_cost"], [1 / 8, 1 / 9, 1 / 10]) and pts["train_cost"].dtype == np.float32
    assert cost_points(history(10), 10) == {}


def test_no_dev_set_means_no_dev_series():
    assert set(cost_points(history(5, dev=False), 0)) == {
        "epochs",
        "train_cost",
        "train_accuracy",
        "epoch_grad_norms",
    }


def test_non_finite_epochs_are_dropped_not_sent():
    # 1e39 is finite in float64, infinite in float32
    h = history(
        6, values={("train_cost", 3): float("nan"), ("dev_cost", 4): float("inf"), ("train_cost", 5): 1e39}
    )
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

    def evaluate(self, split):
        return None, None  # no test split

    def layer_params(self):
        return [(np.full((2, 3), np.inf), np.zeros(3)), (np.ones((3, 1)), np.zeros(1))]

    def grad_norms(self):
        return np.array([np.nan, 1.0])

    def latest_metrics(self):
        return {k: self.history.latest(k) for k in History.KEYS}


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


def test_per_epoch_gradient_norms_follow_the_epochs_sent():
    # epoch 3 (index 2) has a NaN cost: it is dropped from every array alike, so rows still match epochs
    pts = cost_points(history(5, values={("train_cost", 2): float("nan")}), 1)
    assert pts["epochs"].tolist() == [2, 4, 5]
    expected = np.array([[1.0, 2.0]]) / np.array([[2.0], [4.0], [5.0]])
    assert pts["epoch_grad_norms"].dtype == np.float32
    np.testing.assert_allclose(pts["epoch_grad_norms"], expected, rtol=1e-6)


def test_a_capped_history_sends_the_epochs_it_kept_numbered_from_the_run_start():
    h = History(keep=100)
    for e in range(1000):
        h.append(1.0 / (e + 1), None, 0.5, None, grad_norms=np.array([float(e + 1)]))
    assert h.epochs == 1000 and 100 <= 1000 - h.first <= 400  # bounded memory: keep..4 x keep rows
    pts = cost_points(h, 0)  # a client that asks from the start gets what is kept
    assert pts["epochs"][0] == h.first + 1 and pts["epochs"][-1] == 1000
    np.testing.assert_allclose(pts["train_cost"], 1.0 / pts["epochs"], rtol=1e-6)
    np.testing.assert_array_equal(pts["epoch_grad_norms"][:, 0], pts["epochs"])
    assert cost_points(h, 990)["epochs"].tolist() == list(range(991, 1001))


def test_baseline_error_moves_the_bias_verdict():
    # 50% training error against a 48% human-level error: little avoidable bias; the dev gap stays high
    view = ViewOptions(resolution=10, neuron_resolution=4, baseline_error=0.48)
    header, _ = decode_frame(render(Diverged(), view, 0, {"seq": 0, "run": 1, "ack": None, "playing": False}))
    d = header["diagnosis"]
    assert d["avoidable_bias"] == pytest.approx(0.02) and d["verdict"] == "high variance"


def test_a_header_with_nan_or_numpy_values_goes_out_as_json_null_and_numbers():
    """The header is encoded as is (the fast path) unless it holds NaN/inf or NumPy values; then it is
    walked (wsbase.finite) and NaN goes out as null: never as NaN, which JSON does not have."""

    class NanMetrics(Diverged):
        def latest_metrics(self):
            values = {"train_cost": float("nan"), "dev_cost": np.float64(np.inf)}
            return values | {"train_accuracy": np.float32(0.5), "dev_accuracy": None}

    view = ViewOptions(resolution=10, neuron_resolution=4)
    raw = render(NanMetrics(), view, 2, {"seq": 0, "run": 1, "ack": None, "playing": False})
    header, _ = decode_frame(raw)
    assert b"NaN" not in raw and b"Infinity" not in raw
    assert header["train"]["train_cost"] is None and header["train"]["dev_cost"] is None
    assert header["train"]["train_accuracy"] == 0.5
