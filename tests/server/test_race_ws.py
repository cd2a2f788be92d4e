"""/ws/race against a real `playground serve`: surface grid, streamed paths equal to the CLI's, errors."""

from __future__ import annotations

import json

import numpy as np
import pytest
from websockets.sync.client import connect

from playground.commands.race import race_result
from playground.frames import decode_frame


def receive_json(ws) -> dict:
    msg = ws.recv(timeout=10)
    assert isinstance(msg, str), f"expected a JSON text message, got {len(msg)} bytes"
    return json.loads(msg)


def receive_frame(ws) -> tuple[dict, dict]:
    msg = ws.recv(timeout=10)
    assert isinstance(msg, bytes), f"expected a binary frame, got {msg[:300]!r}"
    return decode_frame(msg)


def send(ws, **msg) -> None:
    ws.send(json.dumps(msg))


@pytest.fixture()
def ws(live_server):
    with connect(live_server.ws + "/ws/race", max_size=2**24) as sock:
        hello = receive_json(sock)
        assert hello["type"] == "hello" and hello["endpoint"] == "race" and hello["protocol"] == 1
        sock.hello = hello
        yield sock


def collect(ws, paths: dict, costs: dict) -> dict:
    """Append one race frame's new points to paths/costs (checking continuity); returns the header."""
    header, arrays = receive_frame(ws)
    assert header["type"] == "race"
    for name, info in header["racers"].items():
        have = paths.setdefault(name, [])
        assert info["from"] == len(have), "frames must continue each path exactly"
        have.extend(arrays[f"{name}.path"].tolist())
        costs.setdefault(name, []).extend(arrays[f"{name}.cost"].tolist())
    return header


def test_hello_carries_schema_and_surface_defaults(ws):
    surfaces = ws.hello["surfaces"]
    assert surfaces["rosenbrock"]["minima"] == [[1.0, 1.0]]
    assert surfaces["elongated_bowl"]["start"] == [-8.0, 2.0]
    assert ws.hello["schema"]["properties"]["steps"]["anyOf"][0]["maximum"] == 20_000
    assert ws.hello["defaults"]["surface"] == "elongated_bowl"
    # every surface's domain (dataset_logistic's too) and the play speeds, to check a link's start and speed
    assert ws.hello["domains"]["elongated_bowl"] == [-10.0, 10.0, -4.0, 4.0]
    assert ws.hello["domains"]["dataset_logistic"] == [-8.0, 8.0, -8.0, 8.0]
    assert set(ws.hello["domains"]) == set(ws.hello["schema"]["properties"]["surface"]["enum"])
    assert ws.hello["speed_range"] == [1.0, 5000.0]


def test_played_race_streams_the_same_paths_as_the_cli(ws):
    racers = {"gd": {"learning_rate": 0.05}, "momentum": {}, "adam": {"learning_rate": 0.05}}
    config = {"surface": "rosenbrock", "steps": 150, "noise": 0.3, "seed": 5, "optimizers": racers}
    send(ws, type="config", config=config, seq=3)
    head, grid = receive_frame(ws)
    assert head["type"] == "surface" and head["seq"] == 3 and head["minima"] == [[1.0, 1.0]]
    xs, ys, z = grid["xs"], grid["ys"], grid["z"]
    assert z.shape == (ys.size, xs.size)
    assert z[10, 20] == pytest.approx((1 - xs[20]) ** 2 + 100 * (ys[10] - xs[20] ** 2) ** 2, rel=1e-6)
    paths, costs = {}, {}
    first = collect(ws, paths, costs)
    assert first["t"] == 0 and paths["gd"] == [[-1.5, 2.0]]
    send(ws, type="play", speed=3000)
    frames = 0
    while True:
        header = collect(ws, paths, costs)
        frames += 1
        if header["finished"]:
            break
    assert frames > 1 and header["playing"] is False
    cli = race_result(config)
    assert paths == cli["paths"] and costs == cli["costs"]  # float64 on the wire: bit for bit
    assert header["racers"]["gd"]["status"] == "diverged"  # alpha 0.05 is far too big on Rosenbrock
    assert header["racers"]["gd"]["stopped_at"] == cli["diverged"]["gd"]
    assert header["racers"]["adam"]["status"] == "done" and header["t"] == 150
    assert header["racers"]["adam"]["distance"] == pytest.approx(np.hypot(*np.subtract(paths["adam"][-1], 1)))


def test_step_pause_reset_and_same_surface_skips_the_grid(ws):
    send(ws, type="config", config={"surface": "course_quadratic", "start": [0, 0], "learning_rate": 0.01})
    assert receive_frame(ws)[0]["type"] == "surface"
    paths, costs = {}, {}
    collect(ws, paths, costs)
    send(ws, type="step", n=3)
    header = collect(ws, paths, costs)
    assert header["t"] == 3 and len(paths["gd"]) == 4
    assert paths["gd"][1] == pytest.approx([0.1, 0.1])
    send(ws, type="reset")
    header, arrays = receive_frame(ws)
    assert header["t"] == 0 and arrays["gd.path"].tolist() == [[0.0, 0.0]]
    # a new alpha on the same surface: straight to the race frame, no second grid
    send(ws, type="config", config={"surface": "course_quadratic", "start": [1, 1], "learning_rate": 0.02})
    header, arrays = receive_frame(ws)
    assert header["type"] == "race" and arrays["adam.path"].tolist() == [[1.0, 1.0]]
    assert header["racers"]["adam"]["learning_rate"] == 0.02


@pytest.mark.parametrize(
    ("msg", "code", "field"),
    [
        ({"type": "config", "config": {"surface": "beale", "start": [9, 0]}}, "invalid_config",
         "config.start"),
        ({"type": "config", "config": {"optimizers": {"gd": {"learning_rate": 0}}}}, "invalid_config",
         "config.optimizers.gd.learning_rate"),
        ({"type": "config", "config": {"noise": -1}}, "invalid_config", "config.noise"),
        ({"type": "step", "n": 1}, "no_config", "type"),
        ({"type": "fly"}, "unknown_type", "type"),
    ],
)  # fmt: skip
def test_bad_messages_get_one_error_and_the_session_goes_on(ws, msg, code, field):
    send(ws, **msg)
    err = receive_json(ws)
    assert err["type"] == "error" and err["code"] == code and err["field"] == field, err
    send(ws, type="config", config={"surface": "saddle"})
    assert receive_frame(ws)[0]["type"] == "surface"


def test_bad_play_speed_is_refused(ws):
    send(ws, type="config", config={"surface": "plateau"})
    receive_frame(ws), receive_frame(ws)
    send(ws, type="play", speed=1e9)
    err = receive_json(ws)
    assert err["code"] == "invalid_message" and err["field"] == "speed"


def test_dataset_logistic_without_points_is_a_clear_error(ws):
    data = {"dataset": "custom", "points": []}
    send(ws, type="config", config={"surface": "dataset_logistic", "data": data})
    err = receive_json(ws)
    assert err["code"] == "invalid_config" and err["field"] == "config.data.points", err
