"""Live sessions whose runs share a shape train as one engine Cohort (backend/engine/cohort.py).

A classroom is many students playing the same lesson. On a playground-sized network NumPy's cost is per call,
so stepping twenty such runs as one batched computation costs little more than stepping one. A session trains
in a cohort while it plays at the unpaced speed; whichever member's turn it is on the shared training thread
trains the whole cohort for that turn's budget. Every member still gets one turn in N (the scheduler's round
robin), so CPU is shared as before: the batched steps just buy each member several times more epochs with it.

Nothing a client sees depends on membership: a cohort member's run has exactly the bits it would have alone
(tests/engine/test_cohort.py), and a member leaves (writing its state back) before any command touches its
Trainer. Only the training thread touches the pool, so it requires the scheduler's single thread (the
default, settings.train_threads == 1); with more threads sessions train alone.
"""

from __future__ import annotations

import time

from backend.engine.cohort import Cohort, cohort_key

CALL_SECONDS = 0.001  # aim each Cohort.run call at ~1 ms so interrupts and budgets are honoured closely


class CohortPool:
    """The cohorts of one process, by shape; used only from the training thread."""

    def __init__(self) -> None:
        self._cohorts: dict[tuple, Cohort] = {}
        self._member: dict[object, tuple[Cohort, object]] = {}  # session -> (its cohort, its Trainer there)
        self._steps_per_call: dict[tuple, int] = {}

    def stackable(self, session) -> bool:
        """Whether the session may train in a cohort now: playing unpaced, running, a stackable shape."""
        tr = session.trainer
        if not session.playing or session.steps_left or session.view.max_epochs_per_second:
            return False
        return tr is not None and cohort_key(tr) is not None

    def sessions(self) -> int:
        """Sessions training in a cohort of two or more (reported by /health)."""
        cohorts = list(self._cohorts.values())  # one C-level copy: the training thread may be changing it
        return sum(n for n in map(len, cohorts) if n > 1)

    def release(self, session) -> None:
        """Take the session out of its cohort, writing its run's state back (no-op for a non-member)."""
        entry = self._member.pop(session, None)
        if entry is None:
            return
        cohort, trainer = entry
        cohort.leave(trainer)
        self._drop_if_empty(cohort)

    def sync(self, session) -> None:
        """Bring the session's Trainer up to date (before reading it for a frame)."""
        entry = self._member.get(session)
        if entry is not None:
            entry[0].sync(entry[1])

    def train(self, session, budget: float) -> int:
        """Join the session's cohort if needed, then train the cohort for up to `budget` seconds.

        Returns the steps the session's run took. Members whose session got a command (or closed) leave
        between calls; members whose run stopped leave at their epoch's end (the engine drops them)."""
        cohort = self._join(session)
        members = [s for s, (c, _) in self._member.items() if c is cohort]
        start = time.perf_counter()
        deadline = start + budget
        done = 0
        while True:
            self._evict(members, cohort)
            if session.trainer not in cohort:
                break
            n = self._steps_per_call.get(cohort.key, 4)
            t0 = time.perf_counter()
            done += cohort.run(n)
            dt = time.perf_counter() - t0
            if dt > 0:
                self._steps_per_call[cohort.key] = max(1, min(10_000, int(n * CALL_SECONDS / dt) or 1))
            if time.perf_counter() >= deadline:
                break
        share = (time.perf_counter() - start) / max(1, len(members))
        for s in members:
            s.mark_trained(share if s is not session else 0.0)
        self._forget_stopped(members)
        return done

    def _join(self, session) -> Cohort:
        key = cohort_key(session.trainer)
        entry = self._member.get(session)
        if entry is not None and entry[0].key == key and entry[1] is session.trainer:
            return entry[0]
        self.release(session)  # a different run or shape: leave the old cohort first
        cohort = self._cohorts.get(key)
        if cohort is None:
            cohort = self._cohorts[key] = Cohort(key)
        cohort.join(session.trainer)
        self._member[session] = (cohort, session.trainer)
        return cohort

    def _evict(self, members: list, cohort: Cohort) -> None:
        for s in members:
            if (s.interrupt.is_set() or s.closed) and s in self._member:
                self.release(s)

    def _forget_stopped(self, members: list) -> None:
        """Sessions whose run stopped left their cohort inside the engine: drop them here too."""
        for s in members:
            entry = self._member.get(s)
            if entry is not None and entry[1] not in entry[0]:
                del self._member[s]
                self._drop_if_empty(entry[0])

    def _drop_if_empty(self, cohort: Cohort) -> None:
        if not cohort.members and self._cohorts.get(cohort.key) is cohort:
            del self._cohorts[cohort.key]


_pool: CohortPool | None = None


def get_pool() -> CohortPool:
    """This process's pool."""
    global _pool
    if _pool is None:
        _pool = CohortPool()
    return _pool
