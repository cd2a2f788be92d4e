"""The shareable URL of an experiment: ExperimentConfig <-> query string (the Python twin of
frontend/js/url-state.js and frontend/js/url/*.js; a browser test proves both give the same answers).

Layout: ``v=1`` then only the fields that differ from their defaults, in schema order, keys = field names.
Numbers are written in JavaScript's shortest round-trip form, lists comma-separated, booleans
``true``/``false``, drawn points as unpadded base64url of 5-byte records (int16 round(100 x1),
int16 round(100 x2), uint8 label): a coordinate decodes as ``k / 100``, the same double in both languages.
Decoding never raises on bad fields: each is reported as ``(field, message)`` and falls back to its
default; good fields are kept.
"""

from __future__ import annotations

import base64
import json
import math
import re
import struct
from decimal import Decimal
from functools import cache
from urllib.parse import quote, unquote

from playground.config import ExperimentConfig

VERSION = "1"
# keys a URL may carry beside the experiment: `lesson` names the lesson whose panel the page shows; `speed`
# caps the playground's epochs per second (how fast a run plays, never its numbers); `lang` is the page's
# language (a shared link opens in the sender's language; the run is the same in any); `room` and `name` are a
# class room a student joins (shared/protocol/class.md). url-state.js has the same set.
NON_FIELDS = frozenset({"lesson", "speed", "lang", "room", "name"})
GRID = 100
RECORD = struct.Struct("<hhB")  # 5 bytes per point
DRAWN = ("points", "dev_points", "test_points")
_INT = re.compile(r"-?\d{1,16}")
_NUM = re.compile(r"-?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_B64 = re.compile(r"[A-Za-z0-9_-]*")


class FieldError(ValueError):
    """One field's URL text is not acceptable."""


@cache
def _specs() -> dict[str, dict]:
    """The JSON Schema properties of ExperimentConfig, in field order (what the page reads too)."""
    return ExperimentConfig.model_json_schema()["properties"]


def _defaults() -> dict:
    return ExperimentConfig().model_dump()


def js_number(x: float | int) -> str:
    """`String(x)` of JavaScript for a finite number (ECMAScript Number::toString, shortest digits)."""
    if isinstance(x, bool) or not math.isfinite(x):
        raise ValueError(f"not a finite number: {x!r}")
    if isinstance(x, int) or x == 0:
        return str(int(x))
    # repr gives the shortest round-trip digits, as JavaScript does; only the layout differs.
    _, digits, exponent = Decimal(repr(abs(x))).as_tuple()
    ds = "".join(map(str, digits)).lstrip("0")
    k = len(ds.rstrip("0"))
    exponent += len(ds) - k  # trailing zeros move into the exponent
    ds = ds[:k]
    n = exponent + k  # value = 0.ds * 10^n, ECMAScript's n
    if k <= n <= 21:
        s = ds + "0" * (n - k)
    elif 0 < n <= 21:
        s = ds[:n] + "." + ds[n:]
    elif -6 < n <= 0:
        s = "0." + "0" * (-n) + ds
    else:
        s = ds[0] + ("." + ds[1:] if k > 1 else "") + "e" + ("+" if n >= 1 else "-") + str(abs(n - 1))
    return ("-" if x < 0 else "") + s


def _bounds_error(p: dict, v: float) -> str | None:
    if "minimum" in p and v < p["minimum"]:
        return f"must be at least {js_number(p['minimum'])}"
    if "exclusiveMinimum" in p and v <= p["exclusiveMinimum"]:
        return f"must be greater than {js_number(p['exclusiveMinimum'])}"
    if "maximum" in p and v > p["maximum"]:
        return f"must be at most {js_number(p['maximum'])}"
    if "exclusiveMaximum" in p and v >= p["exclusiveMaximum"]:
        return f"must be less than {js_number(p['exclusiveMaximum'])}"
    return None


def _parse_scalar(p: dict, text: str):
    if "enum" in p:
        if text not in p["enum"]:
            raise FieldError(f"must be one of {', '.join(p['enum'])}")
        return text
    kind = p.get("type")
    if kind == "boolean":
        if text in ("true", "false"):
            return text == "true"
        raise FieldError("must be true or false")
    if kind == "integer":
        if not _INT.fullmatch(text):
            raise FieldError("must be a whole number")
        v: float | int = int(text)
    elif kind == "number":
        v = float(text) if _NUM.fullmatch(text) else math.nan
        if not math.isfinite(v):
            raise FieldError("must be a finite number")
    else:
        raise FieldError(f"unsupported field type {kind}")
    err = _bounds_error(p, v)
    if err:
        raise FieldError(err)
    return v


def _parse_list(item: dict, text: str, min_items: int = 0, max_items: float = math.inf) -> list:
    parts = text.split(",") if text else []
    if len(parts) < min_items:
        raise FieldError(f"needs at least {min_items} item(s)")
    if len(parts) > max_items:
        raise FieldError(f"allows at most {max_items} items")
    out = []
    for i, part in enumerate(parts):
        try:
            out.append(_parse_scalar(item, part))
        except FieldError as e:
            raise FieldError(f"item {i + 1}: {e}") from None
    return out


def pack_points(points, name: str = "points") -> str:
    """[[x1, x2, label], ...] on the 0.01 grid -> base64url; ValueError for off-grid or too-far points."""
    out = bytearray()
    for i, (x1, x2, label) in enumerate(points):
        cells = []
        for x in (x1, x2):
            k = math.floor(x * GRID + 0.5)
            if k / GRID != x:
                raise ValueError(f"{name}[{i}]: {x} is not on the 0.01 grid (snap it first)")
            if abs(k) > 32767:
                raise ValueError(f"{name}[{i}]: {x} is outside +-{32767 / GRID}")
            cells.append(k)
        out += RECORD.pack(cells[0], cells[1], int(label))
    return base64.urlsafe_b64encode(bytes(out)).decode().rstrip("=")


def unpack_points(text: str) -> list[list]:
    """Inverse of pack_points; raises FieldError for anything but whole 5-byte records of base64url."""
    if not _B64.fullmatch(text) or len(text) % 4 == 1:
        raise FieldError("not a packed point list (not base64url)")
    raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    if len(raw) % RECORD.size:
        raise FieldError(f"not a packed point list (not whole {RECORD.size}-byte point records)")
    return [[a / GRID, b / GRID, lab] for a, b, lab in RECORD.iter_unpack(raw)]


def parse_field(name: str, text: str):
    """One field's URL text -> its value; raises FieldError saying what is allowed."""
    p = _specs()[name]
    if "anyOf" in p:  # activation: one name, or a comma list (one per hidden layer)
        names = next(a for a in p["anyOf"] if a.get("type") == "string")
        return _parse_list(names, text) if text == "" or "," in text else _parse_scalar(names, text)
    if p.get("type") == "array" and "prefixItems" in p["items"]:
        points = unpack_points(text)
        label = p["items"]["prefixItems"][2]
        for i, pt in enumerate(points):
            err = _bounds_error(label, pt[2])
            if err:
                raise FieldError(f"point {i + 1}: label {err}")
        return points
    if p.get("type") == "array":
        return _parse_list(p["items"], text, p.get("minItems", 0), p.get("maxItems", math.inf))
    return _parse_scalar(p, text)


def format_field(name: str, value) -> str:
    if name in DRAWN:
        return pack_points(value, name)
    if isinstance(value, list):
        return ",".join(format_field(name, v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return js_number(value)
    return str(value)


def encode(cfg: ExperimentConfig | dict) -> str:
    """The query string (without '?') of an experiment: v=1 and its non-default fields."""
    cfg = cfg if isinstance(cfg, ExperimentConfig) else ExperimentConfig.model_validate(cfg)
    values, defaults = cfg.model_dump(), _defaults()
    parts = [f"v={VERSION}"]
    for name in _specs():
        if values[name] != defaults[name]:
            parts.append(f"{name}={quote(format_field(name, values[name]), safe=',')}")
    return "&".join(parts)


def _split_query(query: str) -> list[tuple[str, str | None]]:
    out = []
    for piece in query.removeprefix("?").split("&"):
        if not piece:
            continue
        key, eq, value = piece.partition("=")
        out.append((_unescape(key) or key, _unescape(value) if eq else ""))
    return out


def _unescape(text: str) -> str | None:
    """decodeURIComponent: None for a malformed escape (JavaScript throws there)."""
    if re.search(r"%(?![0-9A-Fa-f]{2})", text):
        return None
    try:
        return unquote(text, errors="strict")
    except UnicodeDecodeError:
        return None


def _cross_check(cfg: dict, defaults: dict, errors: list[tuple[str, str]]) -> None:
    """The model validator's rules; each drops the offending (later) field back to its default."""

    def reset(name: str, message: str) -> None:
        errors.append((name, message))
        cfg[name] = defaults[name]

    if len(set(cfg["features"])) != len(cfg["features"]):
        reset("features", "features must not repeat")
    if isinstance(cfg["activation"], list) and len(cfg["activation"]) != len(cfg["hidden"]):
        reset("activation", f"a list needs one entry per hidden layer ({len(cfg['hidden'])})")
    for name in ("test_ratio", "dev_ratio"):
        if cfg["dev_ratio"] + cfg["test_ratio"] > 0.9:
            reset(name, "dev_ratio + test_ratio must be at most 0.9")
    for name in DRAWN:
        bad = next((i for i, p in enumerate(cfg[name]) if p[2] >= cfg["classes"]), None)
        if bad is not None:
            lab = cfg[name][bad][2]
            reset(name, f"point {bad + 1}: label {lab} needs classes > {lab}")
    cap = _specs()["n_samples"]["maximum"]  # MAX_POINTS: the drawn-point cap
    for name in reversed(DRAWN):
        if sum(len(cfg[n]) for n in DRAWN) > cap:
            reset(name, f"at most {cap} drawn points in all")
    if cfg["dataset"] == "custom" and not cfg["points"]:
        reset("dataset", "custom data needs at least one training point")
    has_dev = bool(cfg["dev_points"]) if cfg["dataset"] == "custom" else cfg["dev_ratio"] > 0
    if cfg["early_stopping"] > 0 and not has_dev:
        reset("early_stopping", "needs a dev set: set dev_ratio > 0 or draw dev points")


def decode(query: str) -> tuple[ExperimentConfig, list[tuple[str, str]]]:
    """A query string -> (the experiment, [(field, message), ...]); each bad field got its default."""
    defaults = _defaults()
    cfg = dict(defaults)
    errors: list[tuple[str, str]] = []
    seen: set[str] = set()
    for key, value in _split_query(query):
        if key in NON_FIELDS:
            continue
        if key == "v":
            if value != VERSION:
                shown = json.dumps(value, ensure_ascii=False)
                errors.append(("v", f"unsupported version {shown}; read as v={VERSION}"))
            continue
        if key not in _specs():
            errors.append((key, "unknown key (ignored)"))
            continue
        if key in seen:
            errors.append((key, "given more than once (using the default)"))
            cfg[key] = defaults[key]
            continue
        seen.add(key)
        try:
            if value is None:
                raise FieldError("malformed percent-escape")
            cfg[key] = parse_field(key, value)
        except FieldError as e:
            errors.append((key, str(e)))
    _cross_check(cfg, defaults, errors)
    return ExperimentConfig.model_validate(cfg), errors
