"""Bias/variance diagnosis as the course reads it: training error vs a baseline, dev error vs training.

Course examples (baseline ~0% error): train 1% / dev 11% -> high variance; 15% / 16% -> high bias;
15% / 30% -> high bias and high variance; 0.5% / 1% -> low bias, low variance.
"""

from __future__ import annotations

GAP = 0.05  # an error difference of 5 points counts as "high" (the course's examples differ by >= 10 or <= 1)


def diagnose(train_accuracy: float | None, dev_accuracy: float | None, baseline_error: float = 0.0) -> dict:
    """Numbers and a verdict: avoidable bias = train error - baseline; variance = dev error - train error.

    Returns {"train_error", "dev_error", "avoidable_bias", "variance", "verdict"}; errors are fractions in
    [0, 1]; verdict is one of "high bias", "high variance", "high bias and high variance", "low bias and low
    variance", or "unknown" (before the first evaluation). Without a dev set, variance is None and the verdict
    judges bias only ("low bias" or "high bias").
    """
    if train_accuracy is None:
        return {
            "train_error": None,
            "dev_error": None,
            "avoidable_bias": None,
            "variance": None,
            "verdict": "unknown",
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
    }
