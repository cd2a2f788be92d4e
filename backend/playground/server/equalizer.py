"""Past capacity, every worker's students slow together (`playground serve --workers N`).

Inside one worker the scheduler's round robin keeps every student at the same pace. Across workers nothing
did: each worker is pinned to a CPU of its own, and a shared host's CPUs are not equally fast. On this
project's 2-core machine one vCPU ran TF Playground's task at 1,384 epochs/s while the other ran it at 2,739
(benchmarks/calibrate.py pinned to each in turn), and 70 students under `ws_load.py --contend` got 62 epochs/s
on one worker and 41 on the other: past capacity, half the class a third slower than the rest.

So each worker publishes, once a PERIOD, the median epochs/s of its students who train as fast as the server
lets them (unpaced, or behind their pace), in shared memory beside the balancer's connection counts. A worker
whose students get more than SLACK above the slowest other worker's, while that one is below CLASS_EPOCHS
(the 60 epochs/s a class needs: past capacity), trains for only `duty` of each turn and sleeps the rest
(TrainSession.job): its frames keep their rate, its epochs come down to the slowest worker's. A throttled
worker publishes nothing, so the floor always comes from a worker that trains at full speed, and workers
never drag each other down in turn. When the slowest worker is back above CLASS_EPOCHS (or gone), the others
return to full speed within a few periods. Nothing here touches what a run computes, only how fast.
"""

from __future__ import annotations

import asyncio
import math
import statistics
import time
import weakref

CLASS_EPOCHS = 60.0  # epochs/s a student needs (issue 15): below it in some worker, the others slow to match
PERIOD = 1.0  # s between measurements
SLACK = 0.05  # a worker may stay this far (relative) above the slowest one
MIN_DUTY = 0.3  # never throttled below this share of each turn
STALE = 3 * PERIOD  # a worker that has not published for this long is not counted (it died or is idle)
BEHIND = 0.9  # a paced student counts as limited by the server below this share of its pace
FIELDS = 2  # per worker in the shared array: rate (NaN: nothing to publish), time.monotonic() of publishing

sessions: weakref.WeakSet = weakref.WeakSet()  # this process's live /ws/train sessions (train_ws.py)


def duty() -> float:
    """The share of each training turn this worker trains now (1.0: full speed, and always with one
    process). Read by every training turn (TrainSession.job)."""
    return 1.0 if _equalizer is None else _equalizer.duty


def throttle_sleep(trained: float, share: float) -> float:
    """Seconds a turn that trained `trained` seconds at duty `share` then sleeps, so that the turn lasts as
    long as at full speed (its frames keep their rate) and trains `share` of it."""
    return trained * (1.0 / share - 1.0) if share < 1.0 else 0.0


def next_duty(share: float, own: float | None, floor: float | None) -> float:
    """The next duty, from this worker's students' median epochs/s (`own`) and the slowest full-speed other
    worker's (`floor`; None: no such worker): down towards floor x (1 + SLACK) while the floor is past
    capacity (below CLASS_EPOCHS), else back up to 1 (at most x1.25 a period either way up, /2 down)."""
    if own is None or floor is None or floor >= CLASS_EPOCHS:
        return min(1.0, share * 1.25)
    target = floor * (1 + SLACK)
    if own > target:
        return max(MIN_DUTY, share * max(0.5, target / own))
    if own < target * (1 - SLACK):
        return min(1.0, share * (1.25 if own <= 0 else min(1.25, target / own)))
    return share


class Board:
    """The workers' published rates: a shared array of FIELDS doubles per worker (multiprocessing.Array
    "d", made by the supervisor, lock=False: each worker writes only its own slots, readers tolerate a torn
    pair because a rate without a fresh time is ignored)."""

    def __init__(self, array, index: int):
        self.array, self.index = array, index
        self.workers = len(array) // FIELDS

    def publish(self, rate: float | None, now: float) -> None:
        i = self.index * FIELDS
        self.array[i] = math.nan if rate is None else rate
        self.array[i + 1] = now

    def floor(self, now: float) -> float | None:
        """The lowest rate another worker published within STALE seconds (None: none did)."""
        rates = []
        for w in range(self.workers):
            rate, stamp = self.array[w * FIELDS], self.array[w * FIELDS + 1]
            if w != self.index and now - stamp <= STALE and not math.isnan(rate):
                rates.append(rate)
        return min(rates, default=None)


class Meter:
    """Epochs/s of this worker's playing students between two calls of `rates` (event loop side: it reads
    each session's run counter and its Trainer's epoch, which frames keep up to date)."""

    def __init__(self) -> None:
        self._last: dict = {}  # session -> (run, epoch, time)

    def rates(self, live, now: float) -> tuple[float | None, float | None]:
        """(median epochs/s of the students the server limits, median of every playing student); None where
        no student counts. A student counts when it played through the whole interval in one run."""
        limited, every, seen = [], [], {}
        for s in list(live):
            tr = s.trainer
            if tr is None or not s.playing or tr.stopped is not None:
                continue
            seen[s] = (s.run, tr.epoch, now)
            prev = self._last.get(s)
            if prev is None or prev[0] != s.run or now <= prev[2]:
                continue
            rate = (tr.epoch - prev[1]) / (now - prev[2])
            every.append(rate)
            pace = s.view.max_epochs_per_second
            if not pace or rate < BEHIND * pace:
                limited.append(rate)
        self._last = seen
        median = lambda v: statistics.median(v) if v else None  # noqa: E731
        return median(limited), median(every)


class Equalizer:
    """One worker's side: measure, publish, read the floor, set this process's duty; `step` once a PERIOD."""

    def __init__(self, board: Board):
        self.board, self.meter = board, Meter()
        self.duty = 1.0
        self.own: float | None = None
        self.floor: float | None = None

    def step(self, live, now: float) -> float:
        limited, self.own = self.meter.rates(live, now)
        # a throttled worker's rate says nothing about its CPU: only full-speed workers set the floor
        self.board.publish(limited if self.duty >= 1.0 else None, now)
        self.floor = self.board.floor(now)
        self.duty = next_duty(self.duty, self.own, self.floor)
        return self.duty

    async def run(self) -> None:
        while True:
            await asyncio.sleep(PERIOD)
            self.step(sessions, time.monotonic())

    def state(self) -> dict:
        """For /health: this worker's duty, its students' median epochs/s, the floor it follows."""
        return {"duty": round(self.duty, 3), "epochs_per_s": _round(self.own), "floor": _round(self.floor)}


def _round(v: float | None) -> float | None:
    return None if v is None else round(v, 1)


_equalizer: Equalizer | None = None


def start(array, index: int) -> asyncio.Task:
    """Equalize this worker (worker `index` of the supervisor's shared `array`); call on its event loop."""
    global _equalizer
    _equalizer = Equalizer(Board(array, index))
    return asyncio.get_running_loop().create_task(_equalizer.run())


def state() -> dict | None:
    """/health's view of this worker's equalizer (None: a single process, nothing to equalize)."""
    return None if _equalizer is None else _equalizer.state()
