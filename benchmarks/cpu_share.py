"""A slower machine, emulated: a CPU quota per process with the kernel's CFS bandwidth control (cgroups).

The issue's target holds "even when the calibration runs at half the README's speed", a day this shared
machine gives when it likes. `ws_load.py --cpu-share 0.5` makes that day on demand: the calibration and
every process of the server (each worker, the supervisor) may use at most half of one core's time per
wall-clock second, in slices of ~2 ms, so a lone run trains half as many epochs a second and a worker
(event loop and training thread) gets half a core, as a 2-core machine of half-speed cores gives it.

What it does not copy: a slow day's cores are slow all the time; a quota runs at full speed, then stops
for the rest of its ~2 ms slice, and it leaves caches as they are. The
simulated clients stay outside the quota: on a slow day they too would run slowly, taking ~0.15 cores of
the server's share (ws_load.py reports their CPU as "load generator").

Linux only, as root: cgroup v2 (cpu.max) or v1 (cpu.cfs_quota_us); anything else is a clear error.
"""

from __future__ import annotations

import math
import os
import time
from pathlib import Path

# CFS's default period is 100 ms: a throttled worker would stall for 50 ms at a time. Even 10 ms slices
# cost a worker at half a core a fifth of its frames and a third of its epochs against 2 ms slices (25
# clients of TF's task: 9.5-10 vs 11.7-12.6 frames/s, 38-62 vs 57-89 epochs/s), an artefact: a slow CPU
# never stalls. The kernel's smallest quota is 1 ms, so the period is the shortest that allows it.
MIN_PERIOD_US, MIN_QUOTA_US = 2_000, 1_000
ROOT = Path("/sys/fs/cgroup")


class CpuShareError(RuntimeError):
    pass


def _base() -> tuple[Path, int]:
    """(the directory new groups go in, the cgroup version)."""
    if (ROOT / "cgroup.controllers").exists():
        return ROOT, 2
    if (ROOT / "cpu" / "cpu.cfs_quota_us").exists():
        return ROOT / "cpu", 1
    raise CpuShareError("no cgroup CPU controller under /sys/fs/cgroup (Linux with cgroups v1 or v2 needed)")


class CpuShare:
    """Groups of at most `share` of one core each; `put(pid)` moves a process into a new one."""

    def __init__(self, share: float):
        if not 0.05 <= share <= 1.0:
            raise CpuShareError(f"--cpu-share {share}: give a fraction of one core between 0.05 and 1")
        self.share = share
        self.base, self.version = _base()
        self._groups: list[Path] = []
        if self.version == 2:  # the root's children may use the cpu controller only once it is enabled
            try:
                (self.base / "cgroup.subtree_control").write_text("+cpu")
            except OSError as e:
                raise CpuShareError(f"cannot enable the cgroup v2 cpu controller: {e}") from e

    def put(self, pid: int) -> None:
        """Move process `pid` (all its threads) into a group of its own with the quota."""
        group = self.base / f"playground-bench-{os.getpid()}-{len(self._groups)}"
        period = max(MIN_PERIOD_US, math.ceil(MIN_QUOTA_US / self.share))
        quota = max(MIN_QUOTA_US, int(self.share * period))
        try:
            group.mkdir()
            self._groups.append(group)
            if self.version == 2:
                (group / "cpu.max").write_text(f"{quota} {period}")
            else:
                (group / "cpu.cfs_period_us").write_text(str(period))
                (group / "cpu.cfs_quota_us").write_text(str(quota))
            (group / "cgroup.procs").write_text(str(pid))
        except OSError as e:
            raise CpuShareError(f"cannot set a CPU quota (root needed): {e}") from e

    def release(self, pid: int) -> None:
        """Move `pid` back to the root group (no quota)."""
        (self.base / "cgroup.procs").write_text(str(pid))

    def close(self) -> None:
        """Remove the groups (a group whose processes have all exited or left can be removed)."""
        deadline = time.monotonic() + 5  # a stopped server's last process may take a moment to exit
        for group in self._groups:
            while True:
                try:
                    group.rmdir()
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        break
                    time.sleep(0.1)
        self._groups.clear()
