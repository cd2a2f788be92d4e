"""/ws/ewa against a real `playground serve`: hello, averages frames, errors, paste parsing, newest-wins."""

from __future__ import annotations

import json

import numpy as np
import pytest
from websockets.sync.client import connect

from playground.commands.ewa import ewa_result
from playground.frames import decode_frame


def receive_json(ws) -> dict:
    msg = ws.recv(timeout=10)
    assert isinstance(msg, str), "expected a JSON text message"
    return json.loads(msg)


def receive_frame(ws) -> tuple[dict, dict]:
    msg = ws.recv(timeout=10)
    assert isinstance(msg, bytes), f"expected a binary frame, got {msg[:200]!r}"
    return decode_frame(msg)


@pytest.fixture()
def ws(live_server):
    with connect(live_server.ws + "/ws/ewa", max_size=2**24) as sock:
        hello = receive_json(sock)
        assert hello["type"] == "hello" and hello["endpoint"] == "ewa" and hello["protocol"] == 1
        sock.hello = hello
        yield sock


def test_hello_lists_the_shipped_series(ws):
    names = {s["name"]: s for s in ws.hello["series"]}
    assert names["seattle_2012_2015"]["count"] == 1461 and names["seattle_2012"]["first"] == "2012-01-01"
    assert ws.hello["defaults"]["betas"] == [0.5, 0.9, 0.98]


def test_frame_matches_the_cli_numbers(ws):
    config = {"series": "seattle_2014", "betas": [0.5, 0.9, 0.98], "unit": "F"}
    ws.send(json.dumps({"type": "config", "config": config, "seq": 7}))
    header, arrays = receive_frame(ws)
    assert header["type"] == "ewa" and header["seq"] == 7 and header["unit"] == "F"
    assert len(header["dates"]) == 365 and header["dates"][0] == "2014-01-01"
    assert header["windows"] == pytest.approx([2.0, 10.0, 50.0])
    cli = ewa_result(config)
    assert arrays["values"].tolist() == cli["values"]  # float64 on the wire: bit for bit
    for i, key in enumerate(["0.5", "0.9", "0.98"]):
        assert arrays["averages"][i].tolist() == cli["averages"][key]
    # the uncorrected curve starts too low: v1 = (1 - beta) theta1
    assert arrays["uncorrected"][:, 0] == pytest.approx(
        (1 - np.array([0.5, 0.9, 0.98])) * arrays["values"][0]
    )
    assert arrays["weights"].shape == (3, 150)
    assert arrays["weights"][1, :2].tolist() == pytest.approx([0.1, 0.09])


def test_without_bias_correction_sends_no_duplicate(ws):
    ws.send(
        json.dumps(
            {"type": "config", "config": {"values": [40.0, 40.0], "betas": [0.98], "bias_correction": False}}
        )
    )
    header, arrays = receive_frame(ws)
    assert "uncorrected" not in arrays and header["dates"] is None
    assert arrays["averages"][0, 0] == pytest.approx(0.8)


def test_bad_config_is_an_error_and_the_session_survives(ws):
    ws.send(json.dumps({"type": "config", "config": {"betas": [1.5]}, "seq": 3}))
    err = receive_json(ws)
    assert err["type"] == "error" and err["code"] == "invalid_config" and err["field"] == "config.betas[0]"
    assert err["seq"] == 3
    ws.send(json.dumps({"type": "config", "config": {"series": "atlantis"}}))
    err = receive_json(ws)
    assert err["field"] == "config.series" and "unknown series 'atlantis'" in err["message"]
    ws.send(json.dumps({"type": "config", "config": {"values": [1e308, 1e308], "unit": "F"}}))
    err = receive_json(ws)
    assert err["field"] == "config.values[0]" and "less than or equal to 1000000000000" in err["message"]
    ws.send(json.dumps({"type": "nope"}))
    assert receive_json(ws)["code"] == "unknown_type"
    ws.send('{"type": "config", "config": {"values": [NaN]}}')
    assert receive_json(ws)["type"] == "error"
    ws.send(json.dumps({"type": "config", "config": {"values": [1, 2, 3]}}))
    header, arrays = receive_frame(ws)
    assert arrays["values"].tolist() == [1, 2, 3]


def test_parse_pasted_text(ws):
    ws.send(json.dumps({"type": "parse", "text": "date,t\n2020-01-01,3.5\n2020-01-02,4", "seq": 1}))
    msg = receive_json(ws)
    assert msg == {
        "type": "series",
        "seq": 1,
        "values": [3.5, 4.0],
        "dates": ["2020-01-01", "2020-01-02"],
        "count": 2,
    }
    ws.send(json.dumps({"type": "parse", "text": "1\n2\nzwei\n", "seq": 2}))
    err = receive_json(ws)
    assert err["code"] == "bad_series" and err["line"] == 3 and err["message"].startswith("line 3:")
    ws.send(json.dumps({"type": "parse", "text": 5}))
    assert receive_json(ws)["field"] == "text"


def test_a_burst_of_configs_ends_with_the_newest(ws):
    # 40 slider positions sent at once: the server may skip stale ones, but the last answer is the last beta.
    for i in range(40):
        ws.send(json.dumps({"type": "config", "config": {"betas": [0.5 + i * 0.01]}, "seq": i}))
    seen = []
    while not seen or seen[-1] != 39:
        header, _ = receive_frame(ws)
        seen.append(header["seq"])
    assert seen == sorted(seen) and len(seen) <= 40
    assert header["betas"] == [0.89]
