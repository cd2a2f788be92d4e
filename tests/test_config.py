"""playground/config.py's cross-field rules added after QA: custom data, early stopping, the EWA inputs."""

from __future__ import annotations

import pytest

from playground.config import EwaConfig, ExperimentConfig
from playground.validation import ConfigError, parse_model


def refusal(model, data) -> ConfigError:
    with pytest.raises(ConfigError) as info:
        parse_model(model, data)
    return info.value


def test_custom_data_needs_a_training_point():
    err = refusal(ExperimentConfig, {"dataset": "custom"})
    assert err.field == "points" and "at least one training point" in err.message
    # dev points alone do not train anything
    assert refusal(ExperimentConfig, {"dataset": "custom", "dev_points": [[0, 0, 0]]}).field == "points"
    assert parse_model(ExperimentConfig, {"dataset": "custom", "points": [[0, 0, 1]]}).points == [
        (0.0, 0.0, 1)
    ]


@pytest.mark.parametrize(
    "data",
    [
        {"early_stopping": 10, "dev_ratio": 0},
        {"early_stopping": 10, "dataset": "custom", "points": [[0, 0, 0]]},
    ],
)
def test_early_stopping_needs_a_dev_set(data):
    err = refusal(ExperimentConfig, data)
    assert err.field == "early_stopping" and "needs a dev set" in err.message


def test_early_stopping_with_a_dev_set_or_off_is_fine():
    assert parse_model(ExperimentConfig, {"early_stopping": 10, "dev_ratio": 0.2}).early_stopping == 10
    drawn = {"dataset": "custom", "points": [[0, 0, 0]], "dev_points": [[1, 1, 1]], "early_stopping": 3}
    assert parse_model(ExperimentConfig, drawn).early_stopping == 3
    assert parse_model(ExperimentConfig, {"early_stopping": 0, "dev_ratio": 0}).dev_ratio == 0


def test_ewa_values_are_bounded_so_every_conversion_stays_finite():
    err = refusal(EwaConfig, {"values": [1e308, 1e308], "unit": "F", "series": None})
    assert err.field == "values[0]"
    top = parse_model(EwaConfig, {"values": [1e12, -1e12], "unit": "F", "series": None})
    assert top.values == [1e12, -1e12]


def test_ewa_series_and_values_given_together_are_refused():
    err = refusal(EwaConfig, {"series": "seattle_2013", "values": [1, 2]})
    assert "series, values" in err.line() and "not both" in err.line()
    # the default series does not count as given; an explicit null makes room for values
    assert parse_model(EwaConfig, {"values": [1, 2]}).values == [1.0, 2.0]
    assert parse_model(EwaConfig, {"series": None, "values": [1, 2]}).series is None


@pytest.mark.parametrize(("data", "field"), [({"values": [1, "2"], "series": None}, "values[1]"),
                                            ({"bias_correction": "no"}, "bias_correction"),
                                            ({"betas": [True]}, "betas[0]")])  # fmt: skip
def test_ewa_wrong_types_are_refused(data, field):
    assert refusal(EwaConfig, data).field == field
