"""benchmarks/cpu_hogs.py (ws_load.py --contend): one spinning process pinned to each CPU while it runs,
none left afterwards."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from cpu_hogs import CpuHogs  # noqa: E402 - benchmarks/ is not a package


def test_one_busy_process_per_cpu_pinned_to_it_and_gone_after_stop():
    with CpuHogs() as hogs:
        pids = hogs.pids()
        assert len(pids) == len(os.sched_getaffinity(0))
        procs = [psutil.Process(pid) for pid in pids]
        deadline = time.monotonic() + 20  # spawn imports the module in each child first
        while time.monotonic() < deadline and not all(len(p.cpu_affinity()) == 1 for p in procs):
            time.sleep(0.05)
        assert sorted(c for p in procs for c in p.cpu_affinity()) == hogs.cpus  # one CPU each
        before = [sum(p.cpu_times()[:2]) for p in procs]
        time.sleep(0.5)
        busy = [sum(p.cpu_times()[:2]) - b for p, b in zip(procs, before, strict=True)]
        assert all(b > 0.1 for b in busy), busy  # spinning: well over a fifth of the half second each
    assert not any(psutil.pid_exists(pid) and psutil.Process(pid).status() != "zombie" for pid in pids)
