"""A shared host on a bad day, emulated: one busy process beside each core, so everything else there gets
about half of it, as on the day issue 15 describes (`playground run` at 1,100-1,250 of the README's 2,923
epochs/s: other tenants took the host's cores).

    python benchmarks/ws_load.py --contend      # the calibration and the run, each core shared with a hog
    python benchmarks/ws_load.py --contend 2    # two hogs beside each core: the rest gets about a third

Why not only the CFS quota (cpu_share.py): on this host a quota slowed a lone CPU-bound process far more
than the server under the same quota (a quota of a whole core: the calibration read 35-52% of the
reference while 50 students trained 155-160 epochs/s, as fast as without it), so a calibration under the
quota no longer said how fast the server's cores were. A hog takes time the same way from the calibration
and from the server: the kernel shares each core between the hog and whatever else wants it. The hogs
run at the same priority and never block; as children of ws_load.py their CPU is counted with the
benchmark's own, not as "other processes".
"""

from __future__ import annotations

import multiprocessing
import os


def _spin(cpu: int) -> None:
    os.sched_setaffinity(0, {cpu})
    while True:
        pass


class CpuHogs:
    """`per_cpu` spinning processes pinned to each CPU this process may use, from start() until stop()."""

    def __init__(self, per_cpu: int = 1) -> None:
        if per_cpu < 1:
            raise ValueError("per_cpu: at least one hog per CPU")
        self.cpus = sorted(os.sched_getaffinity(0))
        self.per_cpu = per_cpu
        self._procs: list[multiprocessing.Process] = []

    def start(self) -> None:
        ctx = multiprocessing.get_context("spawn")  # no copy of the caller's threads or sockets
        for cpu in self.cpus:
            for i in range(self.per_cpu):
                p = ctx.Process(target=_spin, args=(cpu,), daemon=True, name=f"hog-{cpu}-{i}")
                p.start()
                self._procs.append(p)

    def pids(self) -> list[int]:
        return [p.pid for p in self._procs if p.pid is not None]

    def stop(self) -> None:
        for p in self._procs:
            p.kill()
        for p in self._procs:
            p.join(5)
        self._procs.clear()

    def __enter__(self) -> CpuHogs:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()
