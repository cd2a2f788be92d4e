"""wsbase helpers without a socket: message parsing, NaN-free JSON, the one-slot outbox, the origin rule."""

from __future__ import annotations

import asyncio
import json
import math
from types import SimpleNamespace

import numpy as np
import pytest

from playground.config import ExperimentConfig
from playground.server import wsbase
from playground.server.settings import Settings


def test_parse_message_accepts_objects_with_a_type():
    assert wsbase.parse_message('{"type": "play", "id": 3}') == {"type": "play", "id": 3}


@pytest.mark.parametrize(
    ("text", "code", "field"),
    [
        ("{", "invalid_json", ""),
        ("[]", "invalid_message", ""),
        ("{}", "invalid_message", "type"),
        ('{"type": null}', "invalid_message", "type"),
        ("[" * 100_000 + "]" * 100_000, "invalid_json", ""),
        ('{"type": "x", "v": 1' + "0" * 5000 + "}", "invalid_json", ""),  # int() refuses > 4300 digits
        ('{"type": "x", "v": 1, "v": 2}', "invalid_json", ""),
    ],
)
def test_parse_message_errors(text, code, field):
    with pytest.raises(wsbase.WireError) as e:
        wsbase.parse_message(text, max_bytes=10**7)
    assert (e.value.code, e.value.field) == (code, field)


def test_parse_message_size_cap_counts_utf8_bytes():
    text = json.dumps({"type": "x", "s": "é" * 60})  # 60 characters, 120 bytes
    wsbase.parse_message(text, max_bytes=len(text.encode()))
    with pytest.raises(wsbase.WireError) as e:
        wsbase.parse_message(text, max_bytes=len(text.encode()) - 1)
    assert e.value.code == "too_large"


def test_finite_and_dumps_never_emit_nan():
    obj = {
        "a": float("nan"),
        "b": [1.5, float("inf"), np.float32(2.5)],
        "c": np.array([1.0, -np.inf]),
        "d": 3,
    }
    assert wsbase.finite(obj) == {"a": None, "b": [1.5, None, 2.5], "c": [1.0, None], "d": 3}
    text = wsbase.dumps({"x": np.float64("nan"), "y": np.int64(4), "z": np.bool_(True)})
    assert json.loads(text) == {"x": None, "y": 4, "z": True}


def test_finite_keeps_types_and_turns_tuples_and_keys_into_json_forms():
    out = wsbase.finite({"t": (True, np.bool_(False), 2, np.int32(5), "s", None), 1: [np.float32("nan")]})
    assert out == {"t": [True, False, 2, 5, "s", None], "1": [None]}
    assert [type(v) for v in out["t"]] == [bool, bool, int, int, str, type(None)]


def test_validate_names_the_field_with_its_prefix():
    with pytest.raises(wsbase.WireError) as e:
        wsbase.validate(ExperimentConfig, {"hidden": [4, 99]}, "config")
    assert e.value.field == "config.hidden[1]" and e.value.code == "invalid_config"
    assert wsbase.validate(ExperimentConfig, {"l2": 0.5}).l2 == 0.5


def test_outbox_keeps_only_the_newest_item():
    async def run():
        box = wsbase.Outbox()
        box.put(1)
        box.put(2)
        box.put(3)
        assert await box.get() == 3 and box.dropped == 2 and box.empty()
        waiter = asyncio.create_task(box.get())
        await asyncio.sleep(0)
        box.put(4)
        assert await waiter == 4

    asyncio.run(run())


def fake_socket(origin: str | None, host: str = "127.0.0.1:8000"):
    headers = {"host": host} | ({"origin": origin} if origin is not None else {})
    return SimpleNamespace(headers=headers)


@pytest.mark.parametrize(
    ("origin", "ok"),
    [
        (None, True),
        ("http://127.0.0.1:8000", True),
        ("HTTP://127.0.0.1:8000/", True),
        ("http://127.0.0.1:8001", False),
        ("http://localhost:8000", False),
        ("null", False),
        ("file://", False),
        ("https://lab.example.org", True),
        ("https://lab.example.org.evil.com", False),
    ],
)
def test_origin_rule(origin, ok):
    wsbase.configure(Settings(allow_origins=("https://lab.example.org",)))
    try:
        assert wsbase.origin_allowed(fake_socket(origin)) is ok
    finally:
        wsbase.configure(Settings())


def test_settings_travel_through_the_environment(monkeypatch):
    s = Settings(port=9, allow_origins=("http://a.example",), max_per_client=3, idle_timeout=1.5)
    monkeypatch.setenv("PLAYGROUND_SETTINGS", s.to_env())
    assert Settings.from_env() == s
    assert s.ws_max_size == 4 * s.max_message_bytes and not math.isnan(s.idle_timeout)


@pytest.mark.parametrize(
    ("bind", "origin", "host", "ok"),
    [
        ("127.0.0.1", "http://localhost:8000", "localhost:8000", True),
        ("127.0.0.1", "http://rebound.example:8000", "rebound.example:8000", False),  # DNS rebinding
        ("0.0.0.0", "http://classroom.local:8000", "classroom.local:8000", True),  # a LAN server's own name
    ],
)
def test_loopback_bind_accepts_only_loopback_names(bind, origin, host, ok):
    wsbase.configure(Settings(host=bind))
    try:
        assert wsbase.origin_allowed(fake_socket(origin, host)) is ok
    finally:
        wsbase.configure(Settings())
