"""Handshake and session limits on real servers started with the flags under test: Origin check,
--allow-origin, sessions per client and in total, idle timeout, several workers."""

from __future__ import annotations

import json
import time
import urllib.request
from collections import Counter

import pytest
from conftest import LiveServer
from train_client import TrainClient
from websockets.exceptions import ConnectionClosed, InvalidStatus
from websockets.sync.client import connect

ALLOWED = "https://lab.example.org"


@pytest.fixture(scope="module")
def limited():
    server = LiveServer("--max-per-client", "2", "--max-sessions", "3", "--allow-origin", ALLOWED)
    yield server
    server.stop()


def health(server) -> dict:
    with urllib.request.urlopen(server.url + "/health", timeout=5) as r:
        return json.loads(r.read())


def test_foreign_origin_is_refused_at_the_handshake(live_server):
    with pytest.raises(InvalidStatus) as refused:
        TrainClient(live_server.ws, origin="http://evil.example")
    assert refused.value.response.status_code == 403
    with pytest.raises(InvalidStatus):  # same host name, other port: another origin
        TrainClient(live_server.ws, origin=f"http://127.0.0.1:{live_server.port + 1}")


def test_own_origin_and_no_origin_are_accepted(live_server):
    with TrainClient(live_server.ws, origin=live_server.url) as c:
        c.ping()
    with TrainClient(live_server.ws) as c:  # scripts send no Origin
        c.ping()


def test_allow_origin_flag_admits_that_origin_only(limited):
    with TrainClient(limited.ws, origin=ALLOWED) as c:
        c.ping()
    with pytest.raises(InvalidStatus):
        TrainClient(limited.ws, origin="https://other.example.org")


def expect_server_full(server) -> None:
    with connect(server.ws + "/ws/train") as ws:
        msg = json.loads(ws.recv(timeout=10))
        assert msg["type"] == "error" and msg["code"] == "server_full", msg
        with pytest.raises(ConnectionClosed) as closed:
            ws.recv(timeout=10)
        assert closed.value.rcvd.code == 1013


def wait_no_sessions(server, timeout: float = 5) -> None:
    """The server frees a closed client's slot after its socket's handler ends, a moment after the close."""
    deadline = time.monotonic() + timeout
    while health(server)["sessions"]:
        assert time.monotonic() < deadline, health(server)
        time.sleep(0.05)


def test_sessions_per_client_address_are_limited_and_released(limited):
    wait_no_sessions(limited)  # the module's earlier tests closed theirs
    with TrainClient(limited.ws) as a, TrainClient(limited.ws):
        expect_server_full(limited)
        a.ping()  # the admitted sessions keep working
    wait_no_sessions(limited)
    with TrainClient(limited.ws) as c:  # slots came back
        c.ping()


def test_idle_sessions_are_closed():
    server = LiveServer("--idle-timeout", "1")
    try:
        with TrainClient(server.ws) as c:
            t0 = time.monotonic()
            err = c.json("error", timeout=10)
            assert err["code"] == "idle_timeout"
            with pytest.raises(ConnectionClosed) as closed:
                c.recv(timeout=10)
            assert closed.value.rcvd.code == 4408 and 0.9 < time.monotonic() - t0 < 5
    finally:
        server.stop()


def test_two_workers_serve_independent_sessions_and_share_a_class():
    server = LiveServer("--workers", "2")
    clients: list[TrainClient] = []
    try:
        workers = {p.pid for p in server.workers()}
        assert len(workers) == 2
        # a class connecting at once: the supervisor hands each connection to the worker with fewer open ones
        # (test_balancer.py); with one shared socket one worker used to take nearly all of them
        clients = [TrainClient(server.ws) for _ in range(24)]
        per_worker = Counter(c.hello["worker"] for c in clients)
        assert set(per_worker) == workers
        assert min(per_worker.values()) >= 11, per_worker  # 12/12, give or take a startup probe
        for c in clients[:6]:
            c.send(type="config", config={"seed": 1, "epochs": 1_000_000})
            c.send(type="play")
        for c in clients[:6]:
            header, _ = c.frame(lambda h: h["epoch"] >= 3, timeout=30)
            assert header["playing"]
    finally:
        for c in clients:
            c.close()
        server.stop()
