"""The bias/variance verdicts of the course's four worked examples (baseline error ~0%)."""

from __future__ import annotations

import numpy as np
import pytest

from playground.config import ExperimentConfig
from playground.engine.trainer import Trainer
from playground.server.diagnosis import QUIET_LEVEL, SWING, _rise, cost_hint, diagnose


@pytest.mark.parametrize(
    ("train_error", "dev_error", "verdict"),
    [
        (0.01, 0.11, "high variance"),
        (0.15, 0.16, "high bias"),
        (0.15, 0.30, "high bias and high variance"),
        (0.005, 0.01, "low bias and low variance"),
    ],
)
def test_course_examples(train_error, dev_error, verdict):
    d = diagnose(1 - train_error, 1 - dev_error)
    assert d["verdict"] == verdict
    assert d["avoidable_bias"] == pytest.approx(train_error)
    assert d["variance"] == pytest.approx(dev_error - train_error)


def test_baseline_error_moves_the_bias_judgement():
    # 15% training error is fine when humans also get 14% wrong (the course's "avoidable bias")
    d = diagnose(0.85, 0.84, baseline_error=0.14)
    assert d["avoidable_bias"] == pytest.approx(0.01) and d["verdict"] == "low bias and low variance"


def test_without_dev_set_and_before_training():
    assert diagnose(0.7, None)["verdict"] == "high bias" and diagnose(0.7, None)["variance"] is None
    assert diagnose(0.99, None)["verdict"] == "low bias"
    assert diagnose(None, None)["verdict"] == "unknown"


def test_no_hint_for_a_cost_that_falls():
    assert diagnose(0.9, 0.9, recent_costs=0.7 * 0.95 ** np.arange(20))["hint"] is None
    assert diagnose(0.9, 0.9)["hint"] is None  # no costs given: no hint
    assert cost_hint([0.5, 0.4]) is None  # too few epochs to judge


def test_no_hint_for_the_mini_batch_wobble_of_a_well_fit_run():
    # the page's default run after 400 epochs: cost ~0.001, swinging by ~30% of that from epoch to epoch
    wobble = 0.001 * (1 + 0.3 * (-1.0) ** np.arange(20))
    assert cost_hint(wobble) is None
    assert cost_hint(100 * wobble) is not None  # the same swings at a cost of 0.1 do mean something


def test_hint_for_a_rising_cost():
    hint = diagnose(0.6, 0.6, recent_costs=np.linspace(0.5, 0.9, 20))["hint"]
    assert "rising" in hint and "learning rate" in hint


def test_hint_for_a_huge_learning_rate_that_oscillates_without_diverging():
    # QA's case: plain gradient descent at alpha = 10 swings between ~0.7 and ~2.6 and never reaches NaN
    t = Trainer(ExperimentConfig(learning_rate=10.0, optimizer="gd", mini_batch_size=0, epochs=200))
    t.train_epochs(200)
    assert t.stopped == "completed"
    hint = cost_hint(t.history.array("train_cost")[-20:])
    assert hint is not None and "learning rate may be too high" in hint
    # the same network at the default alpha = 0.01: a steady decline, no hint
    calm = Trainer(ExperimentConfig(optimizer="gd", mini_batch_size=0, epochs=200))
    calm.train_epochs(200)
    assert cost_hint(calm.history.array("train_cost")[-20:]) is None


def test_rise_is_the_least_squares_line_from_first_to_last_epoch():
    # a straight line c_i = 2 + 0.03 i over 20 epochs rises by 0.03 * 19 whatever the noise-free fit method
    assert _rise(2.0 + 0.03 * np.arange(20), 1e9) == pytest.approx(0.57, rel=1e-12)
    rng = np.random.default_rng(3)
    for n in (5, 6, 20, 33):
        c = rng.normal(1.0, 0.2, n)
        x = np.arange(n)
        slope = np.sum((x - x.mean()) * (c - c.mean())) / np.sum((x - x.mean()) ** 2)  # normal equations
        assert _rise(c, 1e9) == pytest.approx(slope * (n - 1), rel=1e-10)


def test_the_hint_on_the_rising_threshold_is_polyfits():
    # rise == 0.1 * level up to rounding: the closed form defers to np.polyfit, as the verdict used to
    c = 1.0 + np.linspace(-0.05, 0.05, 20)
    expected = np.polyfit(np.arange(20), c, 1)[0] * 19 > SWING * max(np.mean(np.abs(c)), QUIET_LEVEL)
    assert ("rising" in (cost_hint(c) or "")) == expected
