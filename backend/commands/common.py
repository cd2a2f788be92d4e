"""What every CLI command shares: reading a config file through the schema, printing JSON, exit codes."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel

from backend.validation import ConfigError, parse_model

M = TypeVar("M", bound=BaseModel)

EXIT_BAD_INPUT = 2


def read_config(model: type[M], path: str) -> M:
    """Load and validate a JSON config file (`-` reads stdin); ConfigError on any problem."""
    try:
        text = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
    except OSError as e:
        raise ConfigError("", f"cannot read {path}: {e.strerror}") from None
    except UnicodeDecodeError:
        raise ConfigError("", f"{path} is not UTF-8 text") from None
    return parse_model(model, text)


def fail(err: ConfigError) -> int:
    """Print one line naming the field, the value and what is allowed; exit code 2."""
    print(f"playground: invalid config: {err.line()}", file=sys.stderr)
    return EXIT_BAD_INPUT


def print_json(obj: object) -> None:
    """Print one JSON object on stdout; NaN/Infinity are refused (callers map them to null first)."""
    sys.stdout.write(json.dumps(obj, allow_nan=False, separators=(",", ":")) + "\n")
