"""Every preset validates against its page's schema (with every step's and the try-this change applied),
and every topic of the course has a lesson."""

from __future__ import annotations

import json

import pytest

from playground.lessons import PRESETS, Lesson, all_lessons, lesson_index, load_lesson

TOPICS = [  # issue 7's list, each with a word that its lesson's slug or title must contain
    "train-dev-test", "bias-variance", "basic-recipe", "l2", "dropout", "early-stopping", "augmentation",
    "normalizing", "vanishing", "initialization", "gradient-checking", "mini-batch", "weighted-averages",
    "momentum-rmsprop-adam", "decay", "saddle", "search", "batch-norm", "softmax", "framework",
]  # fmt: skip


@pytest.mark.parametrize("path", sorted(PRESETS.glob("*.json")), ids=lambda p: p.stem)
def test_preset_validates(path):
    lesson = load_lesson(path)
    lesson.validated_config()
    for step in [*lesson.steps, lesson.try_this]:
        lesson.validated_config(step.change)


@pytest.mark.parametrize("topic", TOPICS)
def test_every_topic_has_a_lesson(topic):
    assert any(topic in lesson.slug for lesson in all_lessons()), topic


def test_a_preset_with_a_bad_config_is_refused(tmp_path):
    good = json.loads((PRESETS / "dropout.json").read_text())
    bad = {**good, "config": {**good["config"], "keep_prob": 1.5}}
    with pytest.raises(ValueError, match="keep_prob"):
        Lesson.model_validate({"slug": "dropout", **bad})
    bad_change = {**good, "try_this": {"text": "x", "change": {"hidden": [999]}}}
    with pytest.raises(ValueError, match=r"try_this\.change: hidden\[0\]"):
        Lesson.model_validate({"slug": "dropout", **bad_change})


def test_slug_must_match_file_name(tmp_path):
    good = json.loads((PRESETS / "dropout.json").read_text())
    path = tmp_path / "other-name.json"
    path.write_text(json.dumps({**good, "slug": "dropout"}))
    with pytest.raises(ValueError, match="differs from the file name"):
        load_lesson(path)


def test_index_is_in_course_order_with_urls():
    index = lesson_index()
    assert [x["slug"] for x in index][:2] == ["train-dev-test", "bias-variance"]
    pages = {"playground": "/?", "race": "/race?", "ewa": "/ewa?", "tune": "/tune?"}
    for item in index:
        assert item["url"] == f"{pages[item['page']]}lesson={item['slug']}"
