"""Executors return the in-process results: a process pool, and Dask distributed on a real LocalCluster."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from playground.config import SweepConfig
from playground.tuning.executors import DaskExecutor, LocalExecutor, ProcessExecutor
from playground.tuning.runner import iter_sweep, plan, run_sweep
from tests.conftest import ROOT

SWEEP = SweepConfig.model_validate(
    {
        "base": {"epochs": 10, "n_samples": 150},
        "params": {
            "learning_rate": {"min": 1e-3, "max": 1.0, "scale": "log"},
            "hidden_units": {"values": [2, 4]},
        },
        "trials": 10,
        "seed": 11,
    }
)


def comparable(results: list[dict]) -> list[dict]:
    return [{k: v for k, v in r.items() if k != "seconds"} for r in sorted(results, key=lambda r: r["index"])]


@pytest.fixture(scope="module")
def local_results() -> list[dict]:
    return comparable(run_sweep(SWEEP, LocalExecutor()))


@pytest.fixture(scope="module")
def dask_cluster():
    from distributed import LocalCluster

    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
    yield cluster
    cluster.close()


def test_groups_split_by_architecture_and_chunk(local_results):
    tasks, invalid = plan(SWEEP, chunk=3)
    assert not invalid
    widths = [{p["hidden_units"] for _, p in items} for _, items in tasks]
    assert all(len(w) == 1 for w in widths)  # one architecture per stack
    assert all(len(items) <= 3 for _, items in tasks)
    assert sorted(i for _, items in tasks for i, _ in items) == list(range(10))
    assert len(local_results) == 10


def test_process_pool_equals_in_process(local_results):
    ex = ProcessExecutor(2)
    try:
        assert comparable(run_sweep(SWEEP, ex)) == local_results
    finally:
        ex.close()


def test_dask_local_cluster_equals_in_process(dask_cluster, local_results):
    ex = DaskExecutor(dask_cluster.scheduler_address)
    try:
        streamed = list(iter_sweep(SWEEP, ex))
    finally:
        ex.close()
    assert comparable(streamed) == local_results


def test_cli_with_dask_address_equals_in_process(dask_cluster, local_results, tmp_path):
    path = tmp_path / "sweep.json"
    path.write_text(SWEEP.model_dump_json())
    cmd = [
        sys.executable,
        "-m",
        "playground.cli",
        "sweep",
        str(path),
        "--dask",
        dask_cluster.scheduler_address,
    ]
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert comparable(json.loads(proc.stdout)["trials"]) == local_results
