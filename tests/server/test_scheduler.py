"""The training threads' job queue (server/scheduler.py): results, errors and order come back as awaited."""

from __future__ import annotations

import asyncio
import threading
import time

import pytest

from playground.server.scheduler import (
    CALL_SECONDS,
    FLOOR_BUDGET,
    FRAME_PERIOD,
    MAX_ROUND,
    MIN_BUDGET,
    Scheduler,
    fit_call,
    steer,
)


def test_results_and_errors_reach_the_coroutine_that_awaits_them():
    s = Scheduler()

    def boom():
        raise ValueError("engine bug")

    async def main():
        assert await s.run(pow, 3, 4) == 81
        with pytest.raises(ValueError, match="engine bug"):
            await s.run(boom)
        assert await s.run(threading.current_thread) is not threading.current_thread()

    asyncio.run(main())
    assert [t.name for t in s._workers] == ["train_0"]
    s.shutdown()


def test_one_thread_runs_the_queue_in_order_and_every_awaiter_gets_its_own_result():
    """25 sessions x 40 turns: the round robin the module docstring promises (one queue, first in, first
    out), with many jobs finishing between two looks of the loop (handed back in one batch)."""
    s, ran = Scheduler(), []

    def job(session: int, turn: int) -> tuple[int, int]:
        ran.append((session, turn))
        return session, turn

    async def session(i: int) -> list:
        return [await s.run(job, i, turn) for turn in range(40)]

    async def main():
        return await asyncio.gather(*(session(i) for i in range(25)))

    results = asyncio.run(main())
    assert results == [[(i, t) for t in range(40)] for i in range(25)]
    # each session keeps one job queued, so turn t of every session runs before turn t + 1 of any
    assert [turn for _, turn in ran] == sorted(turn for _, turn in ran)
    s.shutdown()


def test_a_cancelled_await_leaves_the_other_jobs_alone():
    s, gate = Scheduler(), threading.Event()

    async def main():
        blocker = asyncio.ensure_future(s.run(gate.wait, 5))  # holds the only thread
        queued = asyncio.ensure_future(s.run(pow, 2, 10))
        dropped = asyncio.ensure_future(s.run(pow, 2, 20))
        await asyncio.sleep(0.05)
        dropped.cancel()
        gate.set()
        assert await blocker is True
        assert await queued == 1024
        with pytest.raises(asyncio.CancelledError):
            await dropped
        assert await s.run(pow, 2, 3) == 8

    asyncio.run(main())
    s.shutdown()


def test_jobs_from_two_event_loops_return_to_their_own_loop():
    s, out = Scheduler(), {}

    def loop_thread(name: str) -> None:
        async def main():
            return [await s.run(tuple, (name, k)) for k in range(50)]

        out[name] = asyncio.run(main())

    threads = [threading.Thread(target=loop_thread, args=(n,)) for n in ("a", "b")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert out == {n: [(n, k) for k in range(50)] for n in ("a", "b")}
    s.shutdown()


def test_shutdown_cancels_queued_jobs_and_stops_the_threads():
    s, gate = Scheduler(), threading.Event()

    async def main():
        running = asyncio.ensure_future(s.run(gate.wait, 5))
        queued = asyncio.ensure_future(s.run(pow, 2, 2))
        await asyncio.sleep(0.05)
        s.shutdown()
        gate.set()
        assert await running is True  # the job under way finishes
        with pytest.raises(asyncio.CancelledError):
            await queued
        with pytest.raises(RuntimeError, match="shut down"):
            await s.run(pow, 2, 2)

    asyncio.run(main())
    deadline = time.monotonic() + 5
    while any(t.is_alive() for t in s._workers) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert not any(t.is_alive() for t in s._workers)


def test_the_inbox_keeps_order_and_wakes_a_busy_loop_once_for_many_calls():
    """A training thread's frames and finished jobs: in the order made, and one wake-up (one write to the
    loop's self-pipe) for all that piled up while the loop was busy."""
    got, wakeups = [], []

    async def main():
        loop = asyncio.get_running_loop()
        inbox = Scheduler().inbox()
        real = loop.call_soon_threadsafe

        def counted(*args):
            wakeups.append(args)
            return real(*args)

        loop.call_soon_threadsafe = counted  # an instance attribute: only this loop, only this test
        thread = threading.Thread(target=lambda: [inbox.call(got.append, i) for i in range(100)])
        thread.start()
        thread.join()  # the loop is not running meanwhile: every call waits for one drain
        deadline = time.monotonic() + 5
        while len(got) < 100 and time.monotonic() < deadline:
            await asyncio.sleep(0.01)

    asyncio.run(main())
    assert got == list(range(100))
    assert len(wakeups) == 1


@pytest.mark.parametrize(
    "busy, overhead, expected",
    [
        (1, 0.0, FRAME_PERIOD),  # alone: the whole frame period
        (10, 0.0, FRAME_PERIOD / 10),  # a few: they share the period
        (25, 0.0003, MIN_BUDGET),  # 25 x (2 + 0.3) ms = 58 ms, under MAX_ROUND: turns keep 2 ms
        (50, 0.0003, MAX_ROUND / 50 - 0.0003),  # 50 x 2.3 ms would be 115 ms: the round decides
        # a bad day's 25: 25 x (FRAME_PERIOD / 25 + 2.5 ms) = 96 ms; the round still decides, below the period
        (25, 0.0025, MAX_ROUND / 25 - 0.0025),
        # a light load (turns of 2.08 ms) keeps the shared frame period even where the round runs long
        # (16 x 6.08 ms = 97 ms): a few sessions' turns stay whole, their frames thin out by their own rule
        (16, 0.004, FRAME_PERIOD / 16),
        (50, -0.0005, MIN_BUDGET),  # turns that end early (paced) leave room: back to MIN_BUDGET
        (400, 0.0003, FLOOR_BUDGET),  # past capacity: the floor
    ],
)
def test_a_turns_budget_keeps_a_round_of_busy_sessions_within_max_round(busy, overhead, expected):
    s = Scheduler()
    s.busy, s.overhead = busy, overhead
    assert s.budget() == pytest.approx(expected, rel=1e-12)
    if FLOOR_BUDGET < expected < MIN_BUDGET:
        assert busy * (s.budget() + overhead) == pytest.approx(MAX_ROUND, rel=1e-12)


def test_two_threads_halve_the_round():
    s = Scheduler(threads=2)
    s.busy, s.overhead = 100, 0.0003
    assert s.budget() == pytest.approx(MAX_ROUND * 2 / 100 - 0.0003, rel=1e-12)


def test_a_round_teaches_the_overhead_a_turn_adds_to_it():
    """50 busy sessions each back in the queue 100 ms after their last turn, with 1.4 ms budgets: a turn
    adds 100 / 50 - 1.4 = 0.6 ms beyond its training (a moving average: 1 - 0.98^400 of the way there);
    the next budget fits the round to MAX_ROUND."""
    s = Scheduler()
    s.busy = 50
    for _ in range(400):
        s.note_round(0.1, 0.0014)
    assert s.overhead == pytest.approx(0.0006, rel=1e-3)
    assert s.budget() == pytest.approx(MAX_ROUND / 50 - 0.0006, rel=1e-2)
    s.threads = 2  # two training threads take two turns at a time: the same round holds twice the turns
    s.overhead = 0.0
    for _ in range(400):
        s.note_round(0.05, 0.0014)
    assert s.overhead == pytest.approx(0.05 * 2 / 50 - 0.0014, rel=1e-3)


@pytest.mark.parametrize(
    "per_call, left, expected",
    [(10, 0.002, 10), (10, CALL_SECONDS, 10), (10, 0.0005, 5), (10, 0.00001, 1), (10, -0.001, 1)],
)
def test_a_call_fits_what_is_left_of_the_turn(per_call, left, expected):
    assert fit_call(per_call, left) == expected


def test_steering_aims_calls_at_call_seconds():
    assert steer(10, 2 * CALL_SECONDS) == 5
    assert steer(10, CALL_SECONDS / 4) == 40
    assert steer(1, 1.0) == 1  # never zero steps
    assert steer(10_000, CALL_SECONDS / 10) == 10_000  # capped
