"""Bias/variance diagnosis as the course reads it: training error vs a baseline, dev error vs training.

Course examples (baseline ~0% error): train 1% / dev 11% -> high variance; 15% / 16% -> high bias;
15% / 30% -> high bias and high variance; 0.5% / 1% -> low bias, low variance.
"""

from __future__ import annotations

import math

import numpy as np

TREND_EPOCHS = 20  # the training-cost hint looks at this many recent epochs
SWING = 0.1  # "strong": the cost moves by more than 10% of its level (per epoch, or over the window)
# ...of at least this level: a well-fit run's cost near 0.001 wobbles by more than 10% from mini-batch noise
# alone, which says nothing about the learning rate (the page's default run showed the hint at 0% error)
QUIET_LEVEL = 0.05
GAP = 0.05  # an error difference of 5 points counts as "high" (the course's examples differ by >= 10 or <= 1)
RISING = "the training cost is rising: the learning rate may be too high"
SWINGING = "the training cost jumps up and down: the learning rate may be too high"
# the page renders a hint from its code in the reader's language; the English sentence is for other clients
HINT_CODES = {RISING: "cost_rising", SWINGING: "cost_swinging"}


def cost_hint(recent_costs) -> str | None:
    """A plain hint when the training cost of the last epochs (n,) is rising or swinging strongly (a learning
    rate too high often does that without ever reaching NaN, which would otherwise read as "high bias")."""
    c = np.asarray(recent_costs, dtype=np.float64)
    c = c[np.isfinite(c)]
    n = len(c)
    if n < 5:
        return None
    level = max(float(np.add.reduce(np.abs(c)) / n), QUIET_LEVEL)  # np.mean's arithmetic, without overhead
    steps = c[1:] - c[:-1]
    if _rise(c, SWING * level) > SWING * level and c[-1] > c[0]:
        return RISING
    turns = int(np.count_nonzero(np.sign(steps[1:]) * np.sign(steps[:-1]) < 0))
    if np.add.reduce(np.abs(steps)) / len(steps) > SWING * level and turns >= len(steps) // 3:
        return SWINGING
    return None


def _rise(c: np.ndarray, threshold: float) -> float:
    """Rise of the least-squares line through c (n,) from its first to its last epoch.

    The closed form slope = sum((x - x_mean) c) / sum((x - x_mean)^2) costs ~3 us against ~35 us for
    np.polyfit. The two differ by rounding only (< 1e-13 of the cost level for n = 20), so polyfit decides
    whenever the result lies that close to `threshold`, is not finite, or the costs are so small or large
    (threshold outside 1e-250..1e250) that subnormals or overflow could spoil either: the verdict stays the
    one np.polyfit gives.
    """
    n = len(c)
    x = np.arange(n) - (n - 1) / 2.0  # exact: integers and halves
    rise = float(np.dot(x, c - np.add.reduce(c) / n)) * 12.0 / (n * (n + 1))  # slope * (n - 1)
    near = abs(rise - threshold) <= 1e-9 * n * threshold
    if not (math.isfinite(rise) and 1e-250 < threshold < 1e250) or near:
        rise = float(np.polyfit(np.arange(n), c, 1)[0]) * (n - 1)
    return rise


def diagnose(
    train_accuracy: float | None,
    dev_accuracy: float | None,
    baseline_error: float = 0.0,
    recent_costs=None,
) -> dict:
    """Numbers and a verdict: avoidable bias = train error - baseline; variance = dev error - train error.

    Returns {"train_error", "dev_error", "avoidable_bias", "variance", "verdict", "hint", "hint_code"};
    errors are fractions in [0, 1]; verdict is one of "high bias", "high variance",
    "high bias and high variance", "low bias and low variance", or "unknown" (before the first evaluation).
    Without a dev set, variance is
    None and the verdict judges bias only ("low bias" or "high bias"). `hint` is cost_hint(recent_costs)
    (None without them); `hint_code` names it ("cost_rising", "cost_swinging" or None).
    """
    hint = None if recent_costs is None else cost_hint(recent_costs)
    hint_code = HINT_CODES.get(hint)
    if train_accuracy is None:
        return {
            "train_error": None,
            "dev_error": None,
            "avoidable_bias": None,
            "variance": None,
            "verdict": "unknown",
            "hint": hint,
            "hint_code": hint_code,
        }
    train_error = 1.0 - train_accuracy
    dev_error = None if dev_accuracy is None else 1.0 - dev_accuracy
    bias = train_error - baseline_error
    variance = None if dev_error is None else dev_error - train_error
    high_bias = bias > GAP
    high_variance = variance is not None and variance > GAP
    if high_bias and high_variance:
        verdict = "high bias and high variance"
    elif high_bias:
        verdict = "high bias"
    elif high_variance:
        verdict = "high variance"
    else:
        verdict = "low bias and low variance" if variance is not None else "low bias"
    return {
        "train_error": train_error,
        "dev_error": dev_error,
        "avoidable_bias": bias,
        "variance": variance,
        "verdict": verdict,
        "hint": hint,
        "hint_code": hint_code,
    }
