"""benchmarks/cpu_hogs.py (ws_load.py --contend [HOGS]): HOGS spinning processes pinned to each CPU while it
runs, none left afterwards."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import psutil
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from cpu_hogs import CpuHogs  # noqa: E402 - benchmarks/ is not a package


@pytest.mark.parametrize("per_cpu", [1, 2])
def test_busy_processes_per_cpu_pinned_to_it_and_gone_after_stop(per_cpu):
    with CpuHogs(per_cpu) as hogs:
        pids = hogs.pids()
        assert len(pids) == per_cpu * len(os.sched_getaffinity(0))
        procs = [psutil.Process(pid) for pid in pids]
        deadline = time.monotonic() + 20  # spawn imports the module in each child first
        while time.monotonic() < deadline and not all(len(p.cpu_affinity()) == 1 for p in procs):
            time.sleep(0.05)
        pinned = sorted(c for p in procs for c in p.cpu_affinity())
        assert pinned == sorted(hogs.cpus * per_cpu)  # one CPU each, per_cpu on every CPU
        before = [sum(p.cpu_times()[:2]) for p in procs]
        time.sleep(0.5)
        busy = [sum(p.cpu_times()[:2]) - b for p, b in zip(procs, before, strict=True)]
        # spinning: per_cpu hogs share a core, so each gets well over a fifth of the half second / per_cpu
        assert all(b > 0.1 / per_cpu for b in busy), busy
    assert not any(psutil.pid_exists(pid) and psutil.Process(pid).status() != "zombie" for pid in pids)


def test_no_hogs_is_refused():
    with pytest.raises(ValueError, match="at least one"):
        CpuHogs(0)
