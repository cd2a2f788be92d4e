"""Websocket plumbing shared by every live endpoint (/ws/train, /ws/race, /ws/ewa, /ws/tune).

Typical endpoint::

    from playground.server import wsbase

    @router.websocket("/ws/race")
    async def race_socket(websocket: WebSocket) -> None:
        channel = await wsbase.accept(websocket, "race")      # origin + session limits; None = refused
        if channel is None:
            return
        async with channel:                                    # releases the session slot on exit
            await channel.send_json(wsbase.hello("race", PROTOCOL, schema=...))
            while (msg := await channel.receive()) is not None:   # None: disconnect or idle timeout
                try:
                    cfg = wsbase.validate(RaceConfig, msg.get("config"), "config")
                except wsbase.WireError as err:
                    await channel.send_error(err)               # the session stays usable
                    continue
                ...

What this module guarantees, so that endpoints do not each re-implement it:
- `accept` refuses the handshake (HTTP 403) when the `Origin` header is neither the server's own host nor in
  `--allow-origin` (on a loopback bind, only loopback host names count as "own", against DNS rebinding);
  a client without `Origin` (not a browser, so no cross-site risk) is allowed. Beyond the
  session limits (total, per client address) it accepts, sends error `server_full`, closes with 1013.
- `Channel.receive` returns only JSON objects with a string `type`. Oversized messages, binary messages,
  malformed JSON (duplicate keys, endless nesting and 4300-digit integers included) and non-objects are
  answered with a structured error `{"type": "error", "code", "field", "message"}` and skipped.
  NaN/Infinity parse (to float) so that `validate` can name the field (code `non_finite`): read no raw
  number from a message without a type/range check. After `idle_timeout` seconds without a client
  message it sends `error` code `idle_timeout`, closes with 4408 and returns None.
- `Channel.send_json` never sends NaN or Infinity: non-finite floats become null (use `finite` yourself when a
  null would be wrong). Sends after a disconnect are silently dropped (`channel.closed` turns True).
- `Channel.receive` throttles each client to `max_messages_per_s` and `max_bytes_per_s` (bursts of twice
  that): a flooding client waits, everyone else's event loop stays free.
- `Outbox` keeps only the newest item: a slow client skips frames, memory stays bounded.

Limits are per worker process (see settings.py); `configure(settings)` is called once by the app factory.
Stable names (other modules import them): accept, Channel, WireError, Outbox, hello, validate, finite, dumps,
parse_message, configure, settings, active_sessions.
"""

from __future__ import annotations

import asyncio
import json
import math
import time
from typing import Any, TypeVar
from urllib.parse import urlsplit

import numpy as np
from pydantic import BaseModel
from starlette.websockets import WebSocket, WebSocketDisconnect, WebSocketState

from playground.server.settings import Settings
from playground.validation import ConfigError, json_kind, load_json, parse_model

M = TypeVar("M", bound=BaseModel)

CLOSE_TRY_AGAIN = 1013  # server full
OFF_LOOP_BYTES = 16 * 1024  # client messages at least this long are parsed on a worker thread
CLOSE_IDLE = 4408  # idle timeout (application range 4000-4999)
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1", "[::1]")

_settings = Settings()
_sessions: dict[str, int] = {}  # client address -> live channels


def configure(settings: Settings) -> None:
    """Install this process's settings (the app factory calls it once)."""
    global _settings
    _settings = settings


def settings() -> Settings:
    """The settings in force in this process."""
    return _settings


def active_sessions() -> int:
    """Live channels in this process (all endpoints)."""
    return sum(_sessions.values())


class WireError(Exception):
    """A rejected client message: `code` (machine-readable), `field` (dotted path or ""), `message`."""

    def __init__(self, code: str, field: str, message: str):
        super().__init__(message)
        self.code, self.field, self.message = code, field, message

    def to_message(self) -> dict:
        return {"type": "error", "code": self.code, "field": self.field, "message": self.message}


def finite(obj: Any) -> Any:
    """A JSON-able copy of `obj` with NaN/Infinity replaced by None; NumPy scalars/arrays become Python."""
    t = type(obj)
    # Exact built-in types first (every live frame's header goes through here): one `is` test each instead of
    # the isinstance chain below, which still handles NumPy values and subclasses exactly as before.
    if t is str or obj is None or t is int or t is bool:
        return obj
    if t is float:
        return obj if math.isfinite(obj) else None
    if t is dict:
        return {k if type(k) is str else str(k): finite(v) for k, v in obj.items()}
    if t is list:
        return [finite(v) for v in obj]
    if isinstance(obj, float | np.floating):
        return float(obj) if math.isfinite(obj) else None
    if isinstance(obj, bool | np.bool_):
        return bool(obj)
    if isinstance(obj, int | np.integer):
        return int(obj)
    if isinstance(obj, dict):
        return {str(k): finite(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [finite(v) for v in obj]
    if isinstance(obj, np.ndarray):
        return finite(obj.tolist())
    return obj


def dumps(obj: Any) -> str:
    """Compact JSON text that is guaranteed free of NaN/Infinity.

    Plain finite data go straight to the C encoder; only objects with NaN/Infinity or NumPy values take the
    slow Python walk (`finite`): 41,000 data points cost ~10 ms instead of ~130 ms."""
    try:
        return json.dumps(obj, allow_nan=False, separators=(",", ":"))
    except (ValueError, TypeError):
        return json.dumps(finite(obj), allow_nan=False, separators=(",", ":"))


def dumps_in_chunks(obj: Any, rows: int = 2000) -> str:
    """`dumps(obj)`, but lists longer than `rows` are encoded `rows` items at a time.

    For megabyte replies built on a worker thread: the C encoder holds the GIL for a whole call (~100 ms
    for a 2 MB reply), so one big call would freeze the event loop; other threads run between chunks.
    Replies without such a list (nearly all: a command's ack) are one call."""
    if not _has_long_list(obj, rows):
        return dumps(obj)
    return _chunked(obj, rows)


def _has_long_list(obj: Any, rows: int) -> bool:
    if isinstance(obj, dict):
        return any(_has_long_list(v, rows) for v in obj.values())
    return isinstance(obj, list) and len(obj) > rows


def _chunked(obj: Any, rows: int) -> str:
    if isinstance(obj, dict):
        return "{" + ",".join(f"{dumps(str(k))}:{_chunked(v, rows)}" for k, v in obj.items()) + "}"
    if isinstance(obj, list) and len(obj) > rows:
        return "[" + ",".join(dumps(obj[i : i + rows])[1:-1] for i in range(0, len(obj), rows)) + "]"
    return dumps(obj)


def parse_message(text: str, max_bytes: int | None = None) -> dict:
    """Parse one client text message into a dict with a string `type`; WireError otherwise.

    Parsing is validation.load_json (the CLI's parser too); NaN/Infinity parse to floats that the schemas
    refuse by field name (code `non_finite`), and every raw field an endpoint reads is type-checked there.
    """
    cap = _settings.max_message_bytes if max_bytes is None else max_bytes
    size = len(text.encode("utf-8", errors="replace"))
    if size > cap:
        raise WireError("too_large", "", f"message is {size} bytes; the limit is {cap} bytes")
    try:
        data = load_json(text)
    except ConfigError as err:
        raise WireError("invalid_json", err.field, err.line()) from None
    if not isinstance(data, dict):
        raise WireError("invalid_message", "", f"expected a JSON object, got {json_kind(data)}")
    kind = data.get("type")
    if not isinstance(kind, str):
        raise WireError("invalid_message", "type", "every message needs a string field `type`")
    return data


def validate(model: type[M], data: Any, prefix: str = "", code: str = "invalid_config") -> M:
    """Validate `data` with a pydantic model; WireError `code` naming `prefix.field` on failure."""
    if not isinstance(data, dict):
        raise WireError(code, prefix, f"expected a JSON object, got {json_kind(data)}")
    try:
        return parse_model(model, data)
    except ConfigError as err:
        field = ".".join(p for p in (prefix, err.field) if p)
        raise WireError("non_finite" if err.kind == "non_finite" else code, field, err.line()) from None


def hello(endpoint: str, protocol: int, **extra: Any) -> dict:
    """The first message of every endpoint: protocol version, this server's limits, plus endpoint fields."""
    s = _settings
    limits = {
        "max_message_bytes": s.max_message_bytes,
        "max_sessions": s.max_sessions,
        "max_per_client": s.max_per_client,
        "idle_timeout": s.idle_timeout,
        "max_messages_per_s": s.max_messages_per_s,
        "max_bytes_per_s": s.max_bytes_per_s,
    }
    return {"type": "hello", "protocol": protocol, "endpoint": endpoint, "limits": limits, **extra}


def origin_allowed(websocket: WebSocket) -> bool:
    """True when the handshake's Origin is absent, the server's own host, or listed in --allow-origin."""
    origin = websocket.headers.get("origin")
    if origin is None:
        return True
    origin = origin.rstrip("/").lower()
    if origin in (o.rstrip("/").lower() for o in _settings.allow_origins):
        return True
    host = websocket.headers.get("host", "").lower()
    parts = urlsplit(origin)
    if parts.scheme not in ("http", "https") or not host or parts.netloc != host:
        return False
    # DNS rebinding: a foreign page can make its own name resolve to 127.0.0.1, so that Origin and Host agree.
    # A server bound to loopback therefore accepts only loopback names.
    return _settings.host not in LOOPBACK_NAMES or (parts.hostname or "") in LOOPBACK_NAMES


async def accept(websocket: WebSocket, endpoint: str) -> Channel | None:
    """Check origin and session limits, accept the websocket; None when refused (already closed)."""
    if not origin_allowed(websocket):
        await websocket.close(code=1008)  # before accept: uvicorn answers the handshake with HTTP 403
        return None
    client = websocket.client.host if websocket.client else "?"
    await websocket.accept()
    full = None
    if active_sessions() >= _settings.max_sessions:
        full = f"the server holds its maximum of {_settings.max_sessions} sessions; try again later"
    elif _sessions.get(client, 0) >= _settings.max_per_client:
        full = f"at most {_settings.max_per_client} sessions per client address; close another tab"
    if full:
        await websocket.send_text(dumps(WireError("server_full", "", full).to_message()))
        await websocket.close(code=CLOSE_TRY_AGAIN)
        return None
    return Channel(websocket, endpoint, client)


class Channel:
    """One accepted websocket holding a session slot; use as `async with channel:` to release it."""

    def __init__(self, websocket: WebSocket, endpoint: str, client: str):
        self.websocket, self.endpoint, self.client = websocket, endpoint, client
        self.closed = False
        _sessions[client] = _sessions.get(client, 0) + 1
        self._last = time.monotonic()
        self._msg_tokens = 2.0 * _settings.max_messages_per_s  # a full burst allowance to start with
        self._byte_tokens = 2.0 * _settings.max_bytes_per_s

    async def __aenter__(self) -> Channel:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()
        n = _sessions.get(self.client, 0) - 1
        if n > 0:
            _sessions[self.client] = n
        else:
            _sessions.pop(self.client, None)

    async def receive(self) -> dict | None:
        """The next valid client message (dict with `type`); None once the client is gone or idle too long."""
        while not self.closed:
            try:
                event = await asyncio.wait_for(self.websocket.receive(), _settings.idle_timeout)
            except TimeoutError:
                await self.send_error(WireError("idle_timeout", "", "no message for too long; reconnect"))
                await self.close(CLOSE_IDLE)
                return None
            except (WebSocketDisconnect, RuntimeError):
                self.closed = True
                return None
            if event["type"] == "websocket.disconnect":
                self.closed = True
                return None
            await self._throttle(len(event.get("text") or event.get("bytes") or b""))
            text = event.get("text")
            if text is None:
                await self.send_error(WireError("binary_not_accepted", "", "send JSON text messages only"))
                continue
            try:
                if len(text) < OFF_LOOP_BYTES:
                    return parse_message(text)
                return await asyncio.to_thread(parse_message, text)  # a 200 KB drawing: off the shared loop
            except WireError as err:
                await self.send_error(err)
        return None

    async def _throttle(self, size: int) -> None:
        """Token buckets on messages and bytes: a client flooding the socket is slowed down (its messages wait
        in its own TCP buffer) instead of eating the event loop that every other session shares."""
        now = time.monotonic()
        s, dt = _settings, now - self._last
        self._last = now
        self._msg_tokens = min(2 * s.max_messages_per_s, self._msg_tokens + dt * s.max_messages_per_s) - 1
        self._byte_tokens = min(2 * s.max_bytes_per_s, self._byte_tokens + dt * s.max_bytes_per_s) - size
        wait = max(-self._msg_tokens / s.max_messages_per_s, -self._byte_tokens / s.max_bytes_per_s, 0.0)
        if wait > 0:
            await asyncio.sleep(wait)

    async def send_json(self, obj: Any) -> None:
        """Send a JSON object (NaN/Infinity become null); dropped after a disconnect."""
        await self._send(dumps(obj))

    async def send_text(self, text: str) -> None:
        """Send JSON text already made by `dumps` (e.g. on a worker thread, off the event loop)."""
        await self._send(text)

    async def send_error(self, err: WireError) -> None:
        await self._send(dumps(err.to_message()))

    async def send_bytes(self, data: bytes) -> None:
        """Send a binary frame (build it with playground.frames.encode_frame, which refuses NaN)."""
        await self._send(data)

    async def _send(self, data: str | bytes) -> None:
        if self.closed or self.websocket.application_state != WebSocketState.CONNECTED:
            self.closed = True
            return
        try:
            if isinstance(data, bytes):
                await self.websocket.send_bytes(data)
            else:
                await self.websocket.send_text(data)
        except (WebSocketDisconnect, RuntimeError, OSError):
            self.closed = True

    async def close(self, code: int = 1000) -> None:
        if self.websocket.application_state == WebSocketState.CONNECTED:
            try:
                await self.websocket.close(code=code)
            except (WebSocketDisconnect, RuntimeError, OSError):
                pass  # the peer is gone already
        self.closed = True


class Outbox:
    """A one-slot mailbox: `put` replaces any unsent item, `get` waits for one. A slow reader skips items."""

    def __init__(self) -> None:
        self._item: Any = None
        self._full = asyncio.Event()
        self.dropped = 0

    def put(self, item: Any) -> None:
        if self._full.is_set():
            self.dropped += 1
        self._item = item
        self._full.set()

    def empty(self) -> bool:
        return not self._full.is_set()

    async def get(self) -> Any:
        await self._full.wait()
        item, self._item = self._item, None
        self._full.clear()
        return item
