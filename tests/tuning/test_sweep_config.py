"""SweepConfig refuses bad searches with one clear error naming the field."""

from __future__ import annotations

import pytest

from playground.config import MAX_TRIALS, SweepConfig
from playground.tuning.space import apply_params
from playground.validation import ConfigError, parse_model

LR_LOG = {"min": 1e-4, "max": 1.0, "scale": "log"}


def error(data: dict) -> ConfigError:
    with pytest.raises(ConfigError) as info:
        parse_model(SweepConfig, data)
    return info.value


@pytest.mark.parametrize(
    ("params", "field", "words"),
    [
        ({"learning_rate": {"min": 0.1, "max": 0.1}}, "params.learning_rate", "min must be below max"),
        ({"learning_rate": {"min": 0.5, "max": 0.1}}, "params.learning_rate", "min must be below max"),
        ({"l2": {"min": 0.0, "max": 1.0, "scale": "log"}}, "params.l2", "min must be > 0"),
        ({"beta": {"min": 0.9, "max": 1.0, "scale": "one_minus_log"}}, "params.beta", "(0, 1)"),
        ({"beta": {"min": 0.5, "max": 1.5}}, "params.beta", "1.5 is not allowed"),
        ({"keep_prob": {"min": 0.0, "max": 1.0}}, "params.keep_prob", "0.0 is not allowed"),
        ({"learning_rte": LR_LOG}, "params", "'learning_rte' is not a numeric field"),
        ({"optimizer": {"values": [1, 2]}}, "params", "'optimizer' is not a numeric field"),
        ({"mini_batch_size": {"values": [16, 32.5]}}, "params.mini_batch_size", "32.5 is not an integer"),
        ({"hidden_units": {"min": 1, "max": 100}}, "params.hidden_units", "100.0 is not allowed"),
        ({"learning_rate": {"min": 0.1}}, "params.learning_rate", "give min and max"),
        ({"learning_rate": {"min": 0.1, "max": 1, "values": [0.2]}}, "params.learning_rate", "not both"),
    ],
)
def test_bad_ranges_name_the_field(params, field, words):
    err = error({"params": params})
    assert err.field == field
    assert words in err.message, err.line()


def test_more_trials_than_the_cap_and_empty_params_are_refused():
    err = error({"params": {"learning_rate": LR_LOG}, "trials": MAX_TRIALS + 1})
    assert err.field == "trials" and str(MAX_TRIALS) in err.message
    assert error({"params": {}}).field == "params"


def test_dask_needs_an_address_of_a_known_scheme():
    assert "dask_address" in error({"params": {"learning_rate": LR_LOG}, "executor": "dask"}).message
    err = error({"params": {"learning_rate": LR_LOG}, "executor": "dask", "dask_address": "http://x; rm"})
    assert err.field == "dask_address"


def test_a_bad_base_is_refused_with_its_path():
    err = error({"params": {"learning_rate": LR_LOG}, "base": {"hidden": [4, 2], "activation": ["relu"]}})
    assert err.field == "base.activation" and "one entry per hidden layer" in err.message


def test_derived_fields_reshape_hidden():
    sweep = parse_model(SweepConfig, {"params": {"layers": {"values": [1, 3]}}, "base": {"hidden": [5, 7]}})
    cfg = apply_params(sweep.base, {"layers": 3})
    assert cfg.hidden == [5, 5, 5]
    cfg = apply_params(sweep.base, {"hidden_units": 9})
    assert cfg.hidden == [9, 9]
    cfg = apply_params(sweep.base, {"hidden_units": 3, "layers": 1})
    assert cfg.hidden == [3]
    per_layer = sweep.base.model_copy(update={"activation": ["relu", "tanh"]})
    assert apply_params(per_layer, {"layers": 3}).activation == "relu"
