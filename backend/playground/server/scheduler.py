"""Runs CPU-bound session work off the event loop, fairly: one shared FIFO thread pool per process.

Each live session keeps at most one job queued, so the FIFO queue is a round robin: with N busy sessions
every session gets one turn in N, and each turn's time budget shrinks as N grows (`budget()`), so everyone
gets fewer frames and fewer epochs under overload rather than some sessions starving. Why few threads: NumPy
holds the GIL on the small arrays of a playground network, so extra threads only add contention; more
cores are used through `--workers` (independent processes).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")

FRAME_PERIOD = 1 / 30  # the frame budget: aim for 30 frames/s at the default network
MIN_BUDGET = 0.002  # below this, per-job overhead would dominate


class Scheduler:
    """A FIFO pool of `threads` training threads shared by every session of this process."""

    def __init__(self, threads: int = 1):
        self.threads = threads
        self._pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="train")
        self.busy = 0  # sessions that currently want CPU (playing or stepping)

    def budget(self, period: float = FRAME_PERIOD) -> float:
        """Seconds one job may train: a frame period shared by the busy sessions, at least MIN_BUDGET."""
        return max(MIN_BUDGET, period * self.threads / max(1, self.busy))

    async def run(self, fn: Callable[..., T], *args: Any) -> T:
        """Run fn(*args) on a training thread and await its result (cancelling the await does not stop fn:
        the job itself must check its session's interrupt flag)."""
        return await asyncio.get_running_loop().run_in_executor(self._pool, fn, *args)

    def shutdown(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)


_scheduler: Scheduler | None = None


def get_scheduler(threads: int = 1) -> Scheduler:
    """This process's scheduler (created on first use with `threads`)."""
    global _scheduler
    if _scheduler is None:
        _scheduler = Scheduler(threads)
    return _scheduler
