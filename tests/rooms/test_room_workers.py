"""`playground serve --workers 2` and rooms: the private redis-server (started, shared by the workers, gone
with the server, even one killed outright) and, without redis-server installed, a clear 503."""

from __future__ import annotations

import os
import shutil
import signal
import time
from pathlib import Path

import httpx
import psutil
from conftest import LiveServer
from room_client import Teacher, alone_still_works, join
from train_client import TF_TASK, TrainClient

from playground.server import workers


def private_redis(server: LiveServer) -> psutil.Process:
    kids = [p for p in psutil.Process(server.proc.pid).children() if p.name() == "redis-server"]
    assert len(kids) == 1, kids
    return kids[0]


def socket_dir(redis: psutil.Process) -> Path:
    paths = list({c.laddr for c in redis.net_connections(kind="unix") if c.laddr})
    assert len(paths) == 1, paths  # its one unix socket path (no TCP port: --port 0)
    assert not redis.net_connections(kind="inet") or all(
        c.status != "LISTEN" for c in redis.net_connections("inet")
    )
    return Path(paths[0]).parent


def test_workers_share_rooms_through_their_private_redis():
    server = LiveServer("--workers", "2")
    redis = private_redis(server)
    directory = socket_dir(redis)
    assert directory.is_dir() and (directory.stat().st_mode & 0o777) == 0o700
    clients: list[TrainClient] = []
    try:
        t = Teacher(server.url, {"experiment": TF_TASK})
        workers: set[int] = set()
        while len(workers) < 2:  # the supervisor hands each one to the least-loaded worker
            assert len(clients) < 40, "every connection landed on one worker"
            clients.append(TrainClient(server.ws))
            workers.add(clients[-1].hello["worker"])
        for i, c in enumerate(clients):
            assert join(c, t.code, f"S{i}")["type"] == "joined"
        assert t.get().json()["students"] == len(clients)
        state = t.act("push", {"experiment": {**TF_TASK, "learning_rate": 0.3}})
        for c in clients:
            assert c.json("room")["event"] == "push"
            header = c.frame(lambda h, s=state["seq"]: h["room_event"] == s)[0]
            assert header["learning_rate"] == 0.3
    finally:
        for c in clients:
            c.close()
        server.proc.send_signal(signal.SIGTERM)
        server.proc.wait(20)
    assert not redis.is_running() or redis.wait(10) is not None
    assert not directory.exists()


def test_the_private_redis_follows_a_supervisor_killed_outright():
    server = LiveServer("--workers", "2")
    redis = private_redis(server)
    server.proc.kill()
    server.proc.wait(10)
    redis.wait(20)  # psutil.TimeoutExpired if it outlived the server
    assert not redis.is_running()


def test_without_redis_server_rooms_answer_503_and_the_rest_serves(tmp_path, monkeypatch):
    assert shutil.which("redis-server"), "the other tests need redis-server: .ci/run installs it"
    monkeypatch.setenv("PATH", str(tmp_path))  # no redis-server on PATH (python is started by full path)
    server = LiveServer("--workers", "2")
    try:
        assert httpx.get(server.url + "/health", timeout=10).json()["status"] == "ok"
        r = httpx.post(server.url + "/api/rooms", timeout=10)
        assert r.status_code == 503
        body = r.json()
        assert body["code"] == "rooms_unavailable" and "redis-server" in body["message"]
        assert "--workers 1" in body["message"]
        with TrainClient(server.ws) as c:
            err = join(c, "ABCDEFGH", "Ann")
            assert err["code"] == "rooms_unavailable"
            alone_still_works(c)
        assert not any(p.name() == "redis-server" for p in psutil.Process(server.proc.pid).children())
    finally:
        server.stop()
    assert os.environ["PATH"] == str(tmp_path)


def test_a_student_whose_worker_is_sigkilled_rejoins_through_the_private_redis():
    server = LiveServer("--workers", "2")
    try:
        t = Teacher(server.url, {"experiment": TF_TASK})
        c = TrainClient(server.ws)
        token = join(c, t.code, "Ann")["student_token"]
        c.send(type="config", config={"l2": 0.02})
        t.wait_for("Ann", lambda r: r["connected"] == "online" and r["config"]["l2"] == 0.02)
        worker = psutil.Process(c.hello["worker"])
        # a worker dying within STARTUP_SECONDS of its start stops the server (a broken install), so wait
        time.sleep(max(0.0, worker.create_time() + workers.STARTUP_SECONDS + 1 - time.time()))
        worker.send_signal(signal.SIGKILL)  # the supervisor starts a new one
        t.wait_for("Ann", lambda r: r["connected"] == "reconnecting", timeout=20)
        deadline = time.monotonic() + 30
        while True:  # the page reconnects (to whichever worker takes it) and rejoins with its token
            try:
                again = TrainClient(server.ws)
                break
            except OSError:
                assert time.monotonic() < deadline
                time.sleep(0.2)
        with again:
            back = join(again, t.code, "Ann", token=token)
            assert back["type"] == "joined" and back["experiment"]["l2"] == 0.02
            t.wait_for("Ann", lambda r: r["connected"] == "online")
    finally:
        server.stop()
