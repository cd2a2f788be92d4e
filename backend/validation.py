"""Turn any bad input (malformed JSON, unknown key, wrong type, out-of-range value) into one clear error.

The CLI prints `ConfigError` as one line and exits 2; the websocket sends it as
`{"type": "error", "code": "invalid_config", "field": ..., "message": ...}`.
"""

from __future__ import annotations

import json
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

M = TypeVar("M", bound=BaseModel)


class ConfigError(ValueError):
    """A rejected input: which field, which value, and what is allowed."""

    def __init__(self, field: str, message: str, value: Any = None):
        self.field = field
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
    if err["type"] == "extra_forbidden":
        msg = "unknown key (not part of the schema)"
    value = err.get("input") if err["type"] not in ("missing",) else None
    if isinstance(value, dict | list) and err["type"] not in ("extra_forbidden",):
        value = None  # a whole object is noise in a one-line message
    return ConfigError(field, msg, value)


def parse_model(model: type[M], data: str | bytes | dict) -> M:
    """Validate JSON text or a dict against `model`; raise ConfigError on any problem."""
    if isinstance(data, str | bytes):
        try:
            data = json.loads(data, parse_constant=_refuse_constant)
        except ConfigError:
            raise
        except (json.JSONDecodeError, UnicodeDecodeError) as e:
            raise ConfigError("", f"malformed JSON: {e}") from None
    if not isinstance(data, dict):
        raise ConfigError("", f"expected a JSON object, got {type(data).__name__}")
    try:
        return model.model_validate(data)
    except ValidationError as e:
        raise from_validation_error(e) from None


def _refuse_constant(name: str) -> Any:
    raise ConfigError("", f"{name} is not allowed: numbers must be finite")
