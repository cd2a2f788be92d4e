"""Faults and load on a real server: divergence never puts NaN on the wire, a disconnect cancels the work
within a second, thousands of connect/disconnect cycles leak nothing, /health stays fast under the largest
network."""

from __future__ import annotations

import json
import time
import urllib.request

import numpy as np
import psutil
import pytest
from conftest import LiveServer
from train_client import TrainClient

from playground.config import MAX_LAYERS, MAX_POINTS, MAX_UNITS

ALL_FEATURES = ["x1", "x2", "x1^2", "x2^2", "x1x2", "sin_x1", "sin_x2"]
LARGEST = {"hidden": [MAX_UNITS] * MAX_LAYERS, "n_samples": MAX_POINTS, "features": ALL_FEATURES}
LARGEST |= {"mini_batch_size": 0, "activation": "relu", "init": "he", "epochs": 1_000_000}


@pytest.fixture(scope="module")
def server():
    s = LiveServer("--max-per-client", "64")
    yield s
    s.stop()


def health(server) -> dict:
    with urllib.request.urlopen(server.url + "/health", timeout=5) as r:
        return json.loads(r.read())


def wait_idle(server, seconds: float) -> float:
    """Seconds until /health reports no session and no training (fails after `seconds`)."""
    t0 = time.monotonic()
    while True:
        h = health(server)
        if h["sessions"] == 0 and h["training"] == 0:
            return time.monotonic() - t0
        assert time.monotonic() - t0 < seconds, f"still busy after {seconds} s: {h}"
        time.sleep(0.02)


def test_divergence_sends_an_event_pauses_and_never_nan(server):
    with TrainClient(server.ws) as c:
        # a deep linear net with full-batch gd at lr 10: each step multiplies the error; overflow in ~8 epochs
        c.send(
            type="config",
            config={
                "learning_rate": 10,
                "optimizer": "gd",
                "hidden": [32, 32],
                "activation": "linear",
                "init": "he",
                "mini_batch_size": 0,
            },
        )
        c.send(type="play")
        event = c.json("event", timeout=30)
        assert event["event"] == "diverged"
        header, arrays = c.frame(lambda h: h["stopped"] == "diverged")
        assert header["playing"] is False
        for name, a in arrays.items():
            assert np.isfinite(a).all(), name  # frames refuse NaN; whatever went out is finite
        assert all(v is None or np.isfinite(v) for v in header["train"].values())
        # what the event's message says: lower the learning rate, then press play, which starts over (at lr
        # 10 the new run diverged again within milliseconds, and the frame showing it replaced the unsent
        # one before it: frames are newest-only, so that frame was not guaranteed to leave)
        c.send(type="config", config={"learning_rate": 0.001})
        c.send(type="play", id="retry")
        again, _ = c.frame(lambda h: h["ack"] == "retry")
        assert again["run"] == header["run"] + 1 and again["stopped"] is None
        assert again["learning_rate"] == 0.001


def test_disconnect_mid_training_cancels_the_work_within_a_second(server):
    proc = psutil.Process(server.proc.pid)
    clients = [TrainClient(server.ws) for _ in range(8)]
    for c in clients:
        c.send(type="config", config={"hidden": [32, 32, 32], "n_samples": 2000, "epochs": 1_000_000})
        c.send(type="play")
    for c in clients:
        c.frame(lambda h: h["playing"] and h["step"] > 0, timeout=30)
    assert health(server)["training"] == 8
    for c in clients:
        c.ws.socket.close()  # vanish without a close frame, like a tab that crashed
    assert wait_idle(server, 1.0) <= 1.0
    cpu0 = sum(proc.cpu_times()[:2])
    time.sleep(1.0)
    assert sum(proc.cpu_times()[:2]) - cpu0 < 0.3, "the server keeps computing for clients that left"


def test_thousands_of_connect_disconnect_cycles_leak_nothing(server):
    proc = psutil.Process(server.proc.pid)

    def cycles(n: int) -> None:
        for i in range(n):
            with TrainClient(server.ws) as c:
                if i % 2:
                    c.send(type="play")
                    c.frame(lambda h: h["playing"])

    cycles(200)  # warm up: allocator pools, imports, caches
    wait_idle(server, 5)
    rss0, threads0, fds0 = proc.memory_info().rss, proc.num_threads(), proc.num_fds()
    cycles(1000)
    wait_idle(server, 5)
    grown = (proc.memory_info().rss - rss0) / 2**20
    assert grown < 20, f"RSS grew by {grown:.1f} MiB over 1000 sessions"
    assert proc.num_threads() <= threads0 and proc.num_fds() <= fds0 + 2


def test_health_answers_fast_while_the_largest_network_trains(server):
    with TrainClient(server.ws) as c:
        c.send(type="config", config=LARGEST)
        c.send(type="play")
        c.frame(lambda h: h["playing"] and h["step"] > 0, timeout=60)
        latencies = []
        for _ in range(20):
            t0 = time.perf_counter()
            health(server)
            latencies.append(time.perf_counter() - t0)
            time.sleep(0.05)
        assert health(server)["training"] == 1, "the big network must still be training"
    latencies.sort()
    # the requirement (< 100 ms) on 19 of 20 answers (measured quiet: median 1.6 ms, max 9 ms); one answer
    # may meet a scheduling hiccup of this shared 2-core machine
    assert latencies[-2] < 0.1 and latencies[-1] < 0.5, latencies
