"""Rooms across processes and over time (real redis-server, real servers): a teacher and students on
different servers sharing one Redis, a student whose server is SIGKILLed rejoining another, expiry, join
rate limits, stacked cohorts kept, and a spotlighted run reproduced headless bit for bit."""

from __future__ import annotations

import base64
import json
import signal
import time
import urllib.request

import httpx
import numpy as np
import pytest
from conftest import LiveServer
from room_client import Teacher, alone_still_works, join, redis_server  # noqa: F401 - a fixture
from train_client import TF_TASK, TrainClient
from websockets.exceptions import ConnectionClosed

from playground import urlcodec
from playground.engine.trainer import Trainer


@pytest.fixture(scope="module")
def pair(redis_server):  # noqa: F811
    """Two independent one-worker servers sharing one redis-server (deterministic placement)."""
    a, b = LiveServer("--redis", redis_server.url), LiveServer("--redis", redis_server.url)
    yield a, b
    a.stop()
    b.stop()


def test_teacher_and_students_on_different_servers(pair):
    a, b = pair
    t = Teacher(a.url, {"experiment": TF_TASK})
    on_b = Teacher.__new__(Teacher)  # the same teacher, talking to the other server
    on_b.base, on_b.code, on_b.token, on_b.http = b.url, t.code, t.token, t.http
    with TrainClient(a.ws) as s1, TrainClient(b.ws) as s2, TrainClient(b.ws) as s3:
        assert s1.hello["worker"] != s2.hello["worker"]
        join(s1, t.code, "Ann")
        join(s2, t.code, "Bob")
        assert join(s3, t.code, "ANN")["code"] == "name_taken"  # unique across servers
        state = on_b.act("push", {"experiment": {**TF_TASK, "l2": 0.01}})
        for c in (s1, s2):
            assert c.json("room")["seq"] == state["seq"]
            assert c.frame(lambda h, s=state["seq"]: h["room_event"] == s)[0]["epoch"] == 0
        s2.send(type="config", config={"learning_rate": 0.1})
        rows = {r["name"]: r for r in t.results()}
        assert set(rows) == {"Ann", "Bob"}
        on_b.wait_for("Bob", lambda r: r["changed"] == {"learning_rate": 0.1})
        t.wait_for("Bob", lambda r: r["changed"] == {"learning_rate": 0.1})


def test_a_student_rejoins_another_server_after_a_sigkill(redis_server):  # noqa: F811
    doomed, other = LiveServer("--redis", redis_server.url), LiveServer("--redis", redis_server.url)
    try:
        t = Teacher(other.url, {"experiment": TF_TASK})
        c = TrainClient(doomed.ws)
        token = join(c, t.code, "Ann")["student_token"]
        c.json("config")
        c.send(type="config", config={"learning_rate": 0.2})
        t.wait_for("Ann", lambda r: r["connected"] == "online" and r["config"]["learning_rate"] == 0.2)
        doomed.proc.send_signal(signal.SIGKILL)
        doomed.proc.wait(10)
        with pytest.raises((ConnectionClosed, OSError, TimeoutError)):
            while True:
                c.recv(timeout=5)
        amber = t.wait_for("Ann", lambda r: r["connected"] == "reconnecting", timeout=20)
        assert amber["config"]["learning_rate"] == 0.2  # the state outlived its worker (it is in Redis)
        with TrainClient(other.ws) as again:
            back = join(again, t.code, "Ann", token=token)
            assert back["type"] == "joined" and back["experiment"]["learning_rate"] == 0.2
            t.wait_for("Ann", lambda r: r["connected"] == "online")
            assert len(t.results()) == 1
    finally:
        doomed.stop()
        other.stop()


@pytest.mark.parametrize("store", ["memory", "redis"])
def test_rooms_expire_after_their_ttl_without_activity(redis_server, store):  # noqa: F811
    extra = ("--redis", redis_server.url) if store == "redis" else ()
    server = LiveServer("--room-ttl", "2", *extra)
    try:
        idle, busy = Teacher(server.url), Teacher(server.url)
        for _ in range(4):  # 3 s of activity on one room only
            busy.act("instructions", {"text": "still here"})
            time.sleep(0.75)
        assert idle.get().status_code == 404
        assert busy.get().status_code == 200
        time.sleep(2.5)
        assert busy.get().status_code == 404
        with TrainClient(server.ws) as c:
            assert join(c, busy.code, "Ann")["code"] == "unknown_room"
    finally:
        server.stop()


def test_failed_join_attempts_are_rate_limited_per_address():
    server = LiveServer("--join-rate", "3")
    try:
        t = Teacher(server.url)
        for i in range(5):  # a class behind one address joins freely: successful joins do not count
            with TrainClient(server.ws) as s:
                assert join(s, t.code, f"S{i}")["type"] == "joined"
        with TrainClient(server.ws) as c:
            # The limiter counts in fixed windows, int(time.monotonic() // 60) in the memory store (Linux's
            # CLOCK_MONOTONIC, the same clock in this process as in the server's): attempts on both sides
            # of a window's end are counted apart, and the fourth join would go through. Start early in one.
            if time.monotonic() % 60 > 50:
                time.sleep(60.05 - time.monotonic() % 60)
            window = time.monotonic() // 60
            assert [join(c, "ABCDEFGH", "Ann")["code"] for _ in range(3)] == ["unknown_room"] * 3
            limited = join(c, t.code, "Ann")  # even the right code, within the minute
            assert time.monotonic() // 60 == window, "the four joins took more than 10 s"
            assert limited["code"] == "rate_limited"
            alone_still_works(c)
    finally:
        server.stop()


def stacked(url: str) -> int:
    with urllib.request.urlopen(url + "/health", timeout=10) as r:
        return json.loads(r.read())["stacked"]


def test_room_students_still_train_stacked(pair):
    a, _ = pair
    t = Teacher(a.url, {"experiment": TF_TASK})
    clients = [TrainClient(a.ws) for _ in range(3)]
    try:
        for i, c in enumerate(clients):
            join(c, t.code, f"S{i}")
            c.send(type="play")
        deadline = time.monotonic() + 20
        while stacked(a.url) < 3:
            assert time.monotonic() < deadline, "room students never trained stacked"
            time.sleep(0.1)
    finally:
        for c in clients:
            c.close()


def test_a_spotlighted_run_reproduces_bit_for_bit(pair):
    a, _ = pair
    t = Teacher(a.url, {"experiment": TF_TASK})
    with TrainClient(a.ws) as c:
        join(c, t.code, "Ann")
        c.send(type="config", config={"learning_rate": 0.1, "seed": 3}, id=2)
        c.json("config")
        c.send(type="step", n=250, id=3)  # 10 epochs of 25 steps
        _, arrays = c.frame(lambda h: h["ack"] == 3)
        row = t.wait_for("Ann", lambda r: r["epoch"] == 10)
    assert t.act("spotlight", {"name": "Ann"})["spotlight"] == "Ann"
    cfg, errors = urlcodec.decode(row["url"].removeprefix("/?"))
    assert errors == [] and cfg.model_dump(mode="json") == row["config"]
    tr = Trainer(cfg)  # headless, from the URL the dashboard shows
    tr.train_epochs(10)
    metrics = tr.latest_metrics()
    for k in ("train_cost", "dev_cost", "train_accuracy", "dev_accuracy"):
        assert row[k] == metrics[k], k
    weights = [x.astype(np.float32) for W, b in tr.layer_params() for x in (W, b.reshape(-1))]
    shown = [arrays[f"{k}{i}"] for i in range(len(weights) // 2) for k in ("W", "b")]
    for mine, theirs in zip(weights, shown, strict=True):
        assert np.array_equal(mine, theirs)
    _, _, probs = tr.boundary_grid(24)  # the thumbnail: P(class 1) on 24 x 24, as bytes
    expected = np.rint(np.asarray(probs)[..., 1] * 255).astype(np.uint8)
    assert base64.b64decode(row["thumbnail"]["data"]) == expected.tobytes()


def test_a_redis_that_does_not_answer_is_a_503_then_rooms_work_once_it_is_up(tmp_path):
    from room_client import RedisServer

    sock = tmp_path / "redis.sock"
    server = LiveServer("--redis", f"unix://{sock}")  # nothing listens there yet
    redis = None
    try:
        r = httpx.post(server.url + "/api/rooms", timeout=10)
        assert r.status_code == 503 and r.json()["code"] == "rooms_unavailable"
        with TrainClient(server.ws) as c:
            assert join(c, "ABCDEFGH", "Ann")["code"] == "rooms_unavailable"
            alone_still_works(c)
        redis = RedisServer(tmp_path)
        t = Teacher(server.url, {"experiment": TF_TASK})
        with TrainClient(server.ws) as c:
            assert join(c, t.code, "Ann")["type"] == "joined"
    finally:
        server.stop()
        if redis is not None:
            redis.stop()
