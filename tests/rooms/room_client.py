"""Rooms test helpers: a real redis-server on a unix socket (fixture `redis_server`, killed at teardown), the
teacher's REST client, and the path to the server tests' /ws/train client (tests/server/train_client.py).

Not a conftest.py: tests import `conftest` (the top-level one) by name, which a second one would shadow."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "server"))  # train_client
from train_client import TF_TASK, TrainClient  # noqa: E402


class RedisServer:
    """`redis-server` on a unix socket in `directory`; `url` is its unix:// URL."""

    def __init__(self, directory: Path):
        exe = shutil.which("redis-server")
        assert exe, "redis-server is missing: .ci/run installs Debian's redis-server"
        self.socket = directory / "redis.sock"
        self.url = f"unix://{self.socket}"
        cmd = [exe, "--port", "0", "--unixsocket", str(self.socket), "--save", "", "--appendonly", "no"]
        self.proc = subprocess.Popen([*cmd, "--dir", str(directory)], stdout=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while not self.socket.exists():
            assert self.proc.poll() is None, "redis-server exited at start"
            assert time.monotonic() < deadline, "redis-server did not create its socket"
            time.sleep(0.02)

    def stop(self) -> None:
        self.proc.kill()
        self.proc.wait(10)


@pytest.fixture(scope="module")
def redis_server(tmp_path_factory):
    server = RedisServer(tmp_path_factory.mktemp("redis"))
    yield server
    server.stop()


class Teacher:
    """A teacher's REST client for one room (real HTTP against a LiveServer)."""

    def __init__(self, base: str, body: dict | None = None):
        self.base = base
        self.http = httpx.Client(timeout=10)  # one client: httpx.post() builds an SSL context per call
        r = self.http.post(base + "/api/rooms", json=body or {})
        assert r.status_code == 201, r.text
        self.created = r.json()
        self.code, self.token = self.created["code"], self.created["teacher_token"]

    @property
    def auth(self) -> dict:
        return {"Authorization": f"Bearer {self.token}"}

    def get(self, path: str = "") -> httpx.Response:
        url = f"{self.base}/api/rooms/{self.code}{path}"
        for _ in range(20):  # a worker was killed: retry (as a dashboard's next poll does) while it restarts
            try:
                return self.http.get(url, headers=self.auth)
            except httpx.TransportError:
                time.sleep(0.25)
        return self.http.get(url, headers=self.auth)

    def act(self, action: str, body: dict | None = None) -> dict:
        url = f"{self.base}/api/rooms/{self.code}/{action}"
        r = self.http.post(url, json=body, headers=self.auth)
        assert r.status_code == 200, r.text
        return r.json()

    def results(self) -> list[dict]:
        r = self.get("/results")
        assert r.status_code == 200, r.text
        return r.json()

    def result_of(self, name: str) -> dict:
        return next(s for s in self.results() if s["name"] == name)

    def wait_for(self, name: str, where, timeout: float = 15) -> dict:
        """Poll the results until the student's row satisfies `where`."""
        deadline = time.monotonic() + timeout
        while True:
            row = next((s for s in self.results() if s["name"] == name), None)
            if row is not None and where(row):
                return row
            assert time.monotonic() < deadline, f"{name}: never got there; last {row}"
            time.sleep(0.2)


def join(c: TrainClient, code: str, name: str, token=None, id_=1) -> dict:
    c.send(type="join", room=code, name=name, token=token, id=id_)
    kind, msg = c.recv()
    while kind != "json" or msg["type"] not in ("joined", "error"):
        kind, msg = c.recv()
    return msg


def alone_still_works(c: TrainClient) -> None:
    """The session trains on by itself: a ping answers and a step of 25 (one epoch) is shown."""
    c.ping()
    c.send(type="config", config=TF_TASK, replace=True, id=77)
    while c.json("config")["id"] != 77:  # (an earlier join's reply may still be unread)
        pass
    c.send(type="step", n=25, id=78)
    assert c.frame(lambda h: h["ack"] == 78)[0]["epoch"] == 1
