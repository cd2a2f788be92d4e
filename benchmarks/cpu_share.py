"""A slower machine, emulated: a CPU quota per process with the kernel's CFS bandwidth control (cgroups).

The issue's target holds "even when the calibration runs at half the README's speed", a day this shared
machine gives when it likes. `ws_load.py --cpu-share 0.5` makes that day on demand: the calibration and
every process of the server (each worker, the supervisor) may use at most half of one core's time per
wall-clock second, in slices of PERIOD_US, so a lone run trains half as many epochs a second and a worker
(event loop and training thread) gets half a core, as a 2-core machine of half-speed cores gives it.

What it does not copy: a slow day's cores are slow all the time; a quota runs at full speed, then stops
for the rest of its 10 ms slice (a frame can be up to ~5 ms late), and it leaves caches as they are. The
simulated clients stay outside the quota: on a slow day they too would run slowly, taking ~0.15 cores of
the server's share (ws_load.py reports their CPU as "load generator").

Linux only, as root: cgroup v2 (cpu.max) or v1 (cpu.cfs_quota_us); anything else is a clear error.
"""

from __future__ import annotations

import os
from pathlib import Path

PERIOD_US = 10_000  # CFS's default is 100 ms: a throttled worker would stall for 50 ms at a time
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
        quota = int(self.share * PERIOD_US)
        try:
            group.mkdir()
            self._groups.append(group)
            if self.version == 2:
                (group / "cpu.max").write_text(f"{quota} {PERIOD_US}")
            else:
                (group / "cpu.cfs_period_us").write_text(str(PERIOD_US))
                (group / "cpu.cfs_quota_us").write_text(str(quota))
            (group / "cgroup.procs").write_text(str(pid))
        except OSError as e:
            raise CpuShareError(f"cannot set a CPU quota (root needed): {e}") from e

    def release(self, pid: int) -> None:
        """Move `pid` back to the root group (no quota)."""
        (self.base / "cgroup.procs").write_text(str(pid))

    def close(self) -> None:
        """Remove the groups (a group whose processes have all exited or left can be removed)."""
        for group in self._groups:
            try:
                group.rmdir()
            except OSError:
                pass
        self._groups.clear()
