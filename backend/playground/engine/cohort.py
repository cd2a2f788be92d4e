"""Live runs of one shape stepped together: one batched NumPy computation for many Trainers, each as alone.

A classroom server holds many live runs of the same lesson, and on a playground-sized network NumPy's cost
is per call, not per flop: twenty runs of a [4, 2] network cost almost twenty times one run's calls. A
Cohort steps its members' mini-batches in one batched call each (stacked_network / stacked_optimizers, whose
rows equal the single-run arithmetic bit for bit), while everything that differs per run stays the run's
own: its data and epoch order (each member shuffles with its own stream, at its own epoch boundary), its
position in the epoch, learning rate and schedule, L2 strength, optimizer betas and step counter t, history,
early stopping and stop conditions (each member's `Trainer._end_epoch` runs as usual, except that the
metrics of epochs whose stop decision does not need them wait until a stack's worth of member-epochs has
ended, or the member's history is needed, and are then computed in one stacked pass per split: members at
different positions of their epochs end them on different steps, a few per `run` call).

Members may join and leave between calls to `run` at any point of their epoch. While a run is a member its
parameters, optimizer state and latest metrics live in the cohort; `sync(trainer)` writes them back (the
Trainer then reads exactly as if it had trained alone), `leave(trainer)` does that and drops it. A member
whose run stops (completed, diverged, early stopping) leaves by itself at that epoch's end.

Who may stack (`cohort_key`): no batch norm, no dropout, no deliberately broken backprop, and a small step
(STACK_MAX_WORK: a big network gains nothing from batching, and one batched step of many would be one long
uninterruptible call). When the mini-batch size divides the training set every step is a full mini-batch and
members may be at any mini-batch boundary of their epochs. Otherwise (300 points in batches of 32: the page's
default) an epoch ends with a smaller mini-batch, so the cohort is *aligned*: every member is at the same
position. A run joins when `steps_to_align(trainer)` is 0; until then its owner trains it alone that many
steps (to a mini-batch boundary, or to the cohort's position in the epoch).
"""

from __future__ import annotations

import numpy as np

from .activations import run
from .stacked_eval import evaluate_each
from .stacked_network import StackedNetwork
from .stacked_optimizers import StackedOptimizer, column

STACK_MAX_WORK = 150_000  # parameters x mini-batch size of one step ([64, 64] at batch 32 is 141,000)


def cohort_key(trainer) -> tuple | None:
    """Runs with equal keys can be stepped together; None: this run must train alone."""
    cfg, net = trainer.cfg, trainer.network
    m, bs = trainer._m, trainer._batch_size()
    if trainer.stopped is not None or m == 0 or any(net.layout.bn):
        return None
    if cfg.keep_prob < 1.0 or net.broken_backprop or net.theta.size * bs > STACK_MAX_WORK:
        return None
    acts = tuple(a.name for a in net.acts)
    # l2 > 0 is part of the shape: adding a zero L2 term could turn a -0.0 gradient into +0.0
    return (tuple(net.layout.sizes), acts, net.output.name, m, bs, cfg.optimizer, cfg.l2 > 0.0)


class Cohort:
    """Trainers with one cohort_key, stepped together; see the module docstring."""

    def __init__(self, key: tuple):
        self.key = key
        m, bs = key[3], key[4]
        self.aligned = m % bs != 0  # see the module docstring
        self.members: list = []  # Trainers, in stack row order (change it only through _set_members)
        self._ids: set[int] = set()  # id() of each member: a server asks `in` for every member each turn
        self.steps = 0  # steps the cohort has taken (each member took them all while it was a member)
        self._stack = None  # _Stack of the current members (None: rebuild before the next step)
        self._later: list = []  # (trainer, parameters (P,), grad norms (L,)) of epochs awaiting their metrics
        self._eval_inputs: dict = {}  # stacked splits of the last few evaluations (stacked_eval._stacked)

    def __len__(self) -> int:
        return len(self.members)

    def __contains__(self, trainer) -> bool:
        return id(trainer) in self._ids  # members hold their Trainers, so no id is reused meanwhile

    def can_join(self, trainer) -> bool:
        return cohort_key(trainer) == self.key and self.steps_to_align(trainer) == 0

    def steps_to_align(self, trainer) -> int:
        """Steps the run must train alone before it can join: to its next mini-batch boundary (a live change
        of the batch size can leave it between two), and in an aligned cohort on to the cohort's position."""
        bs, pos = self.key[4], trainer._pos
        if not self.aligned:
            return 0 if pos % bs == 0 else trainer.epoch_steps_left
        target = self.position()
        if pos <= target and (target - pos) % bs == 0:
            return (target - pos) // bs
        return trainer.epoch_steps_left + target // bs  # to its epoch's end, then on to the cohort's position

    def epoch_steps_left(self) -> int:
        """Steps to the end of the cohort's current epoch (aligned cohorts; a whole epoch at position 0)."""
        m, bs = self.key[3], self.key[4]
        return -(-(m - self.position()) // bs)

    def position(self) -> int:
        """Examples of the current epoch already used (aligned cohorts: every member's position)."""
        if self._stack is not None:
            return int(self._stack.pos[0])
        return self.members[0]._pos if self.members else 0

    def join(self, trainer) -> None:
        if trainer in self:
            return
        if not self.can_join(trainer):
            raise ValueError(
                "this run's shape differs from the cohort's, or it is not at the cohort's position"
            )
        self._write_back()  # (a joining run has no epochs waiting: the others' may go on waiting)
        self._set_members([*self.members, trainer])

    def leave(self, trainer) -> None:
        """Write the member's state back into its Trainer and drop it (no-op for a non-member)."""
        if trainer not in self:
            return
        self._complete([trainer])
        self._write_back()
        self._set_members([t for t in self.members if t is not trainer])

    def sync(self, trainer, history: bool = True) -> None:
        """Write a member's parameters, gradient, optimizer state, position and steps into its Trainer, and
        complete its history. history=False leaves the epochs whose metrics wait out of the history a little
        longer (a live frame: the curves show them in a later frame, computed with a stack's worth)."""
        if history:
            self._complete([trainer])
        if self._stack is not None and trainer in self:
            self._stack.write_back(self.members.index(trainer), trainer)

    def update(self, trainer) -> None:
        """A member's live hyperparameters changed (Trainer.set_hyperparameters, same optimizer and
        cohort_key): its row steps with them from the next step on, as the run alone would. Its waiting
        metrics must be computed first (sync): they take the L2 strength of the epoch they belong to."""
        if any(t is trainer for t, _, _ in self._later):
            raise ValueError("sync the member before changing its hyperparameters: its metrics are waiting")
        if self._stack is not None and trainer in self:
            self._stack.update(self.members.index(trainer), trainer)

    def run(self, steps: int) -> int:
        """Advance every member `steps` mini-batches (fewer for a member that stops); returns steps done."""
        if len(self.members) == 1:  # nothing to batch: the single-run step is the faster one
            self._complete(self.members)
            self._write_back()
            tr = self.members[0]
            done = tr.train_steps(steps)
            if tr.stopped is not None:
                self._set_members([])
            self.steps += done
            return done
        done = 0
        with np.errstate(all="ignore"):  # divergence is reported through each Trainer's `stopped`
            try:
                while done < steps and self.members:
                    if self._stack is None:
                        self._stack = _Stack(self.members)
                    stack = self._stack
                    stack.start_epochs(self.members)
                    n = min(steps - done, stack.steps_to_epoch_end())
                    if n < 1:  # every member sits at a mini-batch boundary (steps_to_align): never here
                        raise AssertionError("a cohort member is between two mini-batches")
                    stack.step(n)
                    done += n
                    self._end_epochs(stack)
            finally:
                if len(self._later) >= len(self.members):  # a stack's worth (a member's sync takes fewer)
                    self._evaluate_later()
        self.steps += done
        return done

    def _end_epochs(self, stack: _Stack) -> None:
        rows = stack.rows_at_epoch_end()
        if not rows:
            return
        quick = stack.epochs_that_wait(rows, self.members)
        stopped = []
        for row in rows:
            tr = self.members[row]
            if row in quick:  # its state stays in the stack until read (sync, leave): see epochs_that_wait
                theta, norms = quick[row]
                tr._end_epoch(later=lambda t, theta=theta, norms=norms: self._later.append((t, theta, norms)))
                stack.next_epoch(row, tr)
                continue
            stack.write_back(row, tr)
            if tr._metrics_can_wait():
                tr._end_epoch(later=self._later_add)
            else:
                self._evaluate_later()  # its history must stay in epoch order
                tr._end_epoch()
            if tr.stopped is not None:  # early stopping may have restored parameters: do not write back
                stopped.append(tr)
            else:
                stack.next_epoch(row, tr)
        if stopped:  # (its last epoch may have ended with metrics waiting: "completed" needs none)
            self._complete(stopped)
            self._write_back(skip=stopped)
            gone = {id(s) for s in stopped}
            self._set_members([t for t in self.members if id(t) not in gone])

    def _later_add(self, trainer) -> None:
        self._later.append((trainer, trainer.network.theta.copy(), trainer.grad_norms()))

    def _evaluate_later(self) -> None:
        """The metrics of the epochs that ended since the last call, in one stacked pass per split, appended
        to each member's history in the order its epochs ended. (Two forward passes per member-epoch were
        half a cohort's time, and more than half of that was NumPy's per-call cost: ~180 -> ~80 us.)"""
        later, self._later = self._later, []
        if not later:
            return
        template, theta = later[0][0].network, np.stack([snapshot for _, snapshot, _ in later])
        l2s = [tr.cfg.l2 for tr, _, _ in later]
        inputs = self._eval_inputs
        train = evaluate_each(template, theta, [tr.splits["train"] for tr, _, _ in later], l2s, inputs)
        dev = evaluate_each(template, theta, [tr.splits["dev"] for tr, _, _ in later], l2s, inputs)
        for (tr, _, norms), (tc, ta), (dc, da) in zip(later, train, dev, strict=True):
            tr.history.append(tc, dc, ta, da, norms)

    def _set_members(self, members: list) -> None:
        self.members = members
        self._ids = {id(t) for t in members}

    def _complete(self, trainers: list) -> None:
        """Compute the waiting metrics (everyone's, in one pass) if any of `trainers` has epochs waiting."""
        if any(t is tr for t, _, _ in self._later for tr in trainers):
            self._evaluate_later()

    def _write_back(self, skip=()) -> None:
        """Hand every member's state back to its Trainer and drop the stack (membership is changing; epochs
        whose metrics wait go on waiting: _later holds what they need)."""
        if self._stack is not None:
            for row, tr in enumerate(self.members):
                if all(tr is not s for s in skip):
                    self._stack.write_back(row, tr)
        self._stack = None


def _may_wait(tr) -> bool:
    """Trainer._metrics_can_wait but for the bound on the parameters, and the epoch ending is not its last."""
    no_bn = all(r is None for r in tr.network.running)
    return tr.record_history and tr.cfg.early_stopping <= 0 and tr.epoch + 1 < tr.cfg.epochs and no_bn


class _Stack:
    """The batched state of a fixed set of members: parameters (k, P), optimizer moments, epoch orders
    (k, m, n_x + 1) and targets (k, m, K_out), each member's position in its epoch."""

    def __init__(self, members: list):
        first = members[0]
        cfgs = [t.cfg for t in members]
        self.m, self.bs = first._m, first._batch_size()
        self.net = StackedNetwork(first.network, np.stack([t.network.theta for t in members]))
        self.opt = StackedOptimizer(
            first.cfg.optimizer,
            first.network.theta.size,
            *([getattr(c, name) for c in cfgs] for name in ("beta", "beta1", "beta2", "epsilon")),
            t0=[t.optimizer.t for t in members],
        )
        for name in ("v", "s"):
            if hasattr(first.optimizer, name):
                getattr(self.opt, name)[...] = np.stack([getattr(t.optimizer, name) for t in members])
        self.lr = column([t.learning_rate for t in members])
        self.l2 = column([c.l2 for c in cfgs]) if first.cfg.l2 > 0.0 else None
        self.X = np.stack([t._X_order for t in members])  # (k, m, n_x + 1); rows of a new epoch: filled later
        self.T = np.stack([t._T_order for t in members])
        self.X0 = np.concatenate([t._X for t in members])  # (k * m, n_x + 1): every member's data, unshuffled
        self.T0 = np.concatenate([t._T for t in members])
        self.pos = np.array([t._pos for t in members], dtype=np.int64)
        self.started = self.pos > 0  # a member at position 0 shuffles when its epoch's first step comes
        self.steps0 = [t.steps for t in members]
        self.t = 0  # steps taken by this stack
        self.ragged = self.m % self.bs != 0  # an aligned cohort: every row at one position
        self._batches: dict[int, tuple] = {}  # mini-batch width -> gather offsets and buffers

    def _batch(self, width: int) -> tuple:
        """(offsets (k, width), Xb (k, width, n_x + 1), Tb (k, width, K_out)): a mini-batch of every member
        is one gather, row r's examples pos_r .. pos_r + width of its epoch."""
        batch = self._batches.get(width)
        if batch is None:
            k = self.X.shape[0]
            offsets = np.arange(k, dtype=np.int64)[:, None] * self.m + np.arange(width)
            Xb = np.empty((k, width, self.X.shape[2]))
            Tb = np.empty((k, width, self.T.shape[2]), dtype=self.T.dtype)
            batch = self._batches[width] = (offsets, Xb, Tb)
        return batch

    def start_epochs(self, members: list) -> None:
        """Every member at an epoch's start takes its order from its own shuffle stream, at the moment
        training alone would (Trainer._start_epoch), and the stack gathers its examples from its unshuffled
        copy: two takes per member, or two for all of them when all start together (an aligned cohort;
        four calls per member were an eighth of its time on the page's default: 300 examples, 10 steps)."""
        rows = np.flatnonzero(~self.started)
        if not rows.size:
            return
        m = self.m
        if rows.size < self.X.shape[0]:  # a free cohort's members end epochs on different steps: one by one
            for row in rows.tolist():
                order = members[row]._epoch_order()
                if order is None:  # one batch per epoch: the data in its own order (cohort_key: all or none)
                    order = np.arange(m)
                np.take(self.X0[row * m : (row + 1) * m], order, axis=0, out=self.X[row])
                np.take(self.T0[row * m : (row + 1) * m], order, axis=0, out=self.T[row])
        else:  # an aligned cohort: every member at once, straight into place
            orders = [members[row]._epoch_order() for row in rows]
            idx = np.stack([np.arange(m) if o is None else o for o in orders])  # (k, m) (None: one batch)
            idx += (rows * m)[:, None]
            np.take(self.X0, idx, axis=0, out=self.X)
            np.take(self.T0, idx, axis=0, out=self.T)
        self.started[rows] = True

    def epochs_that_wait(self, rows: list[int], members: list) -> dict[int, tuple]:
        """{row: (parameters (P,), grad norms (L,))} for the rows of `rows` whose epoch can end without its
        metrics and without stopping: Trainer._metrics_can_wait on the stack's parameters, all rows in one
        pass, and not the run's last epoch. Such a member's epoch ends without a write-back (four copies
        and the checks were a sixth of a cohort's time on the page's default); the grad norms are
        Trainer.grad_norms' gather and segmented sum over every row at once (the same sums per row)."""
        index = members[0].grad_norm_index()
        can = [r for r in rows if _may_wait(members[r])]
        if index is None or not can:
            return {}
        if len(can) < 4:  # a free cohort's epochs end one or two at a time: the per-row calls cost less
            out = {}
            for r in can:
                theta = self.net.theta[r].copy()
                if np.abs(theta).max(initial=0.0) < 1e15:  # _cost_surely_finite (NaN compares False)
                    out[r] = theta, np.sqrt(np.add.reduceat(np.square(self.net.grad[r][index[0]]), index[1]))
            return out
        theta = self.net.theta[can]  # (R, P) copies: the snapshots the metrics are computed from later
        finite = np.abs(theta).max(axis=1, initial=0.0) < 1e15
        norms = np.sqrt(np.add.reduceat(np.square(self.net.grad[can][:, index[0]]), index[1], axis=1))
        return {r: (theta[j], norms[j]) for j, r in enumerate(can) if finite[j]}

    def steps_to_epoch_end(self) -> int:
        """Steps until the first member's epoch ends (the smaller last mini-batch counts as one)."""
        if self.ragged:
            return -(-(self.m - int(self.pos[0])) // self.bs)
        return int((self.m - self.pos.max()) // self.bs)

    def step(self, n: int) -> None:
        """n steps, n <= steps_to_epoch_end(): full mini-batches, then an aligned epoch's smaller last one."""
        full = min(n, (self.m - int(self.pos.max())) // self.bs)
        self._steps(full, self.bs)
        if n > full:
            self._steps(1, self.m - int(self.pos[0]))

    def _steps(self, n: int, width: int) -> None:
        offsets, Xb, Tb = self._batch(width)
        X, T = self.X.reshape(-1, self.X.shape[2]), self.T.reshape(-1, self.T.shape[2])
        Xt, Tt, net = np.swapaxes(Xb, 1, 2), np.swapaxes(Tb, 1, 2), self.net  # rows: a trainer's X[pos:end].T
        idx = offsets + self.pos[:, None]
        # A step laid out once as NumPy calls on these buffers: ~20 fewer Python frames per step than
        # calling gradient() (the same calls in the same order: the same bits).
        step = [(np.take, (X, idx, 0, Xb)), (np.take, (T, idx, 0, Tb)), *net.gradient_ops(Xt, Tt, self.l2)]
        step += [(self.opt.step, (net.theta, net.grad, self.lr)), (np.add, (idx, width, idx))]
        for _ in range(n):
            run(step)
        self.pos += n * width
        self.t += n

    def rows_at_epoch_end(self) -> list[int]:
        return np.flatnonzero(self.pos >= self.m).tolist()

    def next_epoch(self, row: int, trainer) -> None:
        """After the member's _end_epoch: position 0, the new epoch's learning rate, shuffle on first use."""
        self.pos[row], self.started[row] = 0, False
        self.lr[row, 0] = trainer.learning_rate

    def update(self, row: int, trainer) -> None:
        """The row's learning rate, L2 strength and optimizer constants: what __init__ would read now."""
        self.lr[row, 0] = trainer.learning_rate
        if self.l2 is not None:
            self.l2[row, 0] = trainer.cfg.l2
        self.opt.set_constants(row, *(getattr(trainer.cfg, n) for n in ("beta", "beta1", "beta2", "epsilon")))

    def write_back(self, row: int, trainer) -> None:
        trainer.network.theta[...] = self.net.theta[row]
        trainer.network.grad[...] = self.net.grad[row]
        opt = trainer.optimizer
        opt.t = self.opt.t0[row] + self.opt.t
        for name in ("v", "s"):
            if hasattr(opt, name):
                getattr(opt, name)[...] = getattr(self.opt, name)[row]
        trainer.steps = self.steps0[row] + self.t
        trainer._pos = int(self.pos[row])
        if 0 < trainer._pos < self.m:  # mid-epoch: alone, the run goes on in this epoch's order
            trainer._X_order[...], trainer._T_order[...] = self.X[row], self.T[row]
