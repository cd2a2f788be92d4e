"""CohortPool (server/cohorts.py) without a server: who joins, how far one turn goes, what leaving writes."""

from __future__ import annotations

import time

import numpy as np
from train_client import TF_TASK

from playground.config import ExperimentConfig
from playground.engine.trainer import Trainer
from playground.server.cohorts import CohortPool
from playground.server.session import TrainSession

# 4,000 training points in batches of 4: 1,000 steps an epoch; in batches of 3 an aligned shape (1,334 steps)
BIG_EPOCH = TF_TASK | {"n_samples": 5000, "dev_ratio": 0.2, "mini_batch_size": 4}


def playing(pool: CohortPool, cfg: dict) -> TrainSession:
    s = TrainSession(ExperimentConfig(**cfg), cohorts=pool)
    s._rebuild()
    s.playing = True
    return s


def test_a_turn_out_of_budget_takes_one_step_not_a_whole_epoch():
    pool = CohortPool()
    a, b = playing(pool, BIG_EPOCH | {"seed": 1}), playing(pool, BIG_EPOCH | {"seed": 2})
    assert pool.train(a, 0.0) == 1  # the first call is one step; it is steered from there, never an epoch
    assert 1 <= pool.train(b, 0.0) < 1000  # b joins at once (any mini-batch boundary will do)
    assert pool.counts() == (2, 1)


def test_aligned_shapes_stack_only_when_whole_epochs_are_cheap():
    pool = CohortPool()
    assert pool.stackable(playing(pool, {"seed": 0}))  # the page's default: 10 steps of 32 (the last 12)
    assert not pool.stackable(playing(pool, BIG_EPOCH | {"mini_batch_size": 3}))  # 1,334 steps an epoch
    slow = playing(pool, {"seed": 0})
    slow.view = slow.view.model_copy(update={"max_epochs_per_second": 5})  # whole epochs would jump
    assert not pool.stackable(slow)


def test_leaving_writes_the_run_back_and_a_command_evicts_a_member():
    pool = CohortPool()
    sessions = [playing(pool, TF_TASK | {"seed": i}) for i in range(3)]
    for s in sessions:
        pool.train(s, 0.0)
    pool.train(sessions[0], 0.05)
    sessions[1].interrupt.set()  # a command arrived for session 1
    pool.train(sessions[2], 0.0)
    assert pool.counts() == (2, 1)
    for s in sessions:
        pool.release(s)
    assert pool.counts() == (0, 0)
    for i, s in enumerate(sessions):
        ref = Trainer(ExperimentConfig(**(TF_TASK | {"seed": i})))
        ref.train_steps(s.trainer.steps)
        assert np.array_equal(s.trainer.network.theta, ref.network.theta)


def test_a_lone_run_mid_epoch_trains_alone_to_its_epoch_start_then_joins():
    """The page's default (300 points in batches of 32, an aligned shape) after a command left it at position
    288: no cohort exists, and a new one starts at an epoch start, so it trains its last mini-batch alone."""
    pool = CohortPool()
    s = playing(pool, {"seed": 0})
    s.trainer.train_steps(9)
    assert s.trainer._pos == 288
    assert pool.train(s, 0.0) is None and pool.steps_to_align(s) == 1
    assert s._train(0.0) == 1 and s.trainer._pos == 0
    assert pool.train(s, 0.0) >= 1 and pool.counts() == (0, 1)


def test_an_aligned_cohort_trains_when_its_members_turns_have_saved_an_epochs_time():
    """Whole epochs of every member take far more than one turn's budget; trained on every turn they left the
    turns no time for frames. The group saves each turn's budget and trains once the saving covers the last
    epoch's time; the turns in between train nothing (they render). Exact: budgets of a quarter epoch."""
    pool = CohortPool()
    sessions = [playing(pool, {"seed": i}) for i in range(4)]  # the page's default: an aligned shape
    for s in sessions:  # the first turns join (each at its epoch start) and train
        pool.train(s, 0.0)
    group = pool._member[sessions[0]][0]
    assert group.cohort.aligned and len(group.cohort) == 4
    group.credit = group.epoch_seconds = 0.0  # as a new group starts
    assert pool.train(sessions[0], 0.0) > 0  # nothing saved, nothing owed yet: one epoch, owing its time
    epoch = group.epoch_seconds
    assert epoch > 0 and group.credit == -epoch
    steps = [pool.train(sessions[k % 4], epoch / 4) for k in range(1, 9)]
    assert steps[:7] == [0] * 7  # -1 + 7/4 of an epoch saved: less than the epoch, so nothing trained
    assert steps[7] == sessions[0].trainer.steps_per_epoch  # 8/4 - 1 = one epoch's time: trains


def test_a_cohort_turn_charges_its_session_one_members_share_of_the_training():
    """The fairness debt (train_ws.drive) must not make the session whose turn trained the whole cohort sit
    out the other members' share: 3 of 4 parts of that time are theirs (mark_trained)."""
    pool = CohortPool()
    sessions = [playing(pool, TF_TASK | {"seed": i}) for i in range(4)]  # a free cohort
    for s in sessions:
        pool.train(s, 0.0)
    s = sessions[0]
    s.for_others = 0.0
    t0 = time.perf_counter()
    assert pool.train(s, 0.05) > 0
    wall = time.perf_counter() - t0
    assert 0.5 * wall < s.for_others <= 0.75 * wall
