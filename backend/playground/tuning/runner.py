"""Run a sweep: sample the trials, group those that can train as one stacked computation, hand the groups to
an executor, and report each trial as it finishes.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator

from pydantic import ValidationError

from playground.config import SweepConfig
from playground.tuning.executors import Task, make_executor
from playground.tuning.sampling import sample_trials
from playground.tuning.space import apply_params
from playground.tuning.stacking import stack_key
from playground.tuning.trial import trial_result
from playground.validation import from_validation_error


def plan(sweep: SweepConfig, chunk: int | None = None) -> tuple[list[Task], list[dict]]:
    """(tasks, invalid): tasks of at most `chunk` trials sharing a stack key; `invalid` holds trials whose
    combination of values no config allows (e.g. dev_ratio + test_ratio > 0.9), already reported as such."""
    base = sweep.base.model_dump()
    groups: dict[str, list[tuple[int, dict]]] = {}
    invalid = []
    for index, params in enumerate(sample_trials(sweep)):
        try:
            cfg = apply_params(sweep.base, params)
        except ValidationError as e:
            record = trial_result(index, params, {}, "invalid", 0, 0.0)
            invalid.append({**record, "error": from_validation_error(e).line()})
            continue
        groups.setdefault(stack_key(cfg), []).append((index, params))
    tasks: list[Task] = []
    for items in groups.values():
        size = chunk or len(items)
        tasks.extend((base, items[i : i + size]) for i in range(0, len(items), size))
    return tasks, invalid


def balanced_chunk(sweep: SweepConfig, workers: int) -> int:
    """A chunk size that gives every worker a share of the biggest possible group."""
    return max(1, math.ceil(sweep.trials / max(workers, 1)))


def iter_sweep(
    sweep: SweepConfig,
    executor=None,
    chunk: int | None = None,
    stopped: Callable[[], bool] = lambda: False,
) -> Iterator[dict]:
    """Yield each trial's result as soon as its group finishes. The executor defaults to the sweep's own."""
    own = executor is None
    if own:
        executor = make_executor(sweep.executor, sweep.dask_address)
    try:
        if chunk is None and executor.name != "local":
            chunk = balanced_chunk(sweep, _workers(executor))
        tasks, invalid = plan(sweep, chunk)
        yield from invalid
        for results in executor.run(tasks, stopped):
            yield from results
    finally:
        if own:
            executor.close()


def run_sweep(
    sweep: SweepConfig, executor=None, on_result: Callable[[dict], None] | None = None
) -> list[dict]:
    """All trials' results in trial order (the `playground sweep` output)."""
    results = []
    for record in iter_sweep(sweep, executor):
        results.append(record)
        if on_result is not None:
            on_result(record)
    return sorted(results, key=lambda r: r["index"])


def _workers(executor) -> int:
    if executor.name == "processes":
        return executor.workers
    if executor.name == "dask":
        return max(1, sum(w["nthreads"] for w in executor.client.scheduler_info()["workers"].values()))
    return 1
