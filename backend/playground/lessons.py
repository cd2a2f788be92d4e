"""Lessons: one preset experiment per course topic, stored as `shared/presets/<slug>.json`.

A lesson opens a page (playground, race or EWA lab) already set up, says what to look for, and offers one
"now try this" change that flips the result. Its config is validated by that page's schema, with and without
the change, so a lesson can never ship a config the page would refuse.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field, model_validator

from playground.config import EwaConfig, ExperimentConfig, RaceConfig, Strict, SweepConfig
from playground.resources import SHARED
from playground.validation import ConfigError, parse_model

PRESETS = SHARED / "presets"
SLUG = r"^[a-z0-9][a-z0-9-]{0,63}$"
PAGE_MODELS: dict[str, type[BaseModel]] = {
    "playground": ExperimentConfig,
    "race": RaceConfig,
    "ewa": EwaConfig,
    "tune": SweepConfig,
}
PAGE_PATHS = {"playground": "/", "race": "/race", "ewa": "/ewa", "tune": "/tune"}


class LessonStep(Strict):
    """One step of a lesson: what to do or look for, and the config change (partial) applied at this step."""

    text: str = Field(min_length=1, max_length=2000)
    change: dict[str, Any] = Field(default_factory=dict)
    # a page action the step triggers; "gradcheck_broken" checks a deliberately wrong backprop (demo only)
    action: Literal["gradcheck", "gradcheck_broken"] | None = None


class LessonText(Strict):
    """A lesson's words in another language (the page's catalogue language); same config, same claim."""

    title: str = Field(min_length=1, max_length=120)
    topic: str = Field(min_length=1, max_length=120)
    text: str = Field(min_length=1, max_length=4000)
    steps: list[str] = Field(default_factory=list, max_length=12)
    try_this: str = Field(min_length=1, max_length=2000)
    claim: str = Field(min_length=1, max_length=500)


class Lesson(Strict):
    """A preset experiment with its text; `config` holds only the fields that differ from the defaults.

    `i18n` holds the same lesson's words in other languages (one config per lesson: the lesson tests check
    the claim once, and it holds for every language); each has one text per step.
    """

    slug: str = Field(pattern=SLUG)
    order: int = Field(ge=0, le=1000)
    title: str = Field(min_length=1, max_length=120)
    topic: str = Field(min_length=1, max_length=120)
    page: Literal["playground", "race", "ewa", "tune"]
    config: dict[str, Any] = Field(default_factory=dict)
    text: str = Field(min_length=1, max_length=4000, description="What to look for, in our own words.")
    steps: list[LessonStep] = Field(default_factory=list, max_length=12)
    try_this: LessonStep = Field(description="The one change that flips the result.")
    claim: str = Field(min_length=1, max_length=500, description="What the lesson's test asserts.")
    i18n: dict[Literal["zh-CN"], LessonText] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _configs_validate(self) -> Lesson:
        for code, words in self.i18n.items():
            if len(words.steps) != len(self.steps):
                raise ValueError(f"i18n.{code}.steps: {len(words.steps)} texts for {len(self.steps)} steps")
        model = PAGE_MODELS[self.page]
        parse_model(model, self.config)
        for i, step in enumerate([*self.steps, self.try_this]):
            try:
                parse_model(model, {**self.config, **step.change})
            except ConfigError as e:
                where = "try_this" if i == len(self.steps) else f"steps[{i}]"
                raise ValueError(f"{where}.change: {e.line()}") from None
        return self

    def validated_config(self, with_change: dict[str, Any] | None = None) -> BaseModel:
        """The page's config object, optionally with a step's change applied."""
        return PAGE_MODELS[self.page].model_validate({**self.config, **(with_change or {})})

    @property
    def url(self) -> str:
        """Where the lesson opens: the page, told which lesson to load."""
        return f"{PAGE_PATHS[self.page]}?lesson={self.slug}"


def load_lesson(path: Path) -> Lesson:
    """Read and validate one preset file; its slug is its file name."""
    data = json.loads(path.read_text(encoding="utf-8"))
    if data.get("slug", path.stem) != path.stem:
        raise ValueError(f"{path.name}: slug {data.get('slug')!r} differs from the file name")
    return Lesson.model_validate({"slug": path.stem, **data})


@cache
def all_lessons() -> tuple[Lesson, ...]:
    """Every shipped lesson, in course order."""
    return tuple(sorted((load_lesson(p) for p in PRESETS.glob("*.json")), key=lambda x: (x.order, x.slug)))


def lesson_index() -> list[dict[str, Any]]:
    """What the lessons index page lists."""
    return [
        {
            "slug": x.slug,
            "title": x.title,
            "topic": x.topic,
            "page": x.page,
            "url": x.url,
            "i18n": {code: {"title": w.title, "topic": w.topic} for code, w in x.i18n.items()},
        }
        for x in all_lessons()
    ]
