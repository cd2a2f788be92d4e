"""Room schemas: the teacher's request bodies and the room record the stores keep (one pydantic schema).

Bodies are strict like every schema of the app (unknown keys, wrong types and NaN are errors naming the
field); the experiment inside them is an ExperimentConfig, partial ones merged onto the defaults.
"""

from __future__ import annotations

import re
import time
import unicodedata
from typing import Any, Literal

from pydantic import Field, field_validator

from playground.config import ExperimentConfig, Strict
from playground.lessons import SLUG

MAX_STUDENTS = 200
NAME_MAX = 24
INSTRUCTIONS_MAX = 500
FIELDS = tuple(ExperimentConfig.model_fields)
Lesson = str | None


def _lesson(v: Lesson) -> Lesson:
    if v is not None and not re.fullmatch(SLUG, v):
        raise ValueError("a lesson slug: lower-case letters, digits and '-', at most 64 characters")
    return v


def _editable(v: list[str] | None) -> list[str] | None:
    if v is None:
        return None
    unknown = [f for f in v if f not in FIELDS]
    if unknown:
        raise ValueError(f"unknown ExperimentConfig field {unknown[0][:40]!r}")
    return sorted(set(v), key=FIELDS.index)  # schema order, no repeats


class CreateBody(Strict):
    """POST /api/rooms."""

    experiment: dict[str, Any] = Field(default_factory=dict, description="ExperimentConfig fields.")
    lesson: Lesson = None
    instructions: str = Field("", max_length=INSTRUCTIONS_MAX)
    max_students: int = Field(MAX_STUDENTS, ge=1, le=MAX_STUDENTS)
    anonymize: bool = False
    check_lesson = field_validator("lesson")(staticmethod(_lesson))


class PushBody(Strict):
    experiment: dict[str, Any] = Field(description="ExperimentConfig fields (partial: merged on defaults).")
    lesson: Lesson = None
    instructions: str | None = Field(None, max_length=INSTRUCTIONS_MAX)
    check_lesson = field_validator("lesson")(staticmethod(_lesson))


class LockBody(Strict):
    editable: list[str] | None = Field(description="The only fields students may change; null: all.")
    check_editable = field_validator("editable")(staticmethod(_editable))


class SpotlightBody(Strict):
    name: str | None = Field(max_length=64)


class InstructionsBody(Strict):
    text: str = Field(max_length=INSTRUCTIONS_MAX)


class Room(Strict):
    """What a store keeps of a room (never a token: only its SHA-256)."""

    code: str
    state: Literal["open", "ended"] = "open"
    experiment: dict[str, Any]  # a full ExperimentConfig dump
    lesson: Lesson = None
    instructions: str = ""
    editable: list[str] | None = None
    paused: bool = False
    spotlight: str | None = None
    anonymize: bool = False
    max_students: int = MAX_STUDENTS
    seq: int = 0
    push_seq: int = 0  # seq of the last push (a rejoin after it starts from the pushed experiment)
    created: float = Field(default_factory=time.time)
    updated: float = Field(default_factory=time.time)
    teacher_hash: str


def clean_name(raw: object) -> str | None:
    """The display name as kept (NFC, trimmed, inner whitespace runs as one space), None if not acceptable:
    1..24 characters, no control characters. Pages render it as text, never as HTML."""
    if not isinstance(raw, str):
        return None
    name = " ".join(unicodedata.normalize("NFC", raw).split())
    if not 1 <= len(name) <= NAME_MAX:
        return None
    if any(unicodedata.category(c) in ("Cc", "Cf", "Cs", "Co", "Cn") for c in name):
        return None
    return name


def name_key(name: str) -> str:
    """Names are unique in a room ignoring case: the key they are stored under."""
    return name.casefold()
