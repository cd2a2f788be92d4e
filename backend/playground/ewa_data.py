"""Series for the EWA lab: the shipped temperature series (shared/data/) and a parser for pasted/uploaded CSV.

A pasted series is CSV text with either one value per line, or ``date,value`` per line (comma, semicolon
or tab). An optional first line of column names (its value cell a word, not a number) is skipped; blank
lines and lines starting with ``#`` are ignored. Every other line must hold a finite number in its value
column, or the whole paste is refused with a message naming the line (1-based, as an editor counts), e.g.
``line 7: "abc" is not a number``. Dates must be ISO dates (YYYY-MM-DD, optionally with a time) on the
calendar: ``2020-13-45`` is refused.
"""

from __future__ import annotations

import csv
import math
import re
from dataclasses import dataclass
from datetime import datetime
from functools import cache

from playground.config import MAX_EWA_VALUE
from playground.resources import SHARED

DATA = SHARED / "data"
MAX_VALUES = 20_000  # EwaConfig.values' max_length
_SEATTLE = "seattle_2012_2015.csv"

# name -> (file, year prefix of the dates to keep or "" for all, description)
SERIES: dict[str, tuple[str, str, str]] = {
    "seattle_2012_2015": (_SEATTLE, "", "Seattle daily mean temperature, 2012-2015 (NOAA)"),
    **{
        f"seattle_{y}": (_SEATTLE, str(y), f"Seattle daily mean temperature, {y} (NOAA)")
        for y in (2012, 2013, 2014, 2015)
    },
}


class SeriesError(ValueError):
    """A series that cannot be used; ``line`` is the 1-based line of a pasted text (None otherwise)."""

    def __init__(self, message: str, line: int | None = None):
        self.line = line
        super().__init__(f"line {line}: {message}" if line is not None else message)


@dataclass(frozen=True)
class Series:
    """A named or pasted series: values (T,) as floats, dates (T,) ISO strings or None when undated."""

    name: str
    values: tuple[float, ...]
    dates: tuple[str, ...] | None
    description: str = ""


@cache
def _read_file(file: str) -> tuple[tuple[str, ...], tuple[float, ...]]:
    with open(DATA / file, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))[1:]
    return tuple(r[0] for r in rows), tuple(float(r[1]) for r in rows)


def shipped_names() -> list[str]:
    """Names accepted by ``EwaConfig.series``."""
    return list(SERIES)


def load_series(name: str) -> Series:
    """A shipped series by name (values in degC); SeriesError naming the allowed names when unknown."""
    if name not in SERIES:
        raise SeriesError(f"series: unknown series {name!r} (shipped: {', '.join(SERIES)})")
    file, year, description = SERIES[name]
    dates, values = _read_file(file)
    keep = [i for i, d in enumerate(dates) if d.startswith(year)]
    return Series(name, tuple(values[i] for i in keep), tuple(dates[i] for i in keep), description)


_SPLIT = re.compile(r"\s*[,;\t]\s*")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def _number(text: str, line: int) -> float:
    # float() would also take "nan", "inf" and "1_000"; a series value must be a plain finite number.
    t = text.strip().strip('"').strip()
    if not _NUMBER.fullmatch(t):
        shown = t if len(t) <= 30 else t[:27] + "..."
        raise SeriesError(f'"{shown}" is not a number', line)
    x = float(t)
    if not math.isfinite(x) or abs(x) > MAX_EWA_VALUE:  # EwaConfig.values' bound
        raise SeriesError(f'"{t}" is too large (at most {MAX_EWA_VALUE:g} in size)', line)
    return x


_DATE = re.compile(r"\d{4}-\d{2}-\d{2}([ T][0-9:.]{2,15})?")


def _date(text: str, line: int) -> str:
    # The plot's date axis needs real ISO dates; "2020-13-45" has the shape but no calendar day.
    t = text.strip().strip('"').strip()
    try:
        ok = bool(_DATE.fullmatch(t)) and bool(datetime.fromisoformat(t))
    except ValueError:
        ok = False
    if not ok:
        shown = t if len(t) <= 30 else t[:27] + "..."
        raise SeriesError(f'"{shown}" is not a date (write YYYY-MM-DD, e.g. 2020-01-31)', line)
    return t


def _is_header(cell: str) -> bool:
    """A first line's value cell that is a word (has a letter, is no number) names the column."""
    t = cell.strip().strip('"')
    return not _NUMBER.fullmatch(t) and any(c.isalpha() for c in t)


def parse_series_text(text: str, max_values: int = MAX_VALUES) -> Series:
    """Parse pasted CSV (one value column, or date,value) into a Series named "pasted".

    Raises SeriesError naming the first bad line: a non-number, a wrong column count, a line whose shape
    differs from the first data line (one column vs two), too many values, or no value at all.
    """
    values: list[float] = []
    dates: list[str] = []
    width = None  # columns of the first data line: 1 (values) or 2 (date,value)
    for i, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        cells = _SPLIT.split(line)
        if len(cells) > 2:
            raise SeriesError(f"expected one value or date,value; found {len(cells)} columns", i)
        if width is None:
            width = len(cells)
            if _is_header(cells[-1]):
                continue
        elif len(cells) != width:
            want = "one value" if width == 1 else "date,value"
            raise SeriesError(f"expected {want} like the lines above; found {len(cells)} columns", i)
        values.append(_number(cells[-1], i))
        if width == 2:
            dates.append(_date(cells[0], i))
        if len(values) > max_values:
            raise SeriesError(f"too many values: at most {max_values}", i)
    if not values:
        raise SeriesError("no values found: paste one number per line, or date,value per line")
    return Series("pasted", tuple(values), tuple(dates) if width == 2 else None, "Pasted series")
