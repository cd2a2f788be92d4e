"""Cohort (engine/cohort.py): runs stepped together end with exactly the bits they would have alone."""

from __future__ import annotations

import numpy as np
import pytest

from playground.config import ExperimentConfig
from playground.engine.cohort import Cohort, _Stack, cohort_key
from playground.engine.trainer import Trainer

# TensorFlow Playground's default task: 250 training points, batch 10
BASE = dict(dataset="circles", n_samples=500, dev_ratio=0.5, hidden=[4, 2], activation="tanh", epochs=10_000)
BASE |= dict(mini_batch_size=10, learning_rate=0.03)


def config(**kw) -> ExperimentConfig:
    return ExperimentConfig(**{**BASE, **kw})


def assert_same(alone: Trainer, member: Trainer) -> None:
    """Equal bits: parameters, gradient, optimizer state, position, counters and the whole history."""
    assert (member.steps, member.epoch, member._pos, member.stopped) == (
        alone.steps,
        alone.epoch,
        alone._pos,
        alone.stopped,
    )
    assert np.array_equal(member.network.theta, alone.network.theta, equal_nan=True)
    assert np.array_equal(member.network.grad, alone.network.grad, equal_nan=True)
    assert member.optimizer.t == alone.optimizer.t
    for name in ("v", "s"):
        if hasattr(alone.optimizer, name):
            a, b = getattr(member.optimizer, name), getattr(alone.optimizer, name)
            assert np.array_equal(a, b, equal_nan=True)
    for key in ("train_cost", "dev_cost", "train_accuracy", "dev_accuracy"):
        assert np.array_equal(member.history.array(key, 0), alone.history.array(key, 0), equal_nan=True)
    assert np.array_equal(member.history.grad_norms(), alone.history.grad_norms(), equal_nan=True)


@pytest.mark.parametrize("optimizer", ["gd", "momentum", "rmsprop", "adam"])
def test_members_that_join_and_leave_mid_epoch_match_runs_alone(optimizer):
    """Different data, seeds, learning rates, schedules and betas; joins at other points of the epoch; a
    member leaves, changes its learning rate alone and comes back."""
    cfgs = [
        config(
            seed=i,
            data_seed=i,
            optimizer=optimizer,
            learning_rate=0.01 * (i + 1),
            lr_decay="inverse" if i % 2 else "none",
            decay_rate=0.5,
            beta=0.8 + 0.05 * i,
            beta1=0.85 + 0.03 * i,
            beta2=0.99 + 0.002 * i,
        )
        for i in range(4)
    ]
    alone, members = [Trainer(c) for c in cfgs], [Trainer(c) for c in cfgs]
    for t in (alone[0], members[0]):
        t.train_steps(37)  # mid-epoch: position 370 of 250 + 120
    assert len({cohort_key(t) for t in members}) == 1
    cohort = Cohort(cohort_key(members[0]))
    cohort.join(members[0])
    cohort.join(members[1])
    assert cohort.run(60) == 60
    cohort.join(members[2])
    assert cohort.run(101) == 101
    cohort.leave(members[0])
    faster = cfgs[0].model_copy(update={"learning_rate": 0.2})
    members[0].set_hyperparameters(faster)
    members[0].train_steps(13)
    cohort.join(members[0])
    cohort.join(members[3])
    cohort.sync(members[1])  # a mid-run read (a frame) changes nothing
    assert cohort.run(77) == 77
    for t in list(cohort.members):
        cohort.leave(t)
    assert not cohort.members

    alone[0].train_steps(60 + 101)
    alone[0].set_hyperparameters(faster)
    alone[0].train_steps(13 + 77)
    alone[1].train_steps(60 + 101 + 77)
    alone[2].train_steps(101 + 77)
    alone[3].train_steps(77)
    for a, m in zip(alone, members, strict=True):
        assert_same(a, m)


def test_l2_and_a_single_member():
    cfgs = [config(seed=i, l2=0.01 * (i + 1), optimizer="adam") for i in range(2)]
    alone, members = [Trainer(c) for c in cfgs], [Trainer(c) for c in cfgs]
    cohort = Cohort(cohort_key(members[0]))
    cohort.join(members[0])
    cohort.run(30)  # alone in its cohort: trains as a plain Trainer
    cohort.join(members[1])
    cohort.run(45)
    for t in list(cohort.members):
        cohort.leave(t)
    alone[0].train_steps(75)
    alone[1].train_steps(45)
    for a, m in zip(alone, members, strict=True):
        assert_same(a, m)


def test_members_stop_on_their_own_conditions():
    """One member completes, one diverges, one stops early and keeps its best epoch; each leaves the cohort
    with the state it would have alone, while the rest go on."""
    shape = dict(optimizer="momentum", activation="linear", hidden=[8, 8], noise=0.3, dev_ratio=0.2)
    cfgs = [
        config(**shape, seed=1, epochs=3),
        config(**shape, seed=2, learning_rate=10.0),
        config(**shape, seed=3, learning_rate=1.0, early_stopping=2),
        config(**shape, seed=4),
    ]
    alone, members = [Trainer(c) for c in cfgs], [Trainer(c) for c in cfgs]
    cohort = Cohort(cohort_key(members[0]))
    for t in members:
        cohort.join(t)
    cohort.run(20 * 40)
    for t in list(cohort.members):
        cohort.leave(t)
    for a in alone:
        a.train_steps(20 * 40)
    assert [m.stopped for m in members] == ["completed", "diverged", "early_stopping", None]
    for a, m in zip(alone, members, strict=True):
        assert_same(a, m)


def test_metrics_computed_after_the_steps_keep_each_history_in_epoch_order(monkeypatch):
    """Within one run() a diverging member's first epochs leave their metrics for the end (the bound proves
    its cost finite), then its parameters outgrow the bound and its epochs are evaluated at once: the pending
    ones go first, so its history, its stop and everyone else's match runs alone."""
    shape = dict(optimizer="gd", activation="linear", hidden=[8, 8], noise=0.3)
    cfgs = [config(**shape, seed=5, learning_rate=2.0, l2=0.01), config(**shape, seed=6, l2=0.01)]
    cfgs.append(config(**shape, seed=7, l2=0.1))
    alone, members = [Trainer(c) for c in cfgs], [Trainer(c) for c in cfgs]
    asked = []  # per epoch of members[0]: could its metrics wait (either check: the stack's, the Trainer's)
    can_wait, quick = Trainer._metrics_can_wait, _Stack.epochs_that_wait

    def spy(self):
        answer = can_wait(self)
        if self is members[0]:
            asked.append(answer)
        return answer

    def stack_spy(self, rows, trainers):
        answer = quick(self, rows, trainers)
        row = next((r for r in rows if trainers[r] is members[0]), None)
        if row in answer:  # (otherwise the Trainer's check answers for it)
            asked.append(True)
        return answer

    monkeypatch.setattr(Trainer, "_metrics_can_wait", spy)
    monkeypatch.setattr(_Stack, "epochs_that_wait", stack_spy)
    cohort = Cohort(cohort_key(members[0]))
    for t in members:
        cohort.join(t)
    cohort.run(25 * 30)
    assert True in asked and False in asked and asked.index(False) > 0  # both ways, in one run()
    for t in list(cohort.members):
        cohort.leave(t)
    for a in alone:
        a.train_steps(25 * 30)
    assert members[0].stopped == "diverged"
    for a, m in zip(alone, members, strict=True):
        assert_same(a, m)


def test_a_synced_member_reads_as_alone_while_the_others_metrics_wait():
    """Members at five positions of their epochs end them on different steps; after a few short calls some
    epochs' metrics still wait, yet a synced member's history is whole and equal to its run alone."""
    cfgs = [config(seed=i, optimizer="adam") for i in range(5)]
    alone, members = [Trainer(c) for c in cfgs], [Trainer(c) for c in cfgs]
    for i, (a, m) in enumerate(zip(alone, members, strict=True)):
        a.train_steps(5 * i)
        m.train_steps(5 * i)
    cohort = Cohort(cohort_key(members[0]))
    for t in members:
        cohort.join(t)
    for _ in range(4):
        cohort.run(3)
    assert 0 < len(cohort._later) < len(members)  # some member-epochs ended, fewer than a stack's worth
    waiting = cohort._later[0][0]
    assert waiting.history.epochs < waiting.epoch
    cohort.sync(waiting)
    i = members.index(waiting)
    alone[i].train_steps(12)
    assert waiting.history.epochs == waiting.epoch
    assert_same(alone[i], waiting)


def test_a_frames_sync_leaves_the_waiting_metrics_waiting_and_joins_do_not_compute_them():
    """sync(history=False) (a live frame) writes the member's state back but not its waiting epochs; a run
    joining meanwhile leaves everyone's waiting too; leaving completes the history: equal to runs alone."""
    cfgs = [config(seed=i, optimizer="adam") for i in range(6)]
    alone, members = [Trainer(c) for c in cfgs], [Trainer(c) for c in cfgs]
    for i, (a, m) in enumerate(zip(alone, members, strict=True)):
        a.train_steps(25 + 5 * i)  # (an epoch each first: every history has grad norms to compare)
        m.train_steps(25 + 5 * i)
    cohort = Cohort(cohort_key(members[0]))
    for t in members[:5]:
        cohort.join(t)
    for _ in range(4):
        cohort.run(3)
    waiting = cohort._later[0][0]
    before = len(cohort._later)
    cohort.sync(waiting, history=False)
    i = members.index(waiting)
    assert waiting.history.epochs < waiting.epoch  # still waiting
    assert np.array_equal(waiting.network.theta, cohort._stack.net.theta[cohort.members.index(waiting)])
    cohort.join(members[5])  # at position 25: a mini-batch boundary
    assert len(cohort._later) == before
    cohort.run(3)
    for t in list(cohort.members):
        cohort.leave(t)
    assert not cohort._later
    for k, a in enumerate(alone):
        a.train_steps(15 if k < 5 else 3)
    for a, m in zip(alone, members, strict=True):
        assert_same(a, m)
    assert waiting.history.epochs == waiting.epoch


def test_a_run_that_completes_on_an_epoch_whose_metrics_wait_leaves_with_its_history_whole():
    """Reaching `epochs` needs no metrics to decide: the last epoch's metrics waited, alone in the list
    (the others end their epochs on other steps), and the run that leaves by itself takes them along."""
    cfgs = [config(seed=1, epochs=3), config(seed=2), config(seed=3)]
    alone, members = [Trainer(c) for c in cfgs], [Trainer(c) for c in cfgs]
    for k in (1, 2):
        alone[k].train_steps(10 * k)
        members[k].train_steps(10 * k)
    cohort = Cohort(cohort_key(members[0]))
    for t in members:
        cohort.join(t)
    cohort.run(25 * 3 - 1)  # everything that waited is computed at the end of this call
    cohort.run(1)  # member 0's third epoch ends here, and only its
    assert members[0].stopped == "completed" and members[0] not in cohort
    assert members[0].history.epochs == 3
    for t in list(cohort.members):
        cohort.leave(t)
    for a in alone:
        a.train_steps(25 * 3)
    for a, m in zip(alone, members, strict=True):
        assert_same(a, m)


@pytest.mark.parametrize("optimizer", ["gd", "momentum", "rmsprop", "adam"])
def test_a_members_live_change_taken_in_place_matches_the_change_alone(optimizer):
    """Cohort.update after set_hyperparameters mid-epoch (learning rate, decay, betas, epsilon, L2): the
    member's row steps with the new values from the next step, as alone; with metrics waiting it refuses
    (they would be computed with the new L2 strength)."""
    cfgs = [config(seed=i, optimizer=optimizer, l2=0.01) for i in range(3)]
    alone, members = [Trainer(c) for c in cfgs], [Trainer(c) for c in cfgs]
    for k in range(3):
        alone[k].train_steps(10 * k)
        members[k].train_steps(10 * k)
    cohort = Cohort(cohort_key(members[0]))
    for t in members:
        cohort.join(t)
    cohort.run(12)  # member 2's epoch ends on step 5: its metrics wait (one of a stack's worth of three)
    assert [t for t, _, _ in cohort._later] == [members[2]]
    update = dict(learning_rate=0.2, lr_decay="inverse", beta=0.7, beta1=0.8, beta2=0.9, epsilon=1e-6)
    change = cfgs[1].model_copy(update=update | {"l2": 0.1})
    members[2].set_hyperparameters(change)
    with pytest.raises(ValueError, match="sync"):
        cohort.update(members[2])
    members[2].set_hyperparameters(cfgs[2])
    cohort.sync(members[1])
    members[1].set_hyperparameters(change)
    cohort.update(members[1])
    cohort.run(64)
    for t in list(cohort.members):
        cohort.leave(t)
    for a in alone:
        a.train_steps(12)
    alone[1].set_hyperparameters(change)
    for a in alone:
        a.train_steps(64)
    for a, m in zip(alone, members, strict=True):
        assert_same(a, m)


@pytest.mark.parametrize("classes", [2, 3])
def test_members_with_dev_splits_of_other_sizes_or_none(classes):
    """The metrics computed after the steps stack members by split size: 250 training points each, with 250,
    150 or no dev points (sigmoid and softmax outputs)."""
    shape = dict(dataset="blobs", classes=classes, optimizer="rmsprop")
    splits = [dict(n_samples=500, dev_ratio=0.5), dict(n_samples=500, dev_ratio=0.3, test_ratio=0.2)]
    splits += [dict(n_samples=250, dev_ratio=0.0), dict(n_samples=500, dev_ratio=0.5)]
    cfgs = [config(**shape, **split, seed=i) for i, split in enumerate(splits)]
    alone, members = [Trainer(c) for c in cfgs], [Trainer(c) for c in cfgs]
    assert [t.splits["dev"].size for t in members] == [250, 150, 0, 250]
    cohort = Cohort(cohort_key(members[0]))
    for t in members:
        cohort.join(t)
    cohort.run(25 * 4 + 7)
    for t in list(cohort.members):
        cohort.leave(t)
    for a in alone:
        a.train_steps(25 * 4 + 7)
    assert members[2].history["dev_cost"] == [None] * 4
    for a, m in zip(alone, members, strict=True):
        assert_same(a, m)


@pytest.mark.parametrize("optimizer", ["gd", "adam"])
def test_an_aligned_cohort_steps_the_smaller_last_mini_batch_with_everyone(optimizer):
    """250 examples in batches of 16: 15 full steps and one of 10 per epoch, so members share one position.
    A run joins once it has trained alone to the cohort's position, from behind or through its epoch's end."""
    shape = dict(mini_batch_size=16, optimizer=optimizer)
    cfgs = [config(**shape, seed=i, learning_rate=0.02 * (i + 1)) for i in range(4)]
    alone, members = [Trainer(c) for c in cfgs], [Trainer(c) for c in cfgs]
    cohort = Cohort(cohort_key(members[0]))
    assert cohort.aligned
    for t in (alone[2], members[2]):
        t.train_steps(5)  # position 80
    cohort.join(members[0])
    cohort.join(members[1])
    assert cohort.steps_to_align(members[2]) == 11  # 10 to its epoch's end (the last one of 10 examples)
    with pytest.raises(ValueError):
        cohort.join(members[2])
    assert cohort.run(20) == 20  # position 64 of the second epoch
    assert cohort.steps_to_align(members[2]) == 11 + 4
    assert cohort.steps_to_align(members[3]) == 4  # at 0: four full mini-batches behind the cohort
    members[2].train_steps(15)
    members[3].train_steps(4)
    cohort.join(members[2])
    cohort.join(members[3])
    assert cohort.run(40) == 40  # across two epoch ends of every member
    for t in list(cohort.members):
        cohort.leave(t)
    alone[0].train_steps(20 + 40)
    alone[1].train_steps(20 + 40)
    alone[2].train_steps(15 + 40)
    alone[3].train_steps(4 + 40)
    for a, m in zip(alone, members, strict=True):
        assert_same(a, m)


def test_a_run_left_between_mini_batches_by_a_new_batch_size_aligns_before_joining():
    """Three steps of 10 (position 30), then batches of 25: a live batch-size change leaves the run between
    two mini-batches of its new size. It trains alone to its epoch's end, then joins (stepping the stack
    from there used to loop forever)."""
    cfgs = [config(seed=1, mini_batch_size=10), config(seed=2, mini_batch_size=25)]
    alone, members = [Trainer(c) for c in cfgs], [Trainer(c) for c in cfgs]
    wider = cfgs[0].model_copy(update={"mini_batch_size": 25})
    for t in (alone[0], members[0]):
        t.train_steps(3)  # position 30
        t.set_hyperparameters(wider)  # 30 is not a multiple of 25
    cohort = Cohort(cohort_key(members[1]))
    assert not cohort.aligned and cohort_key(members[0]) == cohort.key
    cohort.join(members[1])
    cohort.run(3)
    assert cohort.steps_to_align(members[0]) == 9  # ceil(220 / 25): to its epoch's end
    assert not cohort.can_join(members[0])
    members[0].train_steps(9)
    cohort.join(members[0])
    assert cohort.run(30) == 30
    for t in list(cohort.members):
        cohort.leave(t)
    alone[0].train_steps(9 + 30)
    alone[1].train_steps(3 + 30)
    for a, m in zip(alone, members, strict=True):
        assert_same(a, m)


def test_big_steps_do_not_stack():
    assert cohort_key(Trainer(config(hidden=[64, 64], mini_batch_size=10))) is not None
    assert cohort_key(Trainer(config(hidden=[64, 64, 64], mini_batch_size=0))) is None  # 8,577 params x 250


@pytest.mark.parametrize("change", [{"batch_norm": True}, {"keep_prob": 0.8}])
def test_runs_that_cannot_stack_have_no_key(change):
    assert cohort_key(Trainer(config(**change))) is None


def test_different_shapes_have_different_keys():
    base = cohort_key(Trainer(config()))
    assert base is not None
    for change in ({"hidden": [4, 3]}, {"optimizer": "gd"}, {"l2": 0.1}, {"activation": "relu"}):
        assert cohort_key(Trainer(config(**change))) != base
    assert cohort_key(Trainer(config(seed=7, learning_rate=0.5))) == base  # per-run numbers may differ


def test_a_run_of_another_shape_is_refused():
    cohort = Cohort(cohort_key(Trainer(config())))
    with pytest.raises(ValueError):
        cohort.join(Trainer(config(hidden=[3])))


def test_epochs_that_end_inside_the_stack_read_and_continue_as_alone():
    """Whole epochs in one cohort end without a write-back (their state stays in the stack): a member synced
    at an epoch's start reads as its run alone, and after leaving there it trains on alone (its own
    shuffle stream, from the next epoch) to the same bits; so do the members that stayed."""
    cfgs = [config(seed=i, optimizer="adam", mini_batch_size=16) for i in range(3)]
    alone, members = [Trainer(c) for c in cfgs], [Trainer(c) for c in cfgs]
    cohort = Cohort(cohort_key(members[0]))
    for t in members:
        cohort.join(t)
    steps = 3 * members[0].steps_per_epoch
    assert cohort.run(steps) == steps
    for a in alone:
        a.train_steps(steps)
    cohort.sync(members[1])
    assert members[1]._pos == 0 and members[1].epoch == 3
    assert_same(alone[1], members[1])
    cohort.leave(members[1])
    members[1].train_steps(40)
    alone[1].train_steps(40)
    cohort.run(40)
    for a in (alone[0], alone[2]):
        a.train_steps(40)
    for t in list(cohort.members):
        cohort.leave(t)
    for a, m in zip(alone, members, strict=True):
        assert_same(a, m)
