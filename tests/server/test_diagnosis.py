"""The bias/variance verdicts of the course's four worked examples (baseline error ~0%)."""

from __future__ import annotations

import numpy as np
import pytest

from backend.config import ExperimentConfig
from backend.engine.trainer import Trainer
from backend.server.diagnosis import cost_hint, diagnose


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
