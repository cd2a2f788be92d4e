"""/ws/train against a real server: acks follow the effect of a `step`, `rebuilt` does not depend on timing,
the view options max_epochs_per_second and baseline_error, early stopping reports the kept parameters, and
gradient norms arrive for every epoch."""

from __future__ import annotations

import time

import numpy as np
import pytest
from train_client import TF_TASK, TrainClient

from playground.config import ExperimentConfig
from playground.engine.trainer import Trainer

TASK = TF_TASK  # 250 training points in batches of 10: 25 steps per epoch


@pytest.fixture()
def client(live_server):
    with TrainClient(live_server.ws) as c:
        c.send(type="config", config=TF_TASK, id="setup")
        assert c.json("config")["id"] == "setup"
        yield c


def test_a_step_is_acked_only_once_its_steps_are_done(client):
    for k in range(3):
        client.send(type="step", n=100, id=f"s{k}")
    acked = []
    while not acked or acked[-1][0] != "s2":
        header, _ = client.frame()
        if header["ack"] in ("s0", "s1", "s2"):
            acked.append((header["ack"], header["step"]))
    # however the three messages were batched into jobs, an ack never arrives before its steps
    assert all(step == 100 * (int(ack[1]) + 1) for ack, step in acked), acked
    assert acked[-1] == ("s2", 300)


@pytest.mark.parametrize("delay", [0.0, 0.3])
def test_rebuilt_on_the_first_config_depends_on_the_change_not_on_timing(live_server, delay):
    # before the fix, a live-only first config said rebuilt: true when it beat the session's initial build
    for change, rebuilt in (({"learning_rate": 0.1}, False), ({"hidden": [3]}, True)):
        for _ in range(3):
            with TrainClient(live_server.ws) as c:
                time.sleep(delay)
                c.send(type="config", config=change, id="first")
                assert c.json("config")["rebuilt"] is rebuilt, (change, delay)


def test_max_epochs_per_second_paces_training_and_keeps_the_numbers(live_server):
    with TrainClient(live_server.ws) as paced, TrainClient(live_server.ws) as free:
        for c in (paced, free):
            c.send(type="config", config=TASK, id="setup")
            c.json("config")
        paced.send(type="view", max_epochs_per_second=10, id="v")
        paced.frame(lambda h: h["ack"] == "v")
        paced.send(type="play", id="go")
        start, _ = paced.frame(lambda h: h["ack"] == "go")
        t0 = time.monotonic()
        while time.monotonic() - t0 < 2.0:  # read as they come: a frame shows the epochs trained by then
            now, _ = paced.frame()
        rate = (now["epoch"] - start["epoch"]) / (time.monotonic() - t0)
        assert 6 <= rate <= 11, rate  # 10 epochs/s, minus scheduling noise; never faster
        paced.send(type="pause", id="p")
        paused, a_paced = paced.frame(lambda h: h["ack"] == "p")
        # the same number of steps unpaced gives the same bits: pacing changes only the wall-clock speed
        free.send(type="step", n=paused["step"], id="s")
        _, a_free = free.frame(lambda h: h["ack"] == "s")
        for name in ("W0", "b0", "W1", "W2", "boundary"):
            assert np.array_equal(a_paced[name], a_free[name]), name


def test_max_epochs_per_second_paces_a_step_too(client):
    client.send(type="view", max_epochs_per_second=20)  # 20 x 25 = 500 steps per second
    t0 = time.monotonic()
    client.send(type="step", n=500, id="s")
    header, _ = client.frame(lambda h: h["ack"] == "s", timeout=20)
    elapsed = time.monotonic() - t0
    assert header["step"] == 500 and 0.8 <= elapsed <= 5, elapsed  # ~1 s; unpaced this takes ~0.1 s
    client.send(type="view", max_epochs_per_second=0, id="fast")  # 0: as fast as the server can
    client.frame(lambda h: h["ack"] == "fast")
    t0 = time.monotonic()
    client.send(type="step", n=500, id="s2")
    client.frame(lambda h: h["ack"] == "s2")
    assert time.monotonic() - t0 < 0.8


def test_baseline_error_is_what_avoidable_bias_is_measured_against(client):
    client.send(type="step", n=50)
    client.send(type="view", baseline_error=0.3, id="b")
    header, _ = client.frame(lambda h: h["ack"] == "b" and h["epoch"] == 2)
    d = header["diagnosis"]
    assert d["avoidable_bias"] == pytest.approx(d["train_error"] - 0.3)
    client.send(type="view", baseline_error=0, id="b0")  # the default: bias = training error
    d = client.frame(lambda h: h["ack"] == "b0")[0]["diagnosis"]
    assert d["avoidable_bias"] == pytest.approx(d["train_error"])


OVERFIT = {"n_samples": 60, "noise": 0.5, "dev_ratio": 0.5, "hidden": [32, 32], "activation": "relu"}
OVERFIT |= {"init": "he", "learning_rate": 0.05, "mini_batch_size": 0, "epochs": 3000, "early_stopping": 3}


def test_after_early_stopping_the_frame_shows_the_kept_parameters(live_server):
    with TrainClient(live_server.ws) as c:
        c.send(type="config", config=OVERFIT, replace=True)
        c.json("config")
        c.send(type="play")
        event = c.json("event", timeout=30)
        assert event["event"] == "early_stopped"
        kept, kept_cost = event["kept_epoch"], event["kept_dev_cost"]
        assert kept < event["epoch"] and f"epoch {kept}" in event["message"]
        header, _ = c.frame(lambda h: h["stopped"] == "early_stopping")
    # the kept parameters' numbers, not the last epoch's (which early stopping threw away)
    ref = Trainer(ExperimentConfig(**OVERFIT))
    ref.train_epochs(event["epoch"])
    last_dev_cost = ref.history["dev_cost"][-1]
    assert header["train"]["dev_cost"] == pytest.approx(kept_cost, rel=1e-12)
    assert header["train"]["dev_cost"] == pytest.approx(ref.history["dev_cost"][kept - 1], rel=1e-12)
    assert header["train"]["dev_cost"] < last_dev_cost
    assert header["diagnosis"]["dev_error"] == pytest.approx(1 - header["train"]["dev_accuracy"])


def test_gradient_norms_arrive_for_every_epoch_even_in_one_frame(live_server):
    cfg = {
        "dataset": "moons",
        "hidden": [8, 8, 8],
        "activation": "sigmoid",
        "mini_batch_size": 0,
        "epochs": 5,
    }
    with TrainClient(live_server.ws) as c:
        c.send(type="config", config=cfg, replace=True)
        c.json("config")
        c.send(type="play")
        epochs, rows = [], []
        while not epochs or epochs[-1] < 5:
            _, arrays = c.frame()
            for e, g in zip(arrays.get("epochs", []), arrays.get("epoch_grad_norms", []), strict=True):
                if not epochs or e > epochs[-1]:
                    epochs.append(int(e))
                    rows.append(g)
    assert epochs == [1, 2, 3, 4, 5]
    # full batch: epoch e ends with step e; recompute each step's ||dW|| per layer with the engine
    ref = Trainer(ExperimentConfig(**cfg))
    for e in range(5):
        ref.train_steps(1)
        np.testing.assert_allclose(rows[e], ref.grad_norms(), rtol=1e-6)


def test_a_swinging_cost_gets_a_learning_rate_hint_in_the_frame(live_server):
    cfg = {"learning_rate": 10.0, "optimizer": "gd", "mini_batch_size": 0, "epochs": 200}
    with TrainClient(live_server.ws) as c:
        c.send(type="config", config=cfg, replace=True)
        c.json("config")
        c.send(type="play")
        header, _ = c.frame(lambda h: h["stopped"] == "completed", timeout=30)
    assert "learning rate may be too high" in header["diagnosis"]["hint"]
