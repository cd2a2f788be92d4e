"""One trial, or one group of trials, from config to the four numbers a sweep reports.

`run_group` is the unit of work every executor ships (to a thread, a process or a Dask worker): it takes
plain JSON-able data, so it pickles cheaply and needs nothing but this package on the worker.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from typing import Any

import numpy as np

from backend.config import ExperimentConfig
from backend.tuning.space import apply_params

METRICS = ("train_cost", "dev_cost", "train_accuracy", "dev_accuracy")


def _number(x: float | None) -> float | None:
    """Finite floats pass; NaN/Infinity (a diverged run) become None, which JSON can carry."""
    return float(x) if x is not None and math.isfinite(x) else None


def trial_result(index: int, params: dict, metrics: dict, status: str, epochs: int, seconds: float) -> dict:
    """The record a sweep reports for one trial (no NaN/Infinity: a diverged trial has None costs)."""
    values = {k: _number(metrics.get(k)) for k in METRICS}
    if status != "diverged" and values["train_cost"] is None:
        status = "diverged"  # the cost blew up on the last step: same verdict as the engine's
    return {
        "index": index,
        "params": params,
        **values,
        "status": status,
        "epochs": epochs,
        "seconds": seconds,
    }


Stopped = Callable[[], bool]
SLICE = 50  # epochs between two looks at `stopped` (a stop request waits at most this long)


def never() -> bool:
    return False


def run_one(cfg: ExperimentConfig, stopped: Stopped = never) -> tuple[dict, str, int] | None:
    """Train one config to its end on the engine: (metrics, stop reason, epochs trained); None if stopped."""
    from backend.engine.trainer import Trainer  # lazy: the sampling half of the package needs no engine

    trainer = Trainer(cfg)
    while trainer.stopped is None and trainer.train_epochs(SLICE) > 0:
        if stopped():
            return None
    return final_metrics(trainer), trainer.stopped, trainer.epoch


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


def run_group(
    base: dict[str, Any], items: list[tuple[int, dict]], stacked: bool = True, stopped: Stopped = never
) -> list[dict]:
    """Train trials (index, params) of one base config; one stacked computation when they can share it.

    base: ExperimentConfig as a dict. Returns one `trial_result` per item, in order (only the finished ones
    when `stopped` turns True). `seconds` is each trial's own time when run one by one, and the group's
    time divided by its size when stacked.
    """
    base_cfg = ExperimentConfig.model_validate(base)
    configs = [apply_params(base_cfg, params) for _, params in items]
    if stacked and len(items) > 1:
        from backend.tuning.stacking import run_stacked  # lazy, like the engine import above

        started = time.perf_counter()
        outcomes = run_stacked(configs, stopped)
        if outcomes == []:
            return []  # stopped
        if outcomes is not None:
            share = (time.perf_counter() - started) / len(items)
            return [
                trial_result(i, p, m, s, e, share) for (i, p), (m, s, e) in zip(items, outcomes, strict=True)
            ]
    results = []
    for (index, params), cfg in zip(items, configs, strict=True):
        started = time.perf_counter()
        outcome = run_one(cfg, stopped)
        if outcome is None:
            break
        metrics, status, epochs = outcome
        results.append(trial_result(index, params, metrics, status, epochs, time.perf_counter() - started))
    return results
