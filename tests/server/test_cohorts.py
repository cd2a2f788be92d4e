"""CohortPool (server/cohorts.py) without a server: who joins, how far one turn goes, what leaving writes."""

from __future__ import annotations

import time

import numpy as np
from train_client import TF_TASK

from playground.config import ExperimentConfig
from playground.engine.trainer import Trainer
from playground.server.cohorts import CohortPool
from playground.server.protocol import PauseMessage, ViewMessage
from playground.server.session import ApplyConfig, TrainSession

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
    sessions[1].submit(PauseMessage(type="pause"))  # a command its cohort cannot take in place
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


def test_a_live_change_is_taken_in_place_and_the_run_still_matches_one_alone():
    """A learning-rate, beta and L2 change reaches a member without it leaving its cohort (no eviction by
    others' turns, no rebuilt stack), its waiting metrics computed first: from the step it applies at, the
    run is the lone run given the same change at the same step, bit for bit. A new optimizer, and a pace
    that differs from the cohort's, take the run out. (A turn of budget 0 trains one step.)"""
    pool = CohortPool()
    cfgs = [TF_TASK | {"seed": i, "optimizer": "adam", "l2": 0.01} for i in range(3)]
    sessions = [playing(pool, c) for c in cfgs]
    for k, s in enumerate(sessions):
        s.trainer.train_steps(5 * k)  # positions 0, 5, 10: their epochs end on different steps
        pool.train(s, 0.0)
    b = sessions[1]
    for _ in range(18):
        pool.train(sessions[0], 0.0)
    cohort = pool._member[b][0].cohort
    assert [t for t, _, _ in cohort._later] == [sessions[2].trainer, b.trainer]  # fewer than a stack's worth
    change = b.cfg.model_copy(update={"learning_rate": 0.1, "beta1": 0.8, "beta2": 0.95, "l2": 0.05})
    b.submit(ApplyConfig(config=change))
    assert not b.leave_cohort
    pool.train(sessions[0], 0.0)  # another member's turn trains b too
    assert pool.counts() == (3, 1)
    pool.sync(b, history=False)
    at = b.trainer.steps
    b.job(0.0)  # completes b's waiting metrics, applies the change in place, then trains the cohort
    assert pool.counts() == (3, 1) and b.cfg.learning_rate == 0.1
    for _ in range(30):
        pool.train(sessions[2], 0.0)
    pool.sync(b)
    total = b.trainer.steps
    ref = Trainer(ExperimentConfig(**cfgs[1]))
    ref.train_steps(at)
    ref.set_hyperparameters(change)
    ref.train_steps(total - at)
    assert total == at + 31
    assert np.array_equal(b.trainer.network.theta, ref.network.theta)
    assert np.array_equal(b.trainer.optimizer.v, ref.optimizer.v)
    assert np.array_equal(b.trainer.history.array("train_cost", 0), ref.history.array("train_cost", 0))

    b.submit(ViewMessage(type="view", max_epochs_per_second=100))  # another pace: another cohort
    b.job(0.0)
    assert pool._member[b][0].rate == 100 and pool.counts() == (2, 2)  # it left, then joined its own
    c = sessions[2]
    c.submit(ApplyConfig(config=c.cfg.model_copy(update={"optimizer": "momentum"})))
    assert c.leave_cohort
    pool.train(sessions[0], 0.0)
    assert c not in pool._member  # evicted by another's turn, before its own job resets its optimizer
