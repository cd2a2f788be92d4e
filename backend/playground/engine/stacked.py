"""Many trials of one experiment shape trained as one batched NumPy computation.

`StackedTrainer(trainers)` takes freshly built trainer.Trainer objects that share the dataset, features,
architecture (no batch norm), mini-batch size, optimizer and seed, and may differ in the per-trial scalars:
learning_rate, lr_decay, decay_rate, decay_interval, beta, beta1, beta2, epsilon, l2, keep_prob, init_scale,
early_stopping and epochs. `train()` runs every trial to its own stop condition and writes the outcome back
into each Trainer (theta, epoch, steps, stopped, history), so `trainer.evaluate` then reports exactly what the
trainer would have after training alone: the stack follows trainer.py's loop step for step, with one shared
shuffle stream and one shared dropout stream (equal seeds make them equal), and stacked_network /
stacked_optimizers reproduce the arithmetic bit for bit. Trials leave the stack as they stop.

history=False (what sweeps use) skips the per-epoch metrics that no stop decision needs: trainers keep an
empty history, and the epoch-end cost is computed only where divergence cannot be ruled out by a bound
(stacked_eval.finite_for_sure) and, for the dev split, only for trials with early stopping.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from types import SimpleNamespace

import numpy as np

from .schedules import decayed_learning_rate
from .stacked_eval import evaluate_rows, finite_for_sure
from .stacked_network import StackedNetwork
from .stacked_optimizers import StackedOptimizer, column
from .trainer_state import EarlyStopping, History

SHARED = ("optimizer", "mini_batch_size", "seed", "batch_norm")


class StackedTrainer:
    """Train `trainers` (same data, architecture, batch size, optimizer and seed) as one stack."""

    def __init__(self, trainers: list, history: bool = True):
        if not trainers:
            raise ValueError("need at least one trainer")
        first = trainers[0]
        for name in SHARED:
            if any(getattr(t.cfg, name) != getattr(first.cfg, name) for t in trainers):
                raise ValueError(f"trials of one stack must share {name}")
        self.trainers = list(trainers)
        self.active = list(range(len(trainers)))  # trainer index of each stack row
        cfgs = [t.cfg for t in trainers]
        self.net = StackedNetwork(first.network, np.stack([t.network.theta for t in trainers]))
        self.opt = StackedOptimizer(
            first.cfg.optimizer,
            first.network.theta.size,
            *([getattr(c, k) for c in cfgs] for k in ("beta", "beta1", "beta2", "epsilon")),
        )
        train = first.splits["train"]
        self.m = train.size
        bs = first.cfg.mini_batch_size
        self.bs = self.m if bs <= 0 or bs >= self.m else bs
        self.X, self.T = train.rows, train.target_rows
        self.X_order, self.T_order = np.empty_like(self.X), np.empty_like(self.T)
        # the streams trainer.py would use: every trial has the same seed, so trial 0's stand for all
        self.shuffle_rng, self.dropout_rng = first._shuffle_rng, first._dropout_rng
        self.epoch = 0
        self.steps = 0
        self.history = history
        self.histories = [History() for _ in trainers]
        self._input_max = float(np.max(np.abs(train.F), initial=0.0))
        self.early = [EarlyStopping() for _ in trainers]

    # ------------------------------------------------------------------------------------------ training

    def train(self, stopped: Callable[[], bool] = lambda: False) -> bool:
        """Train every trial to its stop condition; False if `stopped()` turned True first (per epoch)."""
        if self.m == 0:
            self._finish(range(len(self.active)), ["completed"] * len(self.active))
            return True
        with np.errstate(all="ignore"):  # divergence is reported through `stopped`, as in trainer.py
            while self.active:
                if stopped():
                    return False
                self._epoch()
        return True

    def _cfgs(self) -> list:
        return [self.trainers[i].cfg for i in self.active]

    def _epoch(self) -> None:
        cfgs = self._cfgs()
        if self.bs < self.m:
            order = self.shuffle_rng.permutation(self.m)
            np.take(self.X, order, axis=0, out=self.X_order)
            np.take(self.T, order, axis=0, out=self.T_order)
        else:
            np.copyto(self.X_order, self.X)
            np.copyto(self.T_order, self.T)
        e = self.epoch + 1
        lr = column(
            [
                decayed_learning_rate(c.learning_rate, c.lr_decay, c.decay_rate, c.decay_interval, e)
                for c in cfgs
            ]
        )
        l2 = column([c.l2 for c in cfgs]) if any(c.l2 > 0.0 for c in cfgs) else None
        keep = (
            column([c.keep_prob for c in cfgs])[:, :, None] if any(c.keep_prob < 1.0 for c in cfgs) else None
        )
        X, T, theta, grad = self.X_order, self.T_order, self.net.theta, self.net.grad
        pos = 0
        while pos < self.m:
            end = min(pos + self.bs, self.m)
            self.net.gradient(X[pos:end].T, T[pos:end].T, l2, keep, self.dropout_rng)
            self.opt.step(theta, grad, lr)
            pos = end
            self.steps += 1
        self.epoch += 1
        self._end_epoch(cfgs)

    def _end_epoch(self, cfgs: list) -> None:
        train, dev = self._epoch_metrics(cfgs)
        done, why = [], []
        for row, i in enumerate(self.active):
            (tc, ta), (dc, da) = train[row], dev[row]
            if self.history:
                self.histories[i].append(tc, dc, ta, da)
            shim = SimpleNamespace(theta=self.net.theta[row], running=[])
            if tc is not None and not math.isfinite(tc):
                reason = "diverged"
            elif self.early[i].update(cfgs[row].early_stopping, dc, self.epoch, shim):
                reason = "early_stopping"
            elif self.epoch >= cfgs[row].epochs:
                reason = "completed"
            else:
                continue
            done.append(row)
            why.append(reason)
        if done:
            self._finish(done, why)

    def _epoch_metrics(self, cfgs: list) -> tuple[list, list]:
        """Per row (train, dev) (cost, accuracy) pairs: all of them with history; else only what a stop
        decision needs (the train cost where a bound cannot prove it finite, the dev cost under early
        stopping), with (None, None) for the rest."""
        rows = np.arange(len(self.active))
        l2s = [c.l2 for c in cfgs]
        if self.history:
            return self._evaluate("train", rows, l2s), self._evaluate("dev", rows, l2s)
        train, dev = [(None, None)] * len(rows), [(None, None)] * len(rows)
        unsure = rows[~finite_for_sure(self.net, self._input_max)]
        for row, pair in zip(unsure, self._evaluate("train", unsure, [l2s[r] for r in unsure]), strict=True):
            train[row] = pair
        early = rows[[c.early_stopping > 0 for c in cfgs]] if len(rows) else rows
        for row, pair in zip(early, self._evaluate("dev", early, [l2s[r] for r in early]), strict=True):
            dev[row] = pair
        return train, dev

    def _evaluate(self, split_name: str, rows: np.ndarray, l2s: list[float]) -> list:
        if len(rows) == 0:
            return []
        return evaluate_rows(self.net, self.trainers[0].splits[split_name], rows, l2s)

    def _finish(self, rows, reasons) -> None:
        """Write the outcome of stack rows into their trainers and drop them from the stack."""
        rows = list(rows)
        for row, reason in zip(rows, reasons, strict=True):
            t = self.trainers[self.active[row]]
            t.network.theta[...] = self.net.theta[row]
            t.epoch, t.steps, t.stopped = self.epoch, self.steps, reason
            if self.history:
                t.history = self.histories[self.active[row]]
        keep = np.array([r for r in range(len(self.active)) if r not in set(rows)], dtype=np.int64)
        self.active = [self.active[r] for r in keep]
        if self.active:
            self.net.set_theta(self.net.theta[keep])
            self.opt.keep(keep)
