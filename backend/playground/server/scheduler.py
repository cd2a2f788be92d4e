"""Runs CPU-bound session work off the event loop, fairly: one shared FIFO of jobs per process.

Each live session keeps at most one job queued, so the FIFO queue is a round robin: with N busy sessions
every session gets one turn in N, and each turn's time budget shrinks as N grows (`budget()`), so everyone
gets fewer frames and fewer epochs under overload rather than some sessions starving. Why few threads: NumPy
holds the GIL on the small arrays of a playground network, so extra threads only add contention; more
cores are used through `--workers` (independent processes).

Why not `loop.run_in_executor`: a classroom worker runs hundreds of short turns a second, and the executor's
round trip (a concurrent Future chained to an asyncio one, each completion a separate wake-up of the loop)
cost ~52 us of CPU per turn here, against ~11 for this queue, whose training threads hand finished jobs
(and the frames they made: train_ws.Mailbox) back through an Inbox: one wake-up of the loop for everything
handed back since the loop last looked.
"""

from __future__ import annotations

import asyncio
import queue
import threading
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")

FRAME_PERIOD = 1 / 30  # the frame budget: aim for 30 frames/s at the default network
# Under load a turn's training shrinks to MIN_BUDGET, then further, so that every busy session still gets a
# turn (and a frame) at least every MAX_ROUND seconds: 11 a second, a margin over the 10 a class needs.
# (12 a second left frames ~17% margin and epochs none: 100 students of TF's task trained 6,400-6,650
# epochs/s in all at 1/12 and 7,400-7,450 at 1/11, 10.9 frames/s minimum; ws_load.py, alternated.)
# With 2 ms turns, 50 sessions on one worker got a turn every ~150 ms (6.3 frames/s, p95 latency 177 ms)
# while their cohorts trained 106-123 epochs/s, twice the 60 needed. FLOOR_BUDGET: below it, per-turn
# overhead (the queue, the frame) would dominate; past that point everyone slows together.
MIN_BUDGET = 0.002
MAX_ROUND = 1 / 11
FLOOR_BUDGET = 0.0005
CALL_SECONDS = 0.001  # a turn trains in calls of ~1 ms so that interrupts and budgets are honoured closely


def fit_call(steps_per_call: int, seconds_left: float) -> int:
    """Steps of a call that ends by the turn's deadline (`steps_per_call` steps take ~CALL_SECONDS); at
    least one."""
    return max(1, min(steps_per_call, int(steps_per_call * seconds_left / CALL_SECONDS)))


def steer(steps: int, seconds: float) -> int:
    """Steps per call that take ~CALL_SECONDS, from a call of `steps` steps that took `seconds` (a call of
    at least half the usual size: a smaller one's fixed cost would make steps look dear)."""
    return max(1, min(10_000, int(steps * CALL_SECONDS / seconds) or 1))


class Inbox:
    """Calls from any thread to one event loop, in order, with one wake-up of the loop for every call made
    since it last looked (loop.call_soon_threadsafe wakes it for each): finished jobs, a session's frames."""

    def __init__(self, loop: asyncio.AbstractEventLoop):
        self._loop = loop
        self._lock = threading.Lock()
        self._calls: list = []  # (fn, args)
        self._signalled = False  # a drain is already scheduled on the loop

    def call(self, fn: Callable[..., Any], *args: Any) -> None:
        with self._lock:
            self._calls.append((fn, args))
            if self._signalled:
                return
            self._signalled = True
        try:
            self._loop.call_soon_threadsafe(self._drain)
        except RuntimeError:  # the loop closed meanwhile: nobody waits for these any more
            pass

    def _drain(self) -> None:
        with self._lock:
            calls, self._calls, self._signalled = self._calls, [], False
        for fn, args in calls:
            fn(*args)


def _finish(fut: asyncio.Future, result: Any, error: BaseException | None) -> None:
    if fut.cancelled():
        return
    if error is None:
        fut.set_result(result)
    else:
        fut.set_exception(error)


class Scheduler:
    """A FIFO of jobs run by `threads` training threads shared by every session of this process."""

    def __init__(self, threads: int = 1):
        self.threads = threads
        self.busy = 0  # sessions that currently want CPU (playing or stepping)
        self.overhead = 0.0  # moving average of what a turn adds to a round past its training budget
        self._jobs: queue.SimpleQueue = queue.SimpleQueue()
        self._inboxes: dict[asyncio.AbstractEventLoop, Inbox] = {}  # one loop in a server; tests make more
        self._workers: list[threading.Thread] = []
        self._start_lock = threading.Lock()
        self._closed = False

    def budget(self, period: float = FRAME_PERIOD) -> float:
        """Seconds one job may train: a frame period shared by the busy sessions while that is at least
        MIN_BUDGET; past that, MIN_BUDGET unless a round of turns would then last longer than MAX_ROUND
        (each turn also spends `overhead`), never under FLOOR_BUDGET."""
        share = self.threads / max(1, self.busy)
        if period * share >= MIN_BUDGET:  # a light load: the frame period shared out
            return period * share
        # (the shared period is no floor here: as one it let a round of 25 grow past MAX_ROUND once a turn's
        # overhead passed 2.3 ms; under ws_load.py --contend the learned overhead reached 1.8-2.3 ms)
        fits_round = MAX_ROUND * share - self.overhead
        return max(min(MIN_BUDGET, fits_round), FLOOR_BUDGET)

    def note_round(self, seconds: float, budget: float) -> None:
        """A busy session went straight from one turn back into the queue and got its next turn's result
        `seconds` after the last one's, training `budget` in it: learn `overhead`, what a turn adds to a
        round beyond its training (its frame, the event loop's work for it, other processes' CPU)."""
        sample = seconds * self.threads / max(1, self.busy) - budget
        self.overhead += 0.02 * (sample - self.overhead)

    def inbox(self) -> Inbox:
        """The running loop's Inbox (call from the loop): what training threads hand back goes through it."""
        loop = asyncio.get_running_loop()
        inbox = self._inboxes.get(loop)
        if inbox is None:
            self._inboxes = {lp: box for lp, box in self._inboxes.items() if not lp.is_closed()}
            inbox = self._inboxes[loop] = Inbox(loop)
        return inbox

    async def run(self, fn: Callable[..., T], *args: Any) -> T:
        """Run fn(*args) on a training thread and await its result (cancelling the await does not stop fn:
        the job itself must check its session's interrupt flag)."""
        if self._closed:
            raise RuntimeError("the scheduler is shut down")
        inbox = self.inbox()
        fut = asyncio.get_running_loop().create_future()
        self._start()
        self._jobs.put((fn, args, fut, inbox))
        return await fut

    def _start(self) -> None:
        if len(self._workers) == self.threads:
            return
        with self._start_lock:
            while len(self._workers) < self.threads:
                t = threading.Thread(target=self._work, name=f"train_{len(self._workers)}", daemon=True)
                t.start()
                self._workers.append(t)

    def _work(self) -> None:
        while True:
            job = self._jobs.get()
            if job is None:  # shutdown
                return
            fn, args, fut, inbox = job
            if fut.cancelled():  # read from another thread: at worst a cancelled job still runs
                continue
            try:
                result, error = fn(*args), None
            except BaseException as e:  # delivered to the awaiting coroutine, as an executor would
                result, error = None, e
            inbox.call(_finish, fut, result, error)

    def shutdown(self) -> None:
        """Stop the training threads after their current job; queued jobs are cancelled, new ones refused."""
        self._closed = True
        while True:
            try:
                job = self._jobs.get_nowait()
            except queue.Empty:
                break
            if job is not None:
                job[3].call(job[2].cancel)
        for _ in self._workers:
            self._jobs.put(None)


_scheduler: Scheduler | None = None


def get_scheduler(threads: int = 1) -> Scheduler:
    """This process's scheduler (created on first use with `threads`)."""
    global _scheduler
    if _scheduler is None:
        _scheduler = Scheduler(threads)
    return _scheduler
