"""Past capacity, every worker's students slow together (`playground serve --workers N`).

Inside one worker the scheduler's round robin keeps every student at the same pace. Across workers nothing
did: each worker is pinned to a CPU of its own, and a shared host's CPUs are not equally fast. On this
project's 2-core machine one vCPU ran TF Playground's task at 1,384 epochs/s while the other ran it at 2,739
(benchmarks/calibrate.py pinned to each in turn), and 70 students under `ws_load.py --contend` got 62 epochs/s
on one worker and 41 on the other: past capacity, half the class a third slower than the rest.

So each worker publishes, once a PERIOD, the median epochs/s of its students who train as fast as the server
lets them (unpaced, or behind their pace) on its most common lesson (`lesson_key`: the network, data size,
batch and optimizer; epochs of another lesson cost something else, and a student on a big network is slow
by nature, not for lack of CPU), in shared memory beside the balancer's connection counts. A worker whose
students of that lesson get more than SLACK above the slowest other worker's, while that one is below
CLASS_EPOCHS (the 60 epochs/s a class needs: past capacity), trains for only `duty` of each turn and sleeps
the rest (TrainSession.job): its frames keep their rate, its epochs come down to the slowest worker's. A
throttled worker publishes no rate, so the floor always comes from a worker that trains at full speed, and
workers never drag each other down in turn. When the slowest worker is back above CLASS_EPOCHS (or gone),
the others return to full speed within a few periods. Nothing here touches what a run computes, only how
fast.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import math
import statistics
import time
import weakref

logger = logging.getLogger("playground.workers")
CLASS_EPOCHS = 60.0  # epochs/s a student needs (issue 15): below it in some worker, the others slow to match
PERIOD = 1.0  # s between measurements
WINDOW = 3  # a rate spans up to this many periods (from the oldest of the last WINDOW measurements)
# A worker may stay SLACK (relative) above the slowest one: two workers that far apart leave the slower
# one's students 5% below the median, inside the 10%; a smaller slack and the noise of a windowed
# rate (a few percent) swaps which worker slows (measured with 0.05: the slowest worker at duty 0.97)
SLACK = 0.10
MIN_DUTY = 0.3  # never throttled below this share of each turn
STALE = 3 * PERIOD  # a worker that has not published for this long is not counted (it died or is idle)
BEHIND = 0.9  # a paced student counts as limited by the server below this share of its pace
FIELDS = 4  # per worker in the shared array: lesson, rate (NaN: none to publish), duty, time.monotonic() then

sessions: weakref.WeakSet = weakref.WeakSet()  # this process's live /ws/train sessions (train_ws.py)


def duty() -> float:
    """The share of each training turn this worker trains now (1.0: full speed, and always with one
    process). Read by every training turn (TrainSession.job)."""
    return 1.0 if _equalizer is None else _equalizer.duty


# A throttled worker idles in pieces of at least IDLE_CHUNK, left out of the scheduler's rounds. The first
# version slept after every turn and counted the sleep in the rounds: with it the whole class got less, not
# only the faster worker (ws_load.py --contend, 70 students, alternated with --no-equalize: minimum 32-52
# epochs/s against 39-57). Likely why: a sleep costs ~0.1 ms past its length (a tenth of a turn's training
# at 35 students a worker), and the scheduler learned the sleeps as per-turn overhead and kept shrinking
# budgets after the duty was back at 1, so the worker became a floor the others followed down.
IDLE_CHUNK = 0.004
_owed = 0.0  # idle seconds owed, not slept yet (training thread only)
_idled = 0.0  # idle seconds slept so far (written by the training thread, read by the event loop)


def owe(seconds: float) -> None:
    """Training thread: add `seconds` of idle to what this worker owes; sleep once it reaches IDLE_CHUNK."""
    global _owed, _idled
    _owed += seconds
    if _owed >= IDLE_CHUNK:
        t0 = time.perf_counter()
        time.sleep(_owed)
        _idled += time.perf_counter() - t0
        _owed = 0.0


def idled() -> float:
    """Seconds this process's training thread has idled for the equalizer (a round of turns that contains
    them is not slower for it: train_ws.drive leaves them out of Scheduler.note_round)."""
    return _idled


def idle_owed(trained: float, share: float) -> float:
    """Idle seconds a turn that trained `trained` seconds at duty `share` owes, so that turns last as long as
    at full speed (frames keep their rate) and train `share` of it."""
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


def lesson_key(trainer) -> float:
    """What makes two students' epochs cost the same, as one float64 the same in every process (Python's
    str hash is salted per process): a 48-bit digest, exact in a double."""
    cfg, net = trainer.cfg, trainer.network
    shape = (tuple(net.layout.sizes), tuple(a.name for a in net.acts), net.output.name, trainer._m)
    shape += (trainer._batch_size(), cfg.optimizer, any(net.layout.bn), cfg.keep_prob < 1.0)
    return float(int.from_bytes(hashlib.blake2b(repr(shape).encode(), digest_size=6).digest(), "big"))


class Board:
    """The workers' published rates: a shared array of FIELDS doubles per worker (multiprocessing.Array
    "d", made by the supervisor, lock=False: each worker writes only its own slots, readers tolerate a torn
    entry because a rate without a fresh time is ignored and one period's is replaced by the next)."""

    def __init__(self, array, index: int):
        self.array, self.index = array, index
        self.workers = len(array) // FIELDS

    def publish(self, lesson: float | None, rate: float | None, share: float, now: float) -> None:
        i = self.index * FIELDS
        self.array[i] = math.nan if lesson is None else lesson
        self.array[i + 1] = math.nan if rate is None else rate
        self.array[i + 2] = share
        self.array[i + 3] = now

    def entries(self, now: float) -> list[tuple[float | None, float | None, float] | None]:
        """Per worker: (lesson or None, rate or None, duty) as last published, None when not within STALE
        seconds."""
        out = []
        for w in range(self.workers):
            lesson, rate, share, stamp = self.array[w * FIELDS : (w + 1) * FIELDS]
            fresh = now - stamp <= STALE
            out.append((_value(lesson), _value(rate), share) if fresh else None)
        return out

    def floor(self, lesson: float | None, now: float) -> float | None:
        """The lowest rate another worker published for `lesson` within STALE seconds (None: none did)."""
        if lesson is None:
            return None
        entries = self.entries(now)
        rates = [e[1] for w, e in enumerate(entries) if w != self.index and e and e[0] == lesson]
        return min((r for r in rates if r is not None), default=None)


class Meter:
    """Epochs/s of this worker's playing students over the last WINDOW calls of `rates`, by lesson (event
    loop side: it reads each session's run counter and its Trainer's epoch, which the training thread keeps
    current). One period alone is too noisy to steer by: a worker's median swung 30-60 epochs/s from one
    second to the next under ws_load.py --contend."""

    def __init__(self) -> None:
        self._past: dict = {}  # session -> up to WINDOW earlier (run, epoch, time), oldest first

    def rates(self, live, now: float) -> dict[float, tuple[float | None, float, int]]:
        """{lesson_key: (median epochs/s of the students the server limits or None, median of every playing
        student, how many)}. A student counts from its second call on, in one run, playing throughout."""
        limited: dict[float, list[float]] = {}
        every: dict[float, list[float]] = {}
        kept = {}
        for s in list(live):
            tr = s.trainer
            if tr is None or not s.playing or tr.stopped is not None:
                continue
            past = [p for p in self._past.get(s, ()) if p[0] == s.run]  # a new run starts its count over
            kept[s] = (past + [(s.run, tr.epoch, now)])[-WINDOW:]
            if not past or now <= past[0][2]:
                continue
            rate = (tr.epoch - past[0][1]) / (now - past[0][2])
            lesson = lesson_key(tr)
            every.setdefault(lesson, []).append(rate)
            pace = s.view.max_epochs_per_second
            if not pace or rate < BEHIND * pace:
                limited.setdefault(lesson, []).append(rate)
        self._past = kept
        return {
            k: (statistics.median(limited[k]) if k in limited else None, statistics.median(v), len(v))
            for k, v in every.items()
        }


class Equalizer:
    """One worker's side: measure, publish, read the floor, set this process's duty; `step` once a PERIOD."""

    def __init__(self, board: Board):
        self.board, self.meter = board, Meter()
        self.duty = 1.0
        self.own: float | None = None
        self.floor: float | None = None

    def step(self, live, now: float) -> float:
        groups = self.meter.rates(live, now)
        lesson = max(groups, key=lambda k: groups[k][2], default=None)  # the lesson most students play
        limited, self.own = groups[lesson][:2] if lesson is not None else (None, None)
        # a throttled worker's rate says nothing about its CPU: only full-speed workers set the floor
        self.board.publish(lesson, limited if self.duty >= 1.0 else None, self.duty, now)
        self.floor = self.board.floor(lesson, now)
        self.duty = next_duty(self.duty, self.own, self.floor)
        return self.duty

    def tick(self, live, now: float) -> float:
        """step(), but a failure leaves this worker at full speed (never stuck throttled) and logged."""
        try:
            return self.step(live, now)
        except Exception:
            logger.exception("equalizer: back to full speed")
            self.duty = 1.0
            return self.duty

    async def run(self) -> None:
        while True:
            await asyncio.sleep(PERIOD)
            self.tick(sessions, now())

    def state(self) -> dict:
        """For /health: this worker's duty, its students' median epochs/s, the floor it follows, and every
        worker's last published (epochs/s that may set a floor, duty), null for one not heard from lately."""
        entries = self.board.entries(now())
        workers = [e and {"epochs_per_s": _round(e[1]), "duty": round(e[2], 3)} for e in entries]
        return {
            "duty": round(self.duty, 3),
            "epochs_per_s": _round(self.own),
            "floor": _round(self.floor),
            "workers": workers,
        }


def now() -> float:
    return time.monotonic()  # CLOCK_MONOTONIC: one clock for every process of the machine


def _value(v: float) -> float | None:
    return None if math.isnan(v) else v


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
