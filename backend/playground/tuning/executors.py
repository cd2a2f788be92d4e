"""Where trial groups run: in this process (default), a process pool over the local cores, or Dask.

Each executor takes tasks (base dict, items) for `trial.run_group` and yields each task's results as soon as
it finishes (completion order, not submission order). The Dask executor uses an existing scheduler
(`dask-scheduler` + `dask-worker`, or a LocalCluster in tests); its workers need this package installed.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait

from playground.tuning.trial import run_group
from playground.validation import ConfigError

Task = tuple[dict, list[tuple[int, dict]]]
DASK_TIMEOUT = 5.0  # seconds to wait for a scheduler before calling the address dead


class LocalExecutor:
    """Run the tasks one after the other in this process."""

    name = "local"

    def run(self, tasks: list[Task], stopped: Callable[[], bool] = lambda: False) -> Iterator[list[dict]]:
        for base, items in tasks:
            if stopped():
                return
            yield run_group(base, items, stopped=stopped)

    def close(self) -> None:
        pass


class ProcessExecutor:
    """A pool of worker processes, one per core unless `workers` says otherwise."""

    name = "processes"

    def __init__(self, workers: int | None = None):
        self.workers = workers or os.cpu_count() or 1
        self.pool = ProcessPoolExecutor(max_workers=self.workers)

    def run(self, tasks: list[Task], stopped: Callable[[], bool] = lambda: False) -> Iterator[list[dict]]:
        pending: set[Future] = {self.pool.submit(run_group, base, items) for base, items in tasks}
        try:
            while pending:
                done, pending = wait(pending, timeout=0.5, return_when=FIRST_COMPLETED)
                for future in done:
                    yield future.result()
                if stopped():
                    return
        finally:
            for future in pending:
                future.cancel()

    def close(self) -> None:
        self.pool.shutdown(cancel_futures=True)


class DaskExecutor:
    """A client of a running Dask scheduler (`pip install 'training-playground[dask]'`)."""

    name = "dask"

    def __init__(self, address: str, timeout: float = DASK_TIMEOUT):
        try:
            from distributed import Client
        except ImportError:
            raise ConfigError(
                "executor", "the dask executor needs `distributed`: pip install 'training-playground[dask]'"
            ) from None
        try:
            self.client = Client(address, timeout=timeout, set_as_default=False)
        except (OSError, TimeoutError) as e:
            raise ConfigError(
                "dask_address", f"no Dask scheduler answers at {address} within {timeout:g} s ({e})"
            ) from None

    def run(self, tasks: list[Task], stopped: Callable[[], bool] = lambda: False) -> Iterator[list[dict]]:
        from distributed import as_completed

        # pure=False: identical tasks (same base, same items) are still separate trials to the caller.
        futures = [self.client.submit(run_group, base, items, pure=False) for base, items in tasks]
        try:
            with self.client.as_current():  # as_completed looks for "the current client"
                done = as_completed(futures)
            for future in done:
                yield future.result()
                if stopped():
                    return
        finally:
            self.client.cancel(futures)

    def close(self) -> None:
        self.client.close()


def make_executor(name: str, dask_address: str | None = None, workers: int | None = None):
    """The executor a SweepConfig names; ConfigError when Dask is asked for but not reachable."""
    if name == "local":
        return LocalExecutor()
    if name == "processes":
        return ProcessExecutor(workers)
    if name == "dask":
        if not dask_address:
            raise ConfigError(
                "dask_address", "executor 'dask' needs dask_address (e.g. tcp://127.0.0.1:8786)"
            )
        return DaskExecutor(dask_address)
    raise ConfigError("executor", f"unknown executor {name!r}; allowed: local, processes, dask")
