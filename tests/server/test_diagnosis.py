"""The bias/variance verdicts of the course's four worked examples (baseline error ~0%)."""

from __future__ import annotations

import pytest

from backend.server.diagnosis import diagnose


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
