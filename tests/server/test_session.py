"""TrainSession.job's fairness charge (train_ws.drive sleeps a session that overran its turn by the charge):
the session's own CPU time, not the wall-clock time its turn happened to take."""

from __future__ import annotations

import time

import pytest

from playground.server.session import TrainSession


def run_job(monkeypatch, work, for_others: float = 0.0) -> tuple[float, float, float]:
    """(charge, the thread's CPU seconds and the wall seconds inside the job) of one job doing `work()`."""
    s = TrainSession()
    used = []

    def job(budget: float) -> None:
        t0, c0 = time.perf_counter(), time.thread_time()
        work()
        s.for_others = for_others
        used.append((time.thread_time() - c0, time.perf_counter() - t0))

    monkeypatch.setattr(s, "_job", job)
    s.job(0.002)
    return s.last_job_seconds, *used[0]


def spin(seconds: float) -> None:
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        pass


def test_time_the_thread_did_not_run_is_not_charged(monkeypatch):
    """A turn stretched by another process holding the core (here: the thread sleeps) costs the session only
    the CPU it used: on a shared host a wall-clock charge put every fourth turn in debt."""
    charge, cpu, _ = run_job(monkeypatch, lambda: time.sleep(0.03))
    assert charge == pytest.approx(cpu, abs=0.001)
    assert charge < 0.005


def test_a_turn_that_computes_is_charged_its_cpu(monkeypatch):
    charge, cpu, _ = run_job(monkeypatch, lambda: spin(0.02))
    assert charge == pytest.approx(cpu, abs=0.001)
    assert cpu > 0.002  # the spin did run (however loaded the machine)


def test_a_cohort_turn_is_charged_only_its_own_share(monkeypatch):
    """Training done for the other members (for_others, wall seconds) comes off first; the rest is scaled by
    the share of the turn the thread ran."""
    charge, cpu, wall = run_job(monkeypatch, lambda: spin(0.02), for_others=0.015)
    assert charge == pytest.approx((wall - 0.015) * cpu / wall, abs=0.001)
