"""Learning-rate decay: the course's table and each schedule's formula."""

from __future__ import annotations

import math

import pytest

from playground.engine.schedules import decayed_learning_rate


def test_the_courses_decay_table():
    # alpha0 = 0.2, decay_rate = 1: epochs 1..4 -> 0.1, 0.067, 0.05, 0.04
    rates = [decayed_learning_rate(0.2, "inverse", 1.0, 1, e) for e in (1, 2, 3, 4)]
    assert rates == pytest.approx([0.1, 0.0667, 0.05, 0.04], abs=5e-4)
    assert rates[1] == pytest.approx(0.2 / 3)


def test_other_schedules():
    assert decayed_learning_rate(0.2, "none", 1.0, 1, 7) == 0.2
    assert decayed_learning_rate(0.1, "exponential", 0.95, 1, 3) == pytest.approx(0.1 * 0.95**3)
    assert decayed_learning_rate(0.1, "inverse_sqrt", 2.0, 1, 4) == pytest.approx(0.1 * 2.0 / math.sqrt(4))
    # staircase: rate 0.5 halves alpha every `interval` epochs
    assert [decayed_learning_rate(0.8, "staircase", 0.5, 10, e) for e in (1, 9, 10, 19, 20)] == [
        0.8,
        0.8,
        0.4,
        0.4,
        0.2,
    ]
    # the course assignment's scheduled decay: interval 1000
    assert decayed_learning_rate(0.1, "inverse", 1.0, 1000, 999) == 0.1
    assert decayed_learning_rate(0.1, "inverse", 1.0, 1000, 1000) == pytest.approx(0.05)


def test_unknown_schedule():
    with pytest.raises(ValueError, match="inverse"):
        decayed_learning_rate(0.1, "cosine", 1.0, 1, 1)
