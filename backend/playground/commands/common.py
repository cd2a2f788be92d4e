"""What every CLI command shares: reading a config file through the schema, printing JSON, exit codes."""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel

from playground.validation import ConfigError, parse_model

M = TypeVar("M", bound=BaseModel)

EXIT_BAD_INPUT = 2
EXIT_INTERRUPTED = 130  # 128 + SIGINT, what shells report for a command stopped by Ctrl-C


def read_config(model: type[M], path: str) -> M:
    """Load and validate a JSON config file (`-` reads stdin); ConfigError on any problem."""
    try:
        # utf-8-sig: editors on Windows save a byte-order mark; it is no part of the JSON
        text = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8-sig")
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


def interruptible(main: Callable[..., int]) -> Callable[..., int]:
    """Wrap a command's main: Ctrl-C ends it quietly with exit code 130 instead of a traceback."""

    @functools.wraps(main)
    def wrapper(args) -> int:
        try:
            return main(args)
        except KeyboardInterrupt:
            print(file=sys.stderr)  # end a half-drawn progress bar's line
            return EXIT_INTERRUPTED

    return wrapper


def config_command(model: type[M], path: str, compute: Callable[[M], object]) -> int:
    """The shape of every one-shot command: validate the file at `path` as `model`, print `compute(config)`
    as JSON, exit 0; bad input (in the file or found by `compute`) prints one line and exits 2."""
    try:
        out = compute(read_config(model, path))
    except ConfigError as err:
        return fail(err)
    print_json(out)
    return 0
