"""A group of trials, from configs to the records a sweep reports, trained in one go or in time-boxed slices.

`run_group` is the unit of work every executor ships (to a thread, a process or a Dask worker): it takes
plain JSON-able data, so it pickles cheaply and needs nothing but this package on the worker. The server
uses `TrialGroup.work(budget)` instead, so that a sweep takes turns with the live playground sessions.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from typing import Any

import numpy as np

from playground.config import ExperimentConfig
from playground.tuning.space import apply_params

METRICS = ("train_cost", "dev_cost", "train_accuracy", "dev_accuracy")
Stopped = Callable[[], bool]


def never() -> bool:
    return False


def _number(x: float | None) -> float | None:
    """Finite floats pass; NaN/Infinity (a diverged run) become None, which JSON can carry."""
    return float(x) if x is not None and math.isfinite(x) else None


def trial_result(index: int, params: dict, metrics: dict, status: str, epochs: int, seconds: float) -> dict:
    """The record a sweep reports for one trial (no NaN/Infinity: a diverged trial has None costs)."""
    values = {k: _number(metrics.get(k)) for k in METRICS}
    if status not in ("diverged", "invalid") and values["train_cost"] is None:
        status = "diverged"  # the cost blew up on the last step: same verdict as the engine's
    return {
        "index": index,
        "params": params,
        **values,
        "status": status,
        "epochs": epochs,
        "seconds": seconds,
    }


def final_metrics(trainer) -> dict:
    """The four numbers of a trained Trainer (NaN/inf of a diverged run pass silently; JSON gets None)."""
    with np.errstate(all="ignore"):
        train_cost, train_acc = trainer.evaluate("train")
        dev_cost, dev_acc = trainer.evaluate("dev")
    return {
        "train_cost": train_cost,
        "dev_cost": dev_cost,
        "train_accuracy": train_acc,
        "dev_accuracy": dev_acc,
    }


class TrialGroup:
    """Trials (index, params) of one base config: one stacked computation when they can share it (see
    stacking.py), else one Trainer after the other. `seconds` of a trial is its own training time, or the
    stack's time divided by its size."""

    def __init__(self, base: dict[str, Any], items: list[tuple[int, dict]], stacked: bool = True):
        from playground.tuning.stacking import make_stack  # lazy: the sampling half needs no engine

        base_cfg = ExperimentConfig.model_validate(base)
        self.items = list(items)
        self.configs = [apply_params(base_cfg, params) for _, params in self.items]
        self.stack = make_stack(self.configs) if stacked and len(self.items) > 1 else None
        self.trainers: list = list(self.stack.trainers) if self.stack else []
        self.seconds = [0.0] * len(self.items)
        self.done = False

    def work(self, budget: float | None = None, stopped: Stopped = never) -> bool:
        """Train for about `budget` seconds (None: to the end; at least one epoch); True once all finished."""
        deadline = None if budget is None else time.perf_counter() + budget
        first = [True]

        def pause() -> bool:
            if stopped():
                return True
            if first[0]:
                first[0] = False
                return False
            return deadline is not None and time.perf_counter() > deadline

        started = time.perf_counter()
        if self.stack is not None:
            self.done = self.stack.train(pause)
            share = (time.perf_counter() - started) / len(self.items)
            self.seconds = [s + share for s in self.seconds]
        else:
            self.done = self._work_one_by_one(pause)
        return self.done

    def _work_one_by_one(self, pause: Stopped) -> bool:
        from playground.engine.trainer import Trainer

        while len(self.trainers) < len(self.configs) or self.trainers[-1].stopped is None:
            if self.trainers and self.trainers[-1].stopped is None:
                trainer = self.trainers[-1]
            else:
                trainer = Trainer(self.configs[len(self.trainers)])
                self.trainers.append(trainer)
            i = len(self.trainers) - 1
            while trainer.stopped is None:
                if pause():
                    return False
                started = time.perf_counter()
                progressed = trainer.train_epochs(1)
                self.seconds[i] += time.perf_counter() - started
                if progressed == 0:
                    break
            if len(self.trainers) == len(self.configs):
                return True
        return True

    def results(self) -> list[dict]:
        """One record per trial, in order (call once `work` returned True)."""
        return [
            trial_result(index, params, final_metrics(t), t.stopped or "completed", t.epoch, seconds)
            for (index, params), t, seconds in zip(self.items, self.trainers, self.seconds, strict=True)
        ]


def run_group(
    base: dict[str, Any], items: list[tuple[int, dict]], stacked: bool = True, stopped: Stopped = never
) -> list[dict]:
    """Train a group to the end and return its records in order ([] when `stopped` turned True first)."""
    group = TrialGroup(base, items, stacked)
    return group.results() if group.work(None, stopped) else []
