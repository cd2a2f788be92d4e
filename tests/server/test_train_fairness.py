"""Fair sharing on one server process: equal sessions get equal shares, and a session training the largest
network cannot starve the small ones (fairness by CPU time, not by turns)."""

from __future__ import annotations

import time

import pytest
from conftest import LiveServer
from test_train_cleanup import LARGEST
from train_client import TF_TASK, TrainClient


@pytest.fixture(scope="module")
def server():
    s = LiveServer("--max-per-client", "64")
    yield s
    s.stop()


def measure(clients: list[TrainClient], seconds: float) -> list[tuple[float, float]]:
    """(frames/s, epochs/s) per client over `seconds`."""
    start = [c.newest(timeout=60) for c in clients]
    t0 = time.monotonic()
    end = start
    while time.monotonic() - t0 < seconds:
        end = [c.newest(timeout=60) for c in clients]
        time.sleep(0.05)
    dt = time.monotonic() - t0
    return [
        ((b["seq"] - a["seq"]) / dt, (b["epoch"] - a["epoch"]) / dt) for a, b in zip(start, end, strict=True)
    ]


def test_equal_sessions_get_equal_shares(server):
    clients = [TrainClient(server.ws) for _ in range(6)]
    try:
        for i, c in enumerate(clients):
            c.send(type="config", config=TF_TASK | {"seed": i})
            c.send(type="play")
        rates = measure(clients, 3.0)
    finally:
        for c in clients:
            c.close()
    epochs = [e for _, e in rates]
    assert min(epochs) > 0 and min(epochs) >= 0.5 * max(epochs), rates


def test_the_largest_network_does_not_starve_small_sessions(server):
    small = [TrainClient(server.ws) for _ in range(3)]
    big = TrainClient(server.ws)
    try:
        for i, c in enumerate(small):
            c.send(type="config", config=TF_TASK | {"seed": i})
            c.send(type="play")
        alone = measure(small, 2.0)
        big.send(type="config", config=LARGEST)
        big.send(type="play")
        big.frame(lambda h: h["playing"] and h["step"] > 0, timeout=60)
        shared = measure(small, 3.0)
    finally:
        for c in [*small, big]:
            c.close()
    # four busy sessions: each small one keeps at least a sixth of what it had with three (a fair share is a
    # quarter, minus the big network's frames), and never stops getting frames
    for (_, eps0), (fps1, eps1) in zip(alone, shared, strict=True):
        assert eps1 >= eps0 / 6 and fps1 >= 3, (alone, shared)
