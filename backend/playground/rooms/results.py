"""The teacher's view of the students: one result object per student, and the CSV export.

Built from the store's roster (who joined) and live reports (what each holder last reported). Tokens are in
neither (the roster keeps a token's hash, which is left out here too).
"""

from __future__ import annotations

import csv
import io
import time

from playground import urlcodec
from playground.config import ExperimentConfig
from playground.rooms.model import Room
from playground.server.diagnosis import diagnose

ONLINE_SECONDS = 5.0  # a report at least this recent, socket attached: online
RECONNECT_SECONDS = 60.0  # silent or detached for less than this: reconnecting (then offline)
METRICS = ("train_accuracy", "dev_accuracy", "train_cost", "dev_cost")
TEXT_COLUMNS = ("name", "label", "changed")  # written by students: guarded against spreadsheet formulas
CSV_COLUMNS = ("name", "label", "connected", "epoch", *METRICS, "bias", "variance", "changed", "url")


def connected(live: dict | None, now: float) -> str:
    if not live or live.get("left"):
        return "offline"
    age = now - live.get("updated", 0.0)
    if live.get("attached") and age < ONLINE_SECONDS:
        return "online"
    return "reconnecting" if age < RECONNECT_SECONDS else "offline"


def changed(config: dict, pushed: dict) -> dict:
    """{field: value} of `config` differing from the pushed experiment (schema order)."""
    return {k: v for k, v in config.items() if pushed.get(k) != v}


def result(room: Room, student: dict, live: dict | None, now: float) -> dict:
    live = live or {}
    config = live.get("config") or room.experiment
    errors = diagnose(live.get("train_accuracy"), live.get("dev_accuracy"))
    number = student["number"]
    return {
        "name": student["name"],
        "label": f"Student {number}" if room.anonymize else student["name"],
        "number": number,
        "connected": connected(live, now),
        "epoch": live.get("epoch", 0),
        "config": config,
        "changed": changed(config, room.experiment),
        **{k: live.get(k) for k in METRICS},
        "bias": errors["avoidable_bias"],
        "variance": errors["variance"],
        "url": "/?" + urlcodec.encode(ExperimentConfig.model_validate(config)),
        "thumbnail": live.get("thumbnail"),
        "updated": live.get("updated"),
    }


def results(room: Room, roster: dict[str, dict], live: dict[str, dict]) -> list[dict]:
    """One result per student, sorted by name ignoring case."""
    now = time.time()
    return [result(room, roster[k], live.get(k), now) for k in sorted(roster)]


def _cell(value) -> str:
    text = "" if value is None else str(value)
    # a spreadsheet runs a cell starting with = + - @ as a formula: names are student input
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def to_csv(rows: list[dict]) -> str:
    """One row per student: name, label, connection, metrics, the changed fields (`field=value; ...`), url."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        cells = {**row, "changed": "; ".join(f"{k}={v}" for k, v in row["changed"].items())}
        writer.writerow([_cell(cells[c]) if c in TEXT_COLUMNS else cells[c] for c in CSV_COLUMNS])
    return out.getvalue()
