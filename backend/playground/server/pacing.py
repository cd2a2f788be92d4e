"""Classroom pacing: at most `view.max_epochs_per_second` epochs per wall-clock second.

The pace is kept mini-batch by mini-batch (epochs/s x steps per epoch = steps/s), so the boundary moves
smoothly instead of jumping once a second. Only *when* steps run changes, never which steps run: the Trainer
gives the same bits however its steps are chunked: a paced run ends with the numbers of an unpaced one.
"""

from __future__ import annotations

import math

UNPACED = 1 << 62  # "as many steps as you like"
MAX_BURST_SECONDS = 0.1  # after a stall (a busy server), catch up at most this much time in one go


class Pacer:
    """Step allowance of one session; `restart()` when the pace or the steps per epoch may have changed."""

    def __init__(self) -> None:
        self._t0: float | None = None  # wall time of the pace's origin
        self._s0 = 0  # steps done at the origin

    def restart(self) -> None:
        self._t0 = None

    def allowed(self, rate: int, steps_per_epoch: int, steps: int, now: float) -> int:
        """Steps that may run at `now` (UNPACED when rate is 0), given `steps` done so far.

        The first step after a restart may run at once; step k after it at (k - 1) / (rate x steps_per_epoch)
        seconds."""
        if rate <= 0:
            return UNPACED
        per_s = rate * max(1, steps_per_epoch)
        if self._t0 is None:
            self._t0, self._s0 = now, steps
        ahead = self._s0 + 1 + per_s * (now - self._t0) - steps
        burst = 1 + per_s * MAX_BURST_SECONDS
        if ahead > burst:  # the session was starved: move the origin so it does not race to catch up
            self._t0 += (ahead - burst) / per_s
            ahead = burst
        return max(0, math.floor(ahead))

    def wait(self, rate: int, steps_per_epoch: int, steps: int, now: float) -> float:
        """Seconds until the next step may run (0 when it may run now or the run is unpaced)."""
        if rate <= 0 or self._t0 is None:
            return 0.0
        per_s = rate * max(1, steps_per_epoch)
        due = self._t0 + (steps - self._s0) / per_s  # the time step number `steps + 1` may start
        return max(0.0, due - now)
