"""Live sessions whose runs share a shape train as one engine Cohort (backend/playground/engine/cohort.py).

A classroom is many students playing the same lesson. On a playground-sized network NumPy's cost is per call,
so stepping twenty such runs as one batched computation costs little more than stepping one. A session trains
in a cohort while it plays; whichever member's turn it is on the shared training thread trains the whole
cohort for that turn's budget. Every member still gets one turn in N (the scheduler's round robin), so CPU
is shared as before: the batched steps just buy each member several times more epochs with it.

Sessions paced by view.max_epochs_per_second stack with sessions of the same pace, and the cohort keeps that
pace with one Pacer of its own: every member trains `rate` epochs a second (fewer under overload), never
more, except by at most an epoch when a run switches between its own pacer and its cohort's.

Nothing a client sees depends on membership: a cohort member's run has exactly the bits it would have alone
(tests/engine/test_cohort.py), and a member's state is written back before any command touches its Trainer:
a live change (session.stays_stacked: a learning rate, say) then updates its row in place (`refresh`), any
other command takes it out of the cohort first. Only the training thread changes the pool, so it requires
the scheduler's single thread (the default, settings.train_threads == 1); with more threads sessions train
alone.
"""

from __future__ import annotations

import time

from playground.engine.cohort import Cohort, cohort_key
from playground.server.pacing import Pacer
from playground.server.scheduler import fit_call, steer

# An aligned cohort (engine/cohort.py: each epoch ends with a smaller mini-batch) advances whole epochs, so it
# sits at an epoch start between calls, where a run that finished its own epoch can join. Partial epochs would
# leave it at a position a rejoining run chases and never reaches (measured: 50 clients of the page's default
# fell from 97 to 42 epochs/s). So aligned cohorts are for cheap epochs only (few steps, few examples x
# parameters), and paced ones for paces of at least an epoch per frame, where whole epochs look no jumpier.
ALIGNED_MAX_EPOCH_STEPS = 40
ALIGNED_MAX_EPOCH_WORK = 300_000
ALIGNED_MIN_RATE = 30
# An aligned cohort's call is a whole epoch of every member (25 runs of the page's default: ~12 ms here),
# far past one turn's budget (2 ms under load). Trained on every member's turn it took 25 epochs per member
# per round of turns, with one frame each: measured 76 epochs/s but 4.5 frames/s at 50 students. So the
# group saves its members' budgets (credit) and trains when they cover an epoch: its CPU is the sum of its
# members' turns, as a free cohort's is, and the turns in between render frames. CREDIT_EPOCHS caps what a
# group may save up (an idle spell must not buy a burst of epochs).
CREDIT_EPOCHS = 2.0


class _Group:
    """One cohort and what the server keeps beside it: its pace and its call size."""

    def __init__(self, shape: tuple, rate: int):
        self.cohort = Cohort(shape)
        self.rate = rate
        self.pacer = Pacer()
        self.steps_per_call = 1  # steered towards CALL_SECONDS from the first call's time
        self.credit = 0.0  # aligned cohorts: turn budgets saved, seconds (see CREDIT_EPOCHS)
        self.epoch_seconds = 0.0  # aligned cohorts: the last whole-epoch call's time


class CohortPool:
    """The cohorts of one process, by (shape, pace); changed only from the training thread."""

    def __init__(self) -> None:
        self._groups: dict[tuple, _Group] = {}
        self._member: dict[object, tuple[_Group, object]] = {}  # session -> (its group, its Trainer there)

    def stackable(self, session) -> bool:
        """Whether the session may train in a cohort now: playing (not stepping), a stackable shape."""
        tr = session.trainer
        if not session.playing or session.steps_left or tr is None:
            return False
        key = cohort_key(tr)
        if key is None:
            return False
        m, bs = key[3], key[4]  # cohort_key's training-set and mini-batch sizes
        if m % bs == 0:  # every mini-batch full: a free cohort
            return True
        rate = session.view.max_epochs_per_second
        cheap = tr.steps_per_epoch <= ALIGNED_MAX_EPOCH_STEPS
        cheap = cheap and m * tr.network.theta.size <= ALIGNED_MAX_EPOCH_WORK
        return cheap and (not rate or rate >= ALIGNED_MIN_RATE)

    def counts(self) -> tuple[int, int]:
        """(sessions training in a cohort of two or more, cohorts held), as /health reports them."""
        groups = list(self._groups.values())  # one C-level copy: the training thread may be changing it
        return sum(n for n in (len(g.cohort) for g in groups) if n > 1), len(groups)

    def release(self, session) -> None:
        """Take the session out of its cohort, writing its run's state back (no-op for a non-member)."""
        entry = self._member.pop(session, None)
        if entry is None:
            return
        group, trainer = entry
        group.cohort.leave(trainer)
        self._drop_if_empty(group)

    def refresh(self, session) -> None:
        """After commands applied in place (session.stays_stacked): the member's row takes its Trainer's new
        hyperparameters, or the member leaves if its shape, pace or play state no longer fit the cohort."""
        entry = self._member.get(session)
        if entry is None:
            return
        group, trainer = entry
        if (
            trainer is not session.trainer
            or not self.stackable(session)
            or self._group(session)[1] is not group
        ):
            self.release(session)
        else:
            group.cohort.update(trainer)

    def sync(self, session, history: bool = True) -> None:
        """Bring the session's Trainer up to date (before reading it); history=False: a live frame, whose
        curves may end an epoch or so short of the parameters (engine Cohort.sync)."""
        entry = self._member.get(session)
        if entry is not None:
            entry[0].cohort.sync(entry[1], history)

    def pace_wait(self, session, now: float) -> float | None:
        """Seconds until the session's paced cohort may step again; None when it is in no paced cohort."""
        entry = self._member.get(session)  # read from the event loop: a dict lookup is atomic
        if entry is None or not entry[0].rate or entry[1] is not session.trainer:
            return None
        group, cohort = entry[0], entry[0].cohort
        ahead = cohort.epoch_steps_left() - 1 if cohort.aligned else 0  # aligned: a whole epoch's allowance
        return group.pacer.wait(group.rate, session.trainer.steps_per_epoch, cohort.steps + ahead, now)

    def steps_to_align(self, session) -> int:
        """Steps the session's run must train alone before it can join its cohort (0: it can join now)."""
        return self._group(session)[1].cohort.steps_to_align(session.trainer)

    def _group(self, session) -> tuple[tuple, _Group]:
        """(key, the group) for the session's shape and pace: a new, not yet kept one if none exists (an
        empty aligned cohort still asks a joining run to be at an epoch start)."""
        key = (cohort_key(session.trainer), session.view.max_epochs_per_second)
        return key, self._groups.get(key) or _Group(*key)

    def train(self, session, budget: float) -> int | None:
        """Join the session's cohort if needed, then train the cohort for up to `budget` seconds (as far as
        its pace allows). Returns the steps taken; None when the session cannot join yet (the caller trains
        it alone `steps_to_align` steps). Members whose session got a command (or closed) leave between
        calls; members whose run stopped leave at their epoch's end (the engine drops them)."""
        group = self._join(session)
        if group is None:
            return None
        cohort = group.cohort
        members = [s for s, (g, _) in self._member.items() if g is group]
        saving = cohort.aligned and len(members) > 1  # a lone run's epoch is one run's work: no saving
        if saving:
            group.credit = min(group.credit + budget, CREDIT_EPOCHS * max(group.epoch_seconds, budget))
            if group.credit < group.epoch_seconds:
                return 0  # the members' next turns save up for the epoch; this one only renders
        start = time.perf_counter()
        deadline = start + budget
        done = 0
        while True:
            self._evict(members)
            if session.trainer not in cohort or session.interrupt.is_set():  # its own command waits
                break
            t0 = time.perf_counter()
            if cohort.aligned:
                n = cohort.epoch_steps_left()
            else:  # a call that fits what is left of the turn (turns shrink under load: scheduler.budget)
                n = fit_call(group.steps_per_call, deadline - t0)
            if group.rate:
                allowed = group.pacer.allowed(group.rate, session.trainer.steps_per_epoch, cohort.steps, t0)
                if allowed < (n if cohort.aligned else 1):
                    break
                n = min(n, allowed)
            done += cohort.run(n)
            dt = time.perf_counter() - t0
            if saving:
                group.credit -= dt
                group.epoch_seconds = dt
            if dt > 0 and 2 * n >= group.steps_per_call:  # steer the next call towards CALL_SECONDS
                group.steps_per_call = steer(n, dt)
            if time.perf_counter() >= deadline:
                break
        if done:
            elapsed = time.perf_counter() - start
            share = elapsed / max(1, len(members))
            for s in members:
                s.mark_trained(share if s is not session else 0.0)
            session.for_others += elapsed - share  # not this session's CPU: see TrainSession.job
        self._forget_stopped(members)
        return done

    def _join(self, session) -> _Group | None:
        key, group = self._group(session)
        entry = self._member.get(session)
        if entry is not None and entry[0] is group and entry[1] is session.trainer:
            return group
        self.release(session)  # a different run, shape or pace: leave the old cohort first
        key, group = self._group(session)  # (leaving may have emptied and dropped it)
        if not group.cohort.can_join(session.trainer):
            return None
        self._groups[key] = group
        group.cohort.join(session.trainer)
        self._member[session] = (group, session.trainer)
        return group

    def _evict(self, members: list) -> None:
        for s in members:
            if (s.leave_cohort or s.closed) and s in self._member:
                self.release(s)

    def _forget_stopped(self, members: list) -> None:
        """Sessions whose run stopped left their cohort inside the engine: drop them here too."""
        for s in members:
            entry = self._member.get(s)
            if entry is not None and entry[1] not in entry[0].cohort:
                del self._member[s]
                self._drop_if_empty(entry[0])

    def _drop_if_empty(self, group: _Group) -> None:
        key = (group.cohort.key, group.rate)
        if not group.cohort.members and self._groups.get(key) is group:
            del self._groups[key]


_pool: CohortPool | None = None


def get_pool() -> CohortPool:
    """This process's pool."""
    global _pool
    if _pool is None:
        _pool = CohortPool()
    return _pool
