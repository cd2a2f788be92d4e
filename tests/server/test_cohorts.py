"""CohortPool (server/cohorts.py) without a server: who joins, how far one turn goes, what leaving writes."""

from __future__ import annotations

import numpy as np
from train_client import TF_TASK

from backend.config import ExperimentConfig
from backend.engine.trainer import Trainer
from backend.server.cohorts import CohortPool
from backend.server.session import TrainSession

# 5,000 points in batches of 3: an aligned cohort with 1,334 steps an epoch
BIG_EPOCH = TF_TASK | {"n_samples": 5000, "dev_ratio": 0.2, "mini_batch_size": 3}


def playing(pool: CohortPool, cfg: dict) -> TrainSession:
    s = TrainSession(ExperimentConfig(**cfg), cohorts=pool)
    s._rebuild()
    s.playing = True
    return s


def test_a_turn_out_of_budget_takes_one_step_not_a_whole_epoch():
    pool = CohortPool()
    a, b = playing(pool, BIG_EPOCH | {"seed": 1}), playing(pool, BIG_EPOCH | {"seed": 2})
    assert pool.train(a, 0.0) == 1  # the first call is one step; it is steered from there, never an epoch
    assert pool.train(b, 0.0) is None  # the cohort is one mini-batch into its epoch, b at its start
    assert pool.steps_to_align(b) == 1
    b._train(0.0)  # alone, exactly to the cohort's position
    assert b.trainer.steps == 1
    assert 1 <= pool.train(b, 0.0) < 1334  # a ~1 ms call (steered by the last one's time): not an epoch
    assert pool.counts() == (2, 1)


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
