"""Learning-rate decay. Epochs count from 1 as in the lecture (e = epoch_num), k = floor(e / interval).

none          alpha = alpha0
inverse       alpha = alpha0 / (1 + rate * k)     (interval 1: the lecture's 1 / (1 + decay_rate * epoch))
exponential   alpha = alpha0 * rate^e             (the lecture's 0.95^epoch_num * alpha0)
inverse_sqrt  alpha = alpha0 * rate / sqrt(e)     (the lecture's k / sqrt(epoch_num) * alpha0)
staircase     alpha = alpha0 * rate^k             (discrete staircase: rate 0.5 halves alpha every interval)
"""

from __future__ import annotations

import math

SCHEDULES = ("none", "inverse", "exponential", "inverse_sqrt", "staircase")


def decayed_learning_rate(alpha0: float, schedule: str, rate: float, interval: int, epoch: int) -> float:
    """The learning rate during epoch `epoch` (1-based)."""
    e = max(int(epoch), 1)
    k = e // max(int(interval), 1)
    if schedule == "none":
        return alpha0
    if schedule == "inverse":
        return alpha0 / (1.0 + rate * k)
    if schedule == "exponential":
        return alpha0 * rate**e
    if schedule == "inverse_sqrt":
        return alpha0 * rate / math.sqrt(e)
    if schedule == "staircase":
        return alpha0 * rate**k
    raise ValueError(f"unknown lr_decay {schedule!r}; allowed: {', '.join(SCHEDULES)}")
