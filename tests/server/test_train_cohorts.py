"""Sessions of one shape train stacked (server/cohorts.py) and still show exactly their lone runs' numbers."""

from __future__ import annotations

import json
import time
import urllib.request

import numpy as np
from train_client import TF_TASK, TrainClient

from playground.config import ExperimentConfig
from playground.engine.trainer import Trainer


def stacked(url: str) -> int:
    with urllib.request.urlopen(url + "/health", timeout=10) as r:
        return json.loads(r.read())["stacked"]


def wait_stacked(url: str, n: int, why: str = "", exactly: bool = False) -> None:
    """Until /health reports n sessions training stacked (at least n, or exactly n); fails after 30 s."""
    deadline = time.monotonic() + 30
    while (stacked(url) != n) if exactly else (stacked(url) < n):
        assert time.monotonic() < deadline, why or f"never {n} sessions stacked"
        time.sleep(0.05)


def paused_frame(c: TrainClient, mid: str) -> tuple[dict, dict]:
    c.send(type="pause", id=mid)
    return c.frame(lambda h: h["ack"] == mid, timeout=30)


def reference_weights(cfg: dict, plan: list[tuple[int, dict]]) -> list[np.ndarray]:
    """Train alone: for each (steps, change) apply `change` live, then train until `steps` in total."""
    tr = Trainer(ExperimentConfig(**cfg))
    for steps, change in plan:
        if change:
            tr.set_hyperparameters(tr.cfg.model_copy(update=change))
        tr.train_steps(steps - tr.steps)
        assert tr.steps == steps
    return [a.astype(np.float32) for W, b in tr.layer_params() for a in (W, b.reshape(-1))]


def frame_weights(arrays: dict, layers: int) -> list[np.ndarray]:
    return [arrays[f"{k}{i}"] for i in range(layers) for k in ("W", "b")]


def test_stacked_sessions_match_headless_runs_bit_for_bit(live_server):
    cfgs = [TF_TASK | {"seed": i, "data_seed": i, "learning_rate": 0.03 * (i + 1)} for i in range(3)]
    clients = [TrainClient(live_server.ws) for _ in cfgs]
    try:
        for c, cfg in zip(clients, cfgs, strict=True):
            c.send(type="config", config=cfg, replace=True)
            c.json("config")
            c.send(type="play")
        wait_stacked(live_server.url, 3, "the three sessions never trained stacked")
        time.sleep(0.3)
        # session 0 leaves mid-run for a new learning rate, then plays on (and rejoins)
        first, _ = paused_frame(clients[0], "p0")
        clients[0].send(type="config", config={"learning_rate": 0.5})
        clients[0].json("config")
        clients[0].send(type="play")
        time.sleep(0.5)
        finals = [paused_frame(c, f"end{i}") for i, c in enumerate(clients)]
    finally:
        for c in clients:
            c.close()
    plans = [[(first["step"], {}), (finals[0][0]["step"], {"learning_rate": 0.5})]]
    plans += [[(finals[i][0]["step"], {})] for i in (1, 2)]
    for cfg, plan, (header, arrays) in zip(cfgs, plans, finals, strict=True):
        assert header["step"] > 25 * 20  # trained for real, far past one epoch
        got = frame_weights(arrays, len(header["layers"]) - 1)
        want = reference_weights(cfg, plan)
        assert all(np.array_equal(g, w) for g, w in zip(got, want, strict=True)), header["step"]


def test_a_session_of_another_shape_trains_alone_beside_a_cohort(live_server):
    shapes = [TF_TASK | {"seed": 1}, TF_TASK | {"seed": 2}, TF_TASK | {"hidden": [3]}]
    clients = [TrainClient(live_server.ws) for _ in shapes]
    try:
        for c, cfg in zip(clients, shapes, strict=True):
            c.send(type="config", config=cfg, replace=True)
            c.send(type="play")
        wait_stacked(live_server.url, 2, exactly=True)
        start = [c.newest() for c in clients]
        time.sleep(1.0)
        end = [c.newest() for c in clients]
    finally:
        for c in clients:
            c.close()
    assert all(b["epoch"] > a["epoch"] for a, b in zip(start, end, strict=True))


def test_paced_sessions_stack_and_keep_their_pace(live_server):
    clients = [TrainClient(live_server.ws) for _ in range(3)]
    try:
        for i, c in enumerate(clients):
            c.send(type="config", config=TF_TASK | {"seed": i}, replace=True)
            c.send(type="view", max_epochs_per_second=20)
            c.send(type="play")
        wait_stacked(live_server.url, 3, "paced sessions of one pace never trained stacked")
        start = [c.newest() for c in clients]
        t0 = time.monotonic()
        while time.monotonic() - t0 < 2.0:  # read as a browser does: frames queued in TCP would lag
            end = [c.newest() for c in clients]
            time.sleep(0.05)
        dt = time.monotonic() - t0
    finally:
        for c in clients:
            c.close()
    for a, b in zip(start, end, strict=True):
        rate = (b["epoch"] - a["epoch"]) / dt
        assert 14 <= rate <= 22, rate  # 20 epochs/s, minus scheduling noise; never much faster


def test_stacked_sessions_that_vanish_leave_nothing_running(live_server):
    clients = [TrainClient(live_server.ws) for _ in range(6)]
    for i, c in enumerate(clients):
        c.send(type="config", config=TF_TASK | {"seed": i}, replace=True)
        c.send(type="play")
    wait_stacked(live_server.url, 6)
    for c in clients:
        c.ws.socket.close()  # vanish without a close frame, like a tab that crashed
    t0 = time.monotonic()
    while True:
        with urllib.request.urlopen(live_server.url + "/health", timeout=10) as r:
            h = json.loads(r.read())
        if h["sessions"] == h["training"] == h["stacked"] == h["cohorts"] == 0:  # the pool holds no run
            break
        assert time.monotonic() - t0 < 1.0, h
        time.sleep(0.02)


def test_the_pages_default_run_stacks_at_the_pages_pace_and_keeps_its_numbers(live_server):
    """300 training points in batches of 32 (an aligned cohort: each epoch ends with a batch of 12), at the
    playground page's default 100 epochs/s."""
    cfgs = [{"seed": i} for i in range(2)]
    clients = [TrainClient(live_server.ws) for _ in cfgs]
    try:
        for c, cfg in zip(clients, cfgs, strict=True):
            c.send(type="config", config=cfg, replace=True)
            c.send(type="view", max_epochs_per_second=100)
            c.send(type="play")
        wait_stacked(live_server.url, 2, "the page's default runs never trained stacked")
        time.sleep(0.5)
        finals = [paused_frame(c, f"end{i}") for i, c in enumerate(clients)]
    finally:
        for c in clients:
            c.close()
    for cfg, (header, arrays) in zip(cfgs, finals, strict=True):
        assert header["epoch"] >= 20
        got = frame_weights(arrays, len(header["layers"]) - 1)
        want = reference_weights(cfg, [(header["step"], {})])
        assert all(np.array_equal(g, w) for g, w in zip(got, want, strict=True))


def test_a_run_left_between_mini_batches_by_a_live_batch_size_change_aligns_then_stacks(live_server):
    """Three steps of 10 (position 30), then batches of 25 beside a session training at 25: the run trains
    alone to its epoch's end and joins; the training thread (which every session shares) never stalls."""
    a, b, c = (TrainClient(live_server.ws) for _ in range(3))
    try:
        b.send(type="config", config=TF_TASK | {"seed": 2, "mini_batch_size": 25}, replace=True)
        b.send(type="play")
        a.send(type="config", config=TF_TASK | {"seed": 1}, replace=True)
        a.send(type="step", n=3, id="s")
        assert a.frame(lambda h: h["ack"] == "s")[0]["step"] == 3
        a.send(type="config", config={"mini_batch_size": 25})
        a.send(type="play")
        wait_stacked(live_server.url, 2, "the realigned run never joined")
        c.send(type="config", config={"hidden": [3]}, id="other")  # another session is served promptly
        assert c.json("config", timeout=5)["id"] == "other"
        c.ping()
    finally:
        for x in (a, b, c):
            x.close()
