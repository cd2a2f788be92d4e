"""Heavy `config` traffic: the reply leaves out what the client has, the event loop stays free for everyone
else (/health), and the largest message the server can send is within the limit it announces."""

from __future__ import annotations

import json
import threading
import time
import urllib.request

import numpy as np
import pytest
from train_client import TrainClient
from websockets.exceptions import ConnectionClosed

from playground.config import MAX_LAYERS, MAX_POINTS, MAX_UNITS, ExperimentConfig
from playground.engine.trainer import Trainer
from playground.server.config_reply import ConfigEcho
from playground.server.protocol import ViewOptions
from playground.server.train_frames import render
from playground.server.train_ws import MAX_SERVER_MESSAGE_BYTES
from playground.server.wsbase import dumps, dumps_in_chunks


def drawn(n: int, seed: int = 0) -> list[list]:
    xy = np.random.default_rng(seed).uniform(-5.9, 5.9, size=(n, 2))
    return [[float(a), float(b), i % 2] for i, (a, b) in enumerate(xy)]


def test_unchanged_drawn_points_are_not_echoed(live_server):
    points = drawn(MAX_POINTS)
    with TrainClient(live_server.ws) as c:
        c.send(type="config", config={"dataset": "custom", "points": points, "hidden": [2]}, id=1)
        first = c.json("config")
        assert len(first["config"]["points"]) == MAX_POINTS and first["unchanged"] == []
        c.send(type="config", config={"learning_rate": 0.2}, id=2)  # a slider move
        raw = None
        while raw is None:  # the raw text, to measure it: frames (bytes) in between are skipped
            msg = c.ws.recv(timeout=10)
            if isinstance(msg, str) and json.loads(msg)["type"] == "config":
                raw = msg
        reply = json.loads(raw)
        assert reply["type"] == "config" and reply["id"] == 2
        assert "points" not in reply["config"] and "points" in reply["unchanged"] and "data" not in reply
        assert len(raw) < 5000  # was ~210 KB: the 5000 points echoed back
        points[0][2] = 1 - points[0][2]  # one label flipped: the drawing changed, so it is echoed
        c.send(type="config", config={"points": points}, id=3)
        third = c.json("config")
        assert third["config"]["points"][0] == points[0] and "points" not in third["unchanged"]


def flood(ws_base: str, stop: threading.Event, counts: list) -> None:
    """Configs as heavy as allowed: every message carries 5000 points; every other one rebuilds with 10
    augmented copies, so the reply carries the run's 55,000 training points (~2.4 MB of JSON)."""
    points = drawn(MAX_POINTS, seed=1)
    base = {"dataset": "custom", "points": points, "augment_copies": 10, "hidden": [2]}
    changes = [
        {"augment_jitter": 0.1 + i * 1e-3} if i % 2 else {"learning_rate": 0.01 * (i + 1)} for i in range(8)
    ]
    # serialized once: the flooding client should spend the test machine's CPU on sending, not on encoding
    texts = [json.dumps({"type": "config", "config": base | change}) for change in changes]
    try:
        with TrainClient(ws_base, close_timeout=0.5) as c:  # much may still wait in the socket: do not linger
            i = 0
            while not stop.is_set():
                c.send_raw(texts[i % len(texts)])
                i += 1
                counts[0] += 1
                while True:  # drain without blocking: the server throttles this client by its bytes/s budget
                    try:
                        c.ws.recv(timeout=0)
                    except TimeoutError:
                        break
    except ConnectionClosed:
        pass


def test_health_stays_fast_while_another_client_floods_heavy_configs(live_server):
    stop, counts = threading.Event(), [0]
    thread = threading.Thread(target=flood, args=(live_server.ws, stop, counts), daemon=True)
    thread.start()
    time.sleep(1.0)  # the flood is under way (the first rebuilds with 55,000 points are the heaviest)
    latencies = []
    try:
        for _ in range(40):
            t0 = time.perf_counter()
            with urllib.request.urlopen(live_server.url + "/health", timeout=10) as r:
                assert json.loads(r.read())["status"] == "ok"
            latencies.append(time.perf_counter() - t0)
            time.sleep(0.05)
    finally:
        stop.set()
        thread.join(10)
    assert counts[0] >= 20, "the flood must really be sending"
    latencies.sort()
    # issue 3's requirement (< 100 ms) on the median; the tail gets slack for this shared 2-core machine
    assert latencies[len(latencies) // 2] < 0.1 and latencies[-2] < 0.5, latencies


def test_the_largest_messages_fit_the_announced_limit(live_server):
    with TrainClient(live_server.ws) as c:
        assert c.hello["limits"]["max_server_message_bytes"] == MAX_SERVER_MESSAGE_BYTES
    cfg = ExperimentConfig(
        hidden=[MAX_UNITS] * MAX_LAYERS, dataset="custom", points=drawn(MAX_POINTS), augment_copies=10
    )
    trainer = Trainer(cfg)
    reply = dumps_in_chunks(ConfigEcho().reply(cfg, "x" * 64, True, trainer.dataset))
    view = ViewOptions(resolution=200, neuron_resolution=50)
    frame = render(trainer, view, 0, {"seq": 0, "run": 1, "ack": "x" * 64, "playing": True})
    assert 2e6 < len(reply) < MAX_SERVER_MESSAGE_BYTES
    assert 5e6 < len(frame) < MAX_SERVER_MESSAGE_BYTES
    assert len(frame) > 2**20  # why the example client raises websockets' 1 MiB default


@pytest.mark.parametrize("rows", [1, 3, 1000, 10_000])  # 10,000: no list is long, one call
def test_chunked_json_is_the_same_json(rows):
    obj = {"a": [[i, i / 3, None] for i in range(2345)], "b": {"c": [1.0, float("nan")], 7: list(range(9))}}
    assert json.loads(dumps_in_chunks(obj, rows)) == json.loads(json.dumps(obj).replace("NaN", "null"))


def test_a_reply_without_long_lists_is_the_plain_encoding():
    ack = {"type": "config", "id": 3, "config": {"learning_rate": 0.3, "hidden": [4, 2]}, "changed": ["x"]}
    assert dumps_in_chunks(ack) == dumps(ack) == json.dumps(ack, separators=(",", ":"))
