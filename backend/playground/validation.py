"""Turn any bad input (malformed JSON, unknown key, wrong type, out-of-range value) into one clear error.

The CLI prints `ConfigError` as one line and exits 2; the websocket sends it as
`{"type": "error", "code": "invalid_config", "field": ..., "message": ...}`.

`load_json` is the one JSON parser for client input (CLI files and websocket messages alike). NaN/Infinity
literals parse to non-finite floats on purpose: the schemas refuse them (allow_inf_nan=False) with the
field's name, which a parser-level refusal could not give.
"""

from __future__ import annotations

import json
import re
import sys
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

M = TypeVar("M", bound=BaseModel)

_NAMED = re.compile(r"(?P<field>[a-z_][a-z0-9_]*(?:\[\d+\])?): (?P<msg>.+)", re.DOTALL)


class ConfigError(ValueError):
    """A rejected input: which field, which value, and what is allowed."""

    def __init__(self, field: str, message: str, value: Any = None, kind: str = "invalid"):
        self.field = field
        self.kind = kind  # "invalid", or "non_finite" for NaN/Infinity (the websocket's error code)
        self.value = value
        self.message = message
        super().__init__(self.line())

    def line(self) -> str:
        shown = json.dumps(self.value, allow_nan=True)[:80] if self.value is not None else None
        where = f"{self.field}: " if self.field else ""
        got = f" (got {shown})" if shown is not None else ""
        return f"{where}{self.message}{got}"


def _field_path(loc: tuple) -> str:
    parts = []
    for p in loc:
        if isinstance(p, int):
            parts.append(f"[{p}]")
        else:
            parts.append(("." if parts else "") + str(p))
    return "".join(parts)


def from_validation_error(exc: ValidationError) -> ConfigError:
    """The first error of a pydantic ValidationError, as a ConfigError naming field, value and rule."""
    err = exc.errors(include_url=False)[0]
    loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p.startswith("function-")))
    # Union/tuple members add type names to loc ("list[...]", "literal[...]"); keep only real field names.
    loc = tuple(p for p in loc if not (isinstance(p, str) and ("[" in p or p in ("str", "float", "int"))))
    field = _field_path(loc)
    msg = err["msg"]
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, ") :]
        # A model-level check has no location; it names its field as "field: message" instead.
        named = _NAMED.match(msg)
        if named:
            field = ".".join(p for p in (field, named["field"]) if p)
            msg = named["msg"]
    if err["type"] == "extra_forbidden":
        msg = "unknown key (not part of the schema)"
    if err["type"] == "finite_number":
        msg = "must be a finite number"
    value = err.get("input") if err["type"] not in ("missing",) else None
    if isinstance(value, dict | list) and err["type"] not in ("extra_forbidden",):
        value = None  # a whole object is noise in a one-line message
    kind = "non_finite" if err["type"] == "finite_number" else "invalid"
    return ConfigError(field, msg, value, kind)


def json_kind(value: Any) -> str:
    """A parsed JSON value's type in JSON words (object, array, string, number, boolean, null)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    return {dict: "an object", list: "an array", str: "a string"}.get(type(value), type(value).__name__)


def load_json(text: str | bytes) -> Any:
    """Parse client JSON text (a UTF-8 BOM is allowed); ConfigError on anything malformed.

    Refused with one line: bad syntax, invalid UTF-8, a key repeated in one object (JSON would silently keep
    the last), nesting deep enough to exhaust the parser, and integers longer than Python converts (4300
    digits). NaN/Infinity become float NaN/inf for the schema to refuse by field name.
    """
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as e:
            raise ConfigError("", f"not UTF-8 text ({e.reason} at byte {e.start})") from None
    try:
        return json.loads(text.removeprefix("\ufeff"), parse_constant=float, object_pairs_hook=_object)
    except ConfigError:
        raise
    except json.JSONDecodeError as e:
        raise ConfigError("", f"malformed JSON: {e}") from None
    except RecursionError:
        raise ConfigError("", "malformed JSON: nested too deeply") from None
    except ValueError:  # int(): "Exceeds the limit (4300 digits) for integer string conversion ..."
        limit = sys.get_int_max_str_digits()
        raise ConfigError("", f"malformed JSON: an integer has more than {limit} digits") from None


def _object(pairs: list[tuple[str, Any]]) -> dict:
    obj = dict(pairs)
    if len(obj) != len(pairs):
        seen: set[str] = set()
        dup = next(k for k, _ in pairs if k in seen or seen.add(k))
        raise ConfigError("", f"duplicate key {json.dumps(dup)[:60]} (a key may appear once in an object)")
    return obj


def parse_model(model: type[M], data: str | bytes | dict) -> M:
    """Validate JSON text or a dict against `model`; raise ConfigError on any problem."""
    if isinstance(data, str | bytes):
        data = load_json(data)
    if not isinstance(data, dict):
        raise ConfigError("", f"expected a JSON object, got {json_kind(data)}")
    try:
        return model.model_validate(data)
    except ValidationError as e:
        raise from_validation_error(e) from None
