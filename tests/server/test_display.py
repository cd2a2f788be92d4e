"""Display-only shortcuts of a frame (server/display.py, session.py): bounded approximations, never training.

The reference for every picture is the float64 grid Trainer.boundary_grid computes; the reference for training
is a headless Trainer that never rendered a frame, compared with array_equal.
"""

from __future__ import annotations

import numpy as np
import pytest
from train_client import TF_TASK

from playground.config import ExperimentConfig
from playground.engine.trainer import Trainer
from playground.frames import decode_frame
from playground.server import display
from playground.server.display import (
    DISPLAY_TOLERANCE,
    PROBE_TOLERANCE,
    REFRESH_SECONDS,
    SHOWN_TOLERANCE,
    BoundaryCache,
    proba_float32,
)
from playground.server.protocol import ViewMessage
from playground.server.session import ApplyConfig, TrainSession

CONFIGS = {
    "tf": TF_TASK,
    "page default (Adam, 300 points in batches of 32)": {},
    "blobs, 3 classes, relu": {"dataset": "blobs", "classes": 3, "activation": "relu"},
    "8 x 32 relu": {"hidden": [32] * 8, "activation": "relu"},
    "batch norm": {"batch_norm": True, "hidden": [16, 16]},
    "sigmoid units, more features": {"activation": "sigmoid", "features": ["x1", "x2", "x1x2", "x1^2"]},
}


def run(cfg: dict, seed: int = 1) -> Trainer:
    return Trainer(ExperimentConfig(**(cfg | {"epochs": 1_000_000, "seed": seed})))


def fresh(tr: Trainer, r: int = 100) -> np.ndarray:
    """What a frame showed before display.py: float64 P(class 1), or the top probability, (r, r)."""
    P = tr.boundary_grid(r)[2]
    return P[..., 1] if P.shape[-1] == 2 else P.max(axis=-1)


@pytest.mark.parametrize("name", CONFIGS)
def test_float32_grid_probabilities_stay_within_the_display_tolerance(name):
    tr = run(CONFIGS[name])
    F = tr.grid_inputs(100)[2]
    for _ in range(5):
        tr.train_epochs(20)
        want = tr.network.proba(F)
        got = proba_float32(tr.network, F.astype(np.float32))
        assert got.dtype == np.float32
        np.testing.assert_allclose(got, want, rtol=0, atol=DISPLAY_TOLERANCE)
        # the frames' pass: buffers laid out once, [W | b] on inputs with a ones row, theta read each call
        for kept in (1 << 20, 0):  # its hidden buffers kept between calls, or made for each (a big net)
            fwd = display.Forward32(tr.network, F, kept_bytes=kept)
            if kept == 0:
                assert fwd._kept is None
            elif name == "tf":  # TF Playground's net on the 100 x 100 grid: 0.3 MB, kept
                assert fwd._kept is not None
            for _ in range(2):  # a second call on the kept buffers gives the same
                laid_out = fwd.proba()
                assert laid_out.dtype == np.float32
                np.testing.assert_allclose(laid_out, want, rtol=0, atol=DISPLAY_TOLERANCE)


@pytest.mark.parametrize("name", CONFIGS)
def test_float32_neuron_grids_stay_within_the_display_tolerance_of_the_engines(name):
    """The frame's per-neuron pictures: the probe's float32 pass when it is their grid (20 x 20, the
    default), else a pass of their own; batch norm takes the engine's float64 pass."""
    tr, cache = run(CONFIGS[name]), BoundaryCache()
    for r in (display.PROBE, 9):
        for _ in range(3):
            tr.train_epochs(10)
            want = np.concatenate(tr.neuron_grids(r), axis=0)
            cache.arrays(tr, 100)  # the frame's boundary (and probe) first, as frame_arrays does
            got = cache.neurons(tr, r)
            assert got.dtype == np.float32 and got.shape == want.shape == (sum(tr.cfg.hidden), r, r)
            np.testing.assert_allclose(got, want, rtol=0, atol=DISPLAY_TOLERANCE)
            before = got.copy()
            tr.train_epochs(1)  # the probe's buffers now hold the old parameters: not served again
            moved = np.concatenate(tr.neuron_grids(r), axis=0)
            np.testing.assert_allclose(cache.neurons(tr, r), moved, rtol=0, atol=DISPLAY_TOLERANCE)
            if np.abs(moved - want).max() > 4 * DISPLAY_TOLERANCE:
                assert np.abs(cache.neurons(tr, r) - before).max() > 2 * DISPLAY_TOLERANCE


REUSED = {  # runs whose picture settles (Adam's default keeps moving it: nothing to reuse there)
    "tf": TF_TASK,
    "8 x 8 relu": {"hidden": [8] * 8, "activation": "relu", "optimizer": "gd", "learning_rate": 0.05},
    "blobs, 3 classes, relu": {"dataset": "blobs", "classes": 3, "activation": "relu", "optimizer": "gd"},
}


@pytest.mark.parametrize("name", REUSED)
def test_a_reused_picture_stays_within_two_colour_steps_of_the_fresh_one(name):
    """Frames every few epochs, 12 a second: whatever the cache sends is within SHOWN_TOLERANCE of the fresh
    float64 grid, and on these runs some frames are reused and some recomputed (the bound is not vacuous)."""
    tr, cache, t = run(REUSED[name]), BoundaryCache(), 0.0
    for _ in range(150):
        tr.train_epochs(8)
        t += 1 / 12
        shown = cache.arrays(tr, 100, now=t)
        assert np.abs(shown["boundary"] - fresh(tr)).max() <= SHOWN_TOLERANCE
        if "boundary_class" in shown:  # the colour's class may differ only where two classes nearly tie
            P = tr.boundary_grid(100)[2]
            differs = shown["boundary_class"] != P.argmax(axis=-1)
            P = np.sort(P, axis=-1)
            assert (P[..., -1] - P[..., -2])[differs].max(initial=0.0) <= 2 * SHOWN_TOLERANCE
    assert cache.reused > 0 and cache.computed > 1


def test_the_picture_changes_when_the_probed_probabilities_move():
    tr, cache = run(TF_TASK), BoundaryCache()
    first = cache.arrays(tr, 100, now=0.0)
    assert cache.arrays(tr, 100, now=0.01) is first and cache.reused == 1  # nothing trained: same grid
    inputs: dict = {}
    probe0 = display.forward32(inputs, tr, display.PROBE).proba()  # the cache's own measure (float32)
    assert probe0.shape[1] == display.PROBE**2
    np.testing.assert_allclose(
        probe0.T.reshape(display.PROBE, display.PROBE, -1),
        tr.boundary_grid(display.PROBE)[2],
        atol=DISPLAY_TOLERANCE,
    )
    while np.abs(display.forward32(inputs, tr, display.PROBE).proba() - probe0).max() <= PROBE_TOLERANCE:
        tr.train_epochs(1)
    moved = cache.arrays(tr, 100, now=0.02)
    assert moved is not first and cache.computed == 2
    assert np.abs(moved["boundary"] - fresh(tr)).max() <= DISPLAY_TOLERANCE


def test_the_full_grid_is_recomputed_after_refresh_seconds_and_for_a_new_run_or_resolution():
    tr, cache = run(TF_TASK), BoundaryCache()
    first = cache.arrays(tr, 100, now=0.0)
    assert cache.arrays(tr, 100, now=REFRESH_SECONDS + 0.01) is not first  # even though nothing moved
    assert cache.arrays(tr, 50, now=REFRESH_SECONDS + 0.02)["boundary"].shape == (50, 50)
    other = run(TF_TASK, seed=2)
    np.testing.assert_allclose(cache.arrays(other, 50, now=1.1)["boundary"], fresh(other, 50), atol=1e-5)
    assert cache.computed == 4 and cache.reused == 0


def test_no_reuse_when_the_session_says_so():
    tr, cache = run(TF_TASK), BoundaryCache()
    first = cache.arrays(tr, 100, now=0.0)
    cache.reuse = False  # a paused run's frame
    again = cache.arrays(tr, 100, now=0.01)
    assert again is not first and cache.computed == 2
    assert all(np.array_equal(again[k], first[k]) for k in first)  # fresh, and the same for the same state


def test_a_diverged_network_is_recomputed_not_reused():
    tr, cache = run(TF_TASK), BoundaryCache()
    cache.arrays(tr, 20, now=0.0)
    tr.network.theta[:] = np.nan  # what a diverged run holds
    assert not np.isfinite(cache.arrays(tr, 20, now=0.01)["boundary"]).any() and cache.computed == 2


def session_frames(cfg: dict, views: list[dict], epochs_each: int = 30) -> tuple[TrainSession, list]:
    """A TrainSession (no server, no cohorts) playing `cfg`: for each view message, apply it (a job), train
    `epochs_each` epochs, render a frame; returns the session and the decoded frames rendered here."""
    s = TrainSession()
    s.submit(ApplyConfig(config=ExperimentConfig(**cfg)))
    out = []
    for v in views:
        if v:
            s.submit(ViewMessage(type="view", **v))
        s.job(0.0)  # applies the commands (and clears the interrupt they set)
        s.playing = True
        target = s.trainer.epoch + epochs_each
        while s.trainer.epoch < target:
            assert s._train(1.0) > 0
        s.playing = False
        out.append(decode_frame(s._render()))
    return s, out


def test_coarse_and_hidden_frames_leave_the_training_numbers_bit_for_bit_alone():
    cfg = TF_TASK | {"seed": 3}
    s, frames = session_frames(cfg, [{}, {"visible": False}, {"visible": True}, {}, {}])
    s.coarse = True
    frames.append(decode_frame(s._render()))
    alone = Trainer(ExperimentConfig(**cfg))
    alone.train_steps(s.trainer.steps)
    assert np.array_equal(s.trainer.network.theta, alone.network.theta)
    assert np.array_equal(s.trainer.history.array("train_cost"), alone.history.array("train_cost"))
    grids = [h["grid"] for h, _ in frames]
    assert grids == [100, 0, 100, 100, 100, 50]
    hidden = frames[1]
    assert "boundary" not in hidden[1] and "neurons" not in hidden[1] and "x1" not in hidden[1]
    assert {"train_cost", "W0", "grad_norms"} <= set(hidden[1])  # a hidden tab still gets its numbers
    assert frames[-1][1]["boundary"].shape == (50, 50) and frames[-1][1]["x1"].shape == (50,)
    np.testing.assert_allclose(frames[-1][1]["boundary"], fresh(s.trainer, 50), atol=DISPLAY_TOLERANCE)


def test_a_hidden_session_aims_at_two_frames_a_second_and_back_when_visible():
    s = TrainSession()
    s.view = s.view.model_copy(update={"visible": False})
    assert s.frame_fps() == 2.0
    s.view = s.view.model_copy(update={"visible": True, "max_fps": 20})
    assert s.frame_fps() == 20


def test_an_overloaded_session_turns_coarse_and_back_with_a_gap_between(monkeypatch):
    """_follow_load's switch, fed the scheduler's waits directly (a clock under the test's control)."""
    s, _ = session_frames(TF_TASK, [{}])
    clock = [100.0]
    monkeypatch.setattr("playground.server.session.time.perf_counter", lambda: clock[0])
    s.playing = True

    def turn_after(wait: float) -> bool:
        s.queued()
        clock[0] += wait
        s._follow_load(clock[0])
        return s.coarse

    assert not any(turn_after(1 / 30) for _ in range(20))  # a turn every frame period: full grid
    states = [turn_after(1 / 10) for _ in range(20)]  # 100 ms waits, 10 turns/s < 0.5 x 30: coarse
    assert states[-1] and not states[0]
    assert all(turn_after(1 / 18) for _ in range(20))  # 18/s sits between the thresholds: stays coarse
    back = [turn_after(1 / 30) for _ in range(20)]
    assert not back[-1]
    s.playing = False  # a paused session's waits say nothing: no switch
    assert not any(turn_after(1.0) for _ in range(20))
