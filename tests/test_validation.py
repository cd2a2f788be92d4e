"""playground/validation.py: one JSON parser and one schema check for the CLI and the websocket alike."""

from __future__ import annotations

import math
import sys

import pytest

from playground.config import EwaConfig, ExperimentConfig, RaceConfig
from playground.validation import ConfigError, json_kind, load_json, parse_model


def refusal(model, data) -> ConfigError:
    with pytest.raises(ConfigError) as info:
        parse_model(model, data)
    return info.value


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ('{"epochs": 1' + "0" * 5000 + "}", f"more than {sys.get_int_max_str_digits()} digits"),
        ("[" * 100_000, "nested too deeply"),
        ('{"a": {"epochs": 3, "epochs": 4}}', 'duplicate key "epochs"'),
        ("{", "malformed JSON"),
        (b'{"epochs": "\xff"}', "not UTF-8"),
    ],
)
def test_malformed_text_is_one_config_error(text, words):
    with pytest.raises(ConfigError) as info:
        load_json(text)
    assert words in info.value.line() and "\n" not in info.value.line()


def test_a_byte_order_mark_is_no_part_of_the_json():
    assert load_json('\ufeff{"epochs": 3}') == {"epochs": 3}
    assert load_json(b'\xef\xbb\xbf{"epochs": 3}') == {"epochs": 3}
    assert parse_model(ExperimentConfig, '\ufeff{"epochs": 3}').epochs == 3


def test_nan_and_infinity_parse_so_that_the_schema_names_the_field():
    data = load_json('{"a": NaN, "b": -Infinity, "c": 1e999}')
    assert math.isnan(data["a"]) and data["b"] == -math.inf and data["c"] == math.inf
    err = refusal(ExperimentConfig, '{"learning_rate": NaN}')
    assert err.line() == "learning_rate: must be a finite number (got NaN)" and err.kind == "non_finite"
    assert refusal(ExperimentConfig, '{"l2": Infinity}').field == "l2"
    assert refusal(ExperimentConfig, '{"points": [[0, -Infinity, 0]], "dataset": "custom"}').field == (
        "points[0][1]"
    )
    assert refusal(RaceConfig, '{"start": [NaN, 0]}').field == "start[0]"


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"epochs": True}, "epochs"),
        ({"epochs": "5"}, "epochs"),
        ({"epochs": 5.0}, "epochs"),
        ({"normalize_inputs": "yes"}, "normalize_inputs"),
        ({"batch_norm": 1}, "batch_norm"),
        ({"hidden": [True, 3]}, "hidden[0]"),
        ({"hidden": [3, "3"]}, "hidden[1]"),
        ({"learning_rate": "0.1"}, "learning_rate"),
        ({"learning_rate": False}, "learning_rate"),
        ({"dataset": "custom", "points": [[0, 0, True]]}, "points[0][2]"),
        ({"dataset": "custom", "points": [["1", 0, 0]]}, "points[0][0]"),
    ],
)
def test_wrong_types_are_refused_not_coerced(data, field):
    err = refusal(ExperimentConfig, data)
    assert err.field == field, err.line()


def test_json_arrays_still_fill_tuples_and_ints_still_fill_floats():
    cfg = parse_model(ExperimentConfig, '{"dataset": "custom", "points": [[1, 2, 0]], "learning_rate": 1}')
    assert cfg.points == [(1.0, 2.0, 0)] and cfg.learning_rate == 1.0
    assert isinstance(cfg.learning_rate, float)
    assert parse_model(RaceConfig, {"surface": "saddle", "start": [1, -1]}).start == (1.0, -1.0)
    # a dumped config (tuples inside) validates again in python mode: the websocket's merge does this
    assert parse_model(ExperimentConfig, cfg.model_dump()) == cfg
    assert parse_model(EwaConfig, {"values": [1, 2.5], "series": None}).values == [1.0, 2.5]


def test_error_text_uses_json_words():
    assert "got an array" in refusal(ExperimentConfig, "[1]").line()
    assert "got null" in refusal(ExperimentConfig, "null").line()
    assert [json_kind(v) for v in ({}, [], "", 1.5, True, None)] == [
        "an object",
        "an array",
        "a string",
        "a number",
        "a boolean",
        "null",
    ]


def test_a_model_rule_that_names_its_field_reports_that_field():
    err = refusal(ExperimentConfig, {"hidden": [4], "activation": ["relu", "tanh"]})
    assert err.field == "activation" and err.message.startswith("a list needs one entry")
    assert refusal(ExperimentConfig, {"dev_ratio": 0.5, "test_ratio": 0.5}).field == ""
