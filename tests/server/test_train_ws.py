"""/ws/train against a real `playground serve`: hello, streaming frames, every command, live vs rebuild."""

from __future__ import annotations

import time

import numpy as np
import pytest
from train_client import TF_TASK, TrainClient

from playground.config import ExperimentConfig
from playground.engine.trainer import LIVE_FIELDS
from playground.server.train_frames import MAX_POINTS


@pytest.fixture()
def client(live_server):
    with TrainClient(live_server.ws) as c:
        c.send(type="config", config=TF_TASK, id="setup")
        assert c.json("config")["id"] == "setup"
        yield c


def test_hello_carries_version_schema_limits_and_live_fields(live_server):
    with TrainClient(live_server.ws) as c:
        h = c.hello
        assert h["protocol"] == 1 and h["endpoint"] == "train"
        assert h["limits"]["max_message_bytes"] == 256 * 1024
        assert h["schema"] == ExperimentConfig.model_json_schema()
        assert h["config"] == ExperimentConfig().model_dump(mode="json")
        assert set(h["live_fields"]) == set(LIVE_FIELDS)
        assert {"config", "play", "pause", "step", "reset", "gradcheck", "view"} <= set(h["messages"])


def test_play_streams_frames_with_every_part_the_issue_lists(client):
    client.send(type="play", id=1)
    frames = [client.frame(lambda h: h["ack"] == 1 and h["epoch"] > 0)]
    while frames[-1][0]["epoch"] < 50:
        frames.append(client.frame())
    header, arrays = frames[-1]
    assert header["playing"] is True and header["stopped"] is None
    assert header["layers"][:3] == [2, 4, 2] and header["n_classes"] == 2
    assert header["learning_rate"] == pytest.approx(0.03)
    assert arrays["boundary"].shape == (100, 100) and arrays["boundary"].dtype == np.float32
    assert ((arrays["boundary"] >= 0) & (arrays["boundary"] <= 1)).all()
    assert arrays["x1"].shape == (100,) and arrays["x2"].shape == (100,)
    assert arrays["neurons"].shape == (6, 20, 20)  # 4 + 2 hidden neurons; tanh outputs lie in [-1, 1]
    assert np.abs(arrays["neurons"]).max() <= 1.0
    assert arrays["W0"].shape == (2, 4) and arrays["b0"].shape == (4,) and arrays["W1"].shape == (4, 2)
    assert arrays["grad_norms"].shape == (len(header["layers"]) - 1,)
    d = header["diagnosis"]
    assert d["train_error"] == pytest.approx(1 - header["train"]["train_accuracy"])
    assert d["variance"] == pytest.approx(d["dev_error"] - d["train_error"])
    assert header["nbytes"] <= 64 * 1024  # a default frame stays under 64 KB
    # cost points: every epoch exactly once across frames (repeats after a skipped frame are dropped)
    seen: list[int] = []
    for _, a in frames:
        for e in a.get("epochs", []):
            if not seen or e > seen[-1]:
                seen.append(int(e))
    assert seen == list(range(1, seen[-1] + 1))
    assert {"train_cost", "train_accuracy", "dev_cost", "dev_accuracy"} <= set(arrays)


def test_pause_takes_effect_in_the_next_frame_and_training_stops(client):
    client.send(type="play")
    client.frame(lambda h: h["epoch"] > 5)
    client.send(type="pause", id="p")
    header, _ = client.frame(lambda h: h["ack"] == "p")
    assert header["playing"] is False
    client.ping()
    client.send(type="view", resolution=12, id="v")  # forces one more frame: the step count must not move
    later, _ = client.frame(lambda h: h["ack"] == "v")
    assert later["step"] == header["step"]


def test_step_trains_exactly_n_steps_and_reset_replays_bit_for_bit(client):
    client.send(type="reset", id="r1")
    h0, _ = client.frame(lambda h: h["ack"] == "r1")
    assert h0["step"] == 0 and h0["epoch"] == 0
    client.send(type="step", n=77, id="s1")
    h1, a1 = client.frame(lambda h: h["ack"] == "s1" and h["step"] == 77)
    assert h1["playing"] is False and h1["epoch"] == 77 // 25  # 250 training points / batch 10
    client.send(type="reset", id="r2")
    h2, _ = client.frame(lambda h: h["ack"] == "r2")
    assert h2["run"] == h1["run"] + 1 and h2["step"] == 0
    client.send(type="step", n=77, id="s2")
    _, a2 = client.frame(lambda h: h["ack"] == "s2" and h["step"] == 77)
    for name in ("W0", "b0", "W1", "W2", "boundary"):
        assert np.array_equal(a1[name], a2[name]), name


def test_learning_rate_change_applies_without_reset(client):
    client.send(type="play")
    before, _ = client.frame(lambda h: h["epoch"] >= 3)
    client.send(type="config", config={"learning_rate": 0.3}, id="lr")
    reply = client.json("config")
    assert reply["id"] == "lr" and reply["rebuilt"] is False and reply["config"]["learning_rate"] == 0.3
    after, _ = client.frame(lambda h: h["ack"] == "lr")
    assert after["run"] == before["run"] and after["step"] >= before["step"]
    assert after["learning_rate"] == pytest.approx(0.3)
    # the other settings are kept: a partial update merges onto the current config
    assert reply["config"]["mini_batch_size"] == 10 and reply["config"]["optimizer"] == "gd"


def test_architecture_change_rebuilds(client):
    client.send(type="step", n=30, id="s")
    before, _ = client.frame(lambda h: h["ack"] == "s" and h["step"] == 30)
    client.send(type="config", config={"hidden": [3], "activation": "relu"}, id="arch")
    reply = client.json("config")
    assert reply["rebuilt"] is True
    header, arrays = client.frame(lambda h: h["ack"] == "arch")
    assert header["run"] == before["run"] + 1 and header["step"] == 0
    assert header["layers"][:2] == [2, 3] and arrays["W0"].shape == (2, 3)
    assert arrays["neurons"].shape == (3, 20, 20) and arrays["neurons"].min() >= 0  # relu


def test_replace_starts_from_the_defaults(client):
    client.send(type="config", config={"seed": 3}, replace=True, id="fresh")
    reply = client.json("config")
    # the drawn lists the previous reply carried ([] then, [] now) are not echoed again
    assert reply["unchanged"] == ["points", "dev_points", "test_points"]
    echoed = reply["config"] | {k: [] for k in reply["unchanged"]}
    assert echoed == ExperimentConfig(seed=3).model_dump(mode="json")


def test_view_options_shape_the_frames(client):
    client.send(type="view", resolution=40, neurons=False, weights=False, id="v")
    header, arrays = client.frame(lambda h: h["ack"] == "v")
    assert arrays["boundary"].shape == (40, 40) and arrays["x1"].shape == (40,)
    assert "neurons" not in arrays and "W0" not in arrays


def test_gradcheck_agrees_with_backprop(client):
    client.send(type="gradcheck", id="g")
    reply = client.json("gradcheck")
    assert reply["id"] == "g" and 0 <= reply["difference"] < 1e-6  # two-sided differences, eps 1e-7


def test_gradcheck_on_a_big_network_is_refused_not_run(client):
    client.send(type="config", config={"hidden": [64, 64]})
    client.json("config")
    client.send(type="gradcheck", id="big")
    err = client.json("error")
    assert err["code"] == "too_large" and err["id"] == "big" and "parameters" in err["message"]
    client.ping()


def test_multiclass_frames_send_the_class_and_its_probability(client):
    client.send(type="config", config={"dataset": "blobs", "classes": 3, "hidden": [5]}, id="k3")
    header, arrays = client.frame(lambda h: h["ack"] == "k3")
    assert header["n_classes"] == 3
    assert arrays["boundary_class"].dtype == np.uint8 and set(np.unique(arrays["boundary_class"])) <= {
        0,
        1,
        2,
    }
    assert (arrays["boundary"] >= 1 / 3 - 1e-6).all()  # the largest of 3 probabilities is at least 1/3


def test_completed_event_then_play_starts_over(client):
    client.send(type="config", config={"epochs": 3})
    client.json("config")
    client.send(type="play")
    event = client.json("event")
    assert event["event"] == "completed" and event["epoch"] == 3
    header, _ = client.frame(lambda h: h["stopped"] == "completed")
    assert header["playing"] is False and header["epoch"] == 3
    client.send(type="play", id="again")
    again, _ = client.frame(lambda h: h["ack"] == "again")
    assert again["run"] == header["run"] + 1


def test_a_slow_client_gets_fresh_frames_not_a_backlog_and_loses_no_cost_points(live_server):
    with TrainClient(
        live_server.ws, max_queue=2
    ) as c:  # tiny client buffer: TCP back-pressure reaches the server
        c.send(type="config", config=TF_TASK)
        c.send(
            type="view", resolution=200, neuron_resolution=50
        )  # ~220 KB frames fill socket buffers quickly
        c.send(type="play")
        time.sleep(4.0)  # not reading: training goes on; a queueing server would stack up ~100 frames
        frames = []
        t_end = time.monotonic() + 1.0
        while time.monotonic() < t_end:
            kind, msg = c.recv()
            if kind == "frame":
                frames.append(msg)
    epochs = [h["epoch"] for h, _ in frames]
    jumps = [b - a for a, b in zip(epochs, epochs[1:], strict=False)]
    # frames already on their way when the client started reading: only what the kernel's socket buffers
    # hold (a few MB on loopback), never a server-side backlog
    stale = jumps.index(max(jumps)) + 1
    assert max(jumps) >= 600 and stale <= 40, (stale, jumps[:12])
    # every epoch arrives (a frame carrying more than MAX_POINTS is thinned evenly, keeping its ends)
    last = None
    for h, a in frames:
        new = [int(e) for e in a.get("epochs", []) if last is None or e > last]
        if not new:
            continue
        if last is not None:
            assert new[0] == last + 1, f"epochs {last + 1}..{new[0] - 1} were lost"
        if len(a["epochs"]) < MAX_POINTS:
            assert new == list(range(new[0], new[-1] + 1))
        assert new[-1] == h["epoch"]
        last = new[-1]
