"""A small synchronous /ws/train client for the server tests (real websockets, real server)."""

from __future__ import annotations

import json
import time

from websockets.sync.client import connect

from playground.frames import decode_frame

# TensorFlow Playground's default task, as small and quick as the playground gets: 250 training points in
# batches of 10, 25 steps per epoch
TF_TASK = {"dataset": "circles", "n_samples": 500, "dev_ratio": 0.5, "hidden": [4, 2], "activation": "tanh"}
TF_TASK |= {"mini_batch_size": 10, "optimizer": "gd", "learning_rate": 0.03, "epochs": 1_000_000}


def strict_json(text: str) -> dict:
    """Parse server JSON, failing on NaN/Infinity (which must never be on the wire)."""

    def refuse(name: str):
        raise AssertionError(f"{name} on the wire: {text[:200]}")

    return json.loads(text, parse_constant=refuse)


class TrainClient:
    """One /ws/train connection; `hello` holds the first message; JSON messages seen are kept in `seen`."""

    def __init__(self, ws_base: str, **kwargs):
        self._cm = connect(ws_base + "/ws/train", max_size=2**24, **kwargs)
        self.ws = self._cm.__enter__()
        self.hello = strict_json(self.ws.recv(timeout=10))
        assert self.hello["type"] == "hello", self.hello
        self.seen: list[dict] = []

    def send(self, **msg) -> None:
        self.ws.send(json.dumps(msg))

    def send_raw(self, data: str | bytes) -> None:
        self.ws.send(data)

    def recv(self, timeout: float = 10):
        """('frame', (header, arrays)) or ('json', dict)."""
        msg = self.ws.recv(timeout=timeout)
        if isinstance(msg, bytes):
            header, arrays = decode_frame(msg)
            header["nbytes"] = len(msg)
            return "frame", (header, arrays)
        data = strict_json(msg)
        self.seen.append(data)
        return "json", data

    def json(self, type_: str, timeout: float = 10) -> dict:
        """The next JSON message of `type_` (frames and other messages in between are skipped)."""
        deadline = time.monotonic() + timeout
        while True:
            kind, msg = self.recv(max(0.01, deadline - time.monotonic()))
            if kind == "json" and msg["type"] == type_:
                return msg

    def frame(self, where=lambda h: True, timeout: float = 10) -> tuple[dict, dict]:
        """The next frame whose header satisfies `where`."""
        deadline = time.monotonic() + timeout
        while True:
            kind, msg = self.recv(max(0.01, deadline - time.monotonic()))
            if kind == "frame" and where(msg[0]):
                return msg

    def newest(self, timeout: float = 10) -> dict:
        """The newest frame header already received (waits up to `timeout` for the first one)."""
        header = self.frame(timeout=timeout)[0]
        while True:
            try:
                kind, msg = self.recv(timeout=0)
            except TimeoutError:
                return header
            if kind == "frame":
                header = msg[0]

    def ping(self, id_: int = 99, timeout: float = 10) -> None:
        """Round trip: proves the session is alive and still answering."""
        self.send(type="ping", id=id_)
        assert self.json("pong", timeout)["id"] == id_

    def close(self) -> None:
        self._cm.__exit__(None, None, None)

    def __enter__(self) -> TrainClient:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
