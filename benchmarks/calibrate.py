"""How fast this machine is right now, and what one live student costs, measured in this process.

    python benchmarks/calibrate.py               # calibration + per-student cost breakdown, TF's task
    python benchmarks/calibrate.py --task page   # ... the playground page's default experiment

`calibrate()` is what benchmarks/ws_load.py runs before its load, so a capacity figure always comes with the
machine speed it was measured at: lone epochs/s of the exact task headless (a Trainer with its per-epoch
train+dev metrics, as a live session trains it), of TF Playground's task (the README's reference: 2,923
epochs/s, `playground run` on SGD 0.03), a frame's render time, and the machine's load.

`breakdown()` splits a student's cost into its parts, in microseconds: a lone epoch, a member-epoch in a
stacked cohort (and the end-of-epoch evaluation inside it), and a frame (boundary grid forward pass, neuron
grids, cost points, weights, header + encoding). The socket's share (websocket send, the event loop) is not
here: ws_load.py's profile (py-spy) measured it under load; see the README.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time

import numpy as np
import psutil

from playground.config import ExperimentConfig
from playground.engine.cohort import Cohort, cohort_key
from playground.engine.trainer import Trainer
from playground.server import display, train_frames
from playground.server.display import BoundaryCache
from playground.server.protocol import ViewOptions

# TensorFlow Playground's default: circle, 500 points half for training, [4, 2] tanh, batch 10, lr 0.03
TF_DEFAULT = {"dataset": "circles", "n_samples": 500, "dev_ratio": 0.5, "noise": 0.0, "hidden": [4, 2]}
TF_DEFAULT |= {"activation": "tanh", "optimizer": "gd", "learning_rate": 0.03, "mini_batch_size": 10}
TF_DEFAULT |= {"epochs": 1_000_000}
# the playground page's own default experiment (Adam, 300 training points in batches of 32)
TASKS = {"tf": TF_DEFAULT, "page": {"epochs": 1_000_000}}
# The README's machine-speed reference: TF's task headless with per-epoch train+dev metrics (README,
# "Benchmarks": 2,923 epochs/s), the figure the issue compares a slow day against.
REFERENCE_EPOCHS_PER_S = 2923


def trainer(task: str, seed: int = 0) -> Trainer:
    tr = Trainer(ExperimentConfig(**TASKS[task], seed=seed))
    tr.history.keep = 20_000  # as a live session (session.HISTORY_KEEP)
    return tr


def lone_epochs_per_s(task: str, rounds: int = 5, seconds: float = 0.2) -> tuple[float, float]:
    """Medians over `rounds` of epochs of one Trainer training alone (per-epoch metrics included) per
    wall-clock second and per second of this thread's CPU time (what a shared machine's other processes do
    not take away: the wall-clock figure falls when they run, the CPU figure only when the CPU is slower)."""
    tr = trainer(task)
    tr.train_epochs(5)  # warm the step programs up
    wall, cpu = [], []
    for _ in range(rounds):
        e0, t0, c0 = tr.epoch, time.perf_counter(), time.thread_time()
        while time.perf_counter() - t0 < seconds:
            tr.train_epochs(5)
        wall.append((tr.epoch - e0) / (time.perf_counter() - t0))
        cpu.append((tr.epoch - e0) / max(1e-9, time.thread_time() - c0))
    return statistics.median(wall), statistics.median(cpu)


def render_ms(task: str, frames: int = 30) -> float:
    """Median ms (wall clock, like the lone epochs/s) of one frame as a live session renders it when the
    picture moved (train_frames.render with a display cache that does not reuse; the default view: 100 x 100
    boundary, neuron grids)."""
    tr, cache = trainer(task), BoundaryCache()
    cache.reuse = False
    view, times = ViewOptions(), []
    for k in range(frames):
        tr.train_epochs(3)
        t0 = time.perf_counter()
        train_frames.render(tr, view, max(0, tr.history.epochs - 3), {"seq": k}, cache)
        times.append(time.perf_counter() - t0)
    return 1000 * statistics.median(times)


class CpuMeter:
    """CPU-seconds used by the whole machine and by `ours` (processes and their children) between start()
    and stop(): what other processes took is the difference."""

    def __init__(self, *pids: int):
        self.pids = pids

    def _ours(self) -> float:
        procs: dict[int, psutil.Process] = {}  # by pid: a server started by this process is its child too
        for pid in self.pids:
            try:
                p = psutil.Process(pid)
                procs |= {q.pid: q for q in [p, *p.children(recursive=True)]}
            except psutil.Error:  # a process that just ended
                pass
        total = 0.0
        for q in procs.values():
            try:
                t = q.cpu_times()
                total += t.user + t.system
            except psutil.Error:
                pass
        return total

    @staticmethod
    def _busy() -> float:
        t = psutil.cpu_times()
        return sum(t) - t.idle - getattr(t, "iowait", 0.0)

    def start(self) -> None:
        self.t0, self.busy0, self.ours0 = time.perf_counter(), self._busy(), self._ours()

    def stop(self) -> dict:
        wall = time.perf_counter() - self.t0
        busy, ours = self._busy() - self.busy0, self._ours() - self.ours0
        return {
            "cores_busy": busy / wall,
            "cores_ours": ours / wall,
            "cores_others": max(0.0, busy - ours) / wall,  # other helpers' tests, the desktop, ...
            "load_average_1min": os.getloadavg()[0],
            "seconds": wall,
        }


def calibrate(task: str) -> dict:
    """The machine's speed now: lone epochs/s of `task` and of TF's task, render ms, load (see module doc)."""
    meter = CpuMeter(os.getpid())
    meter.start()
    load0 = os.getloadavg()[0]
    eps, eps_cpu = lone_epochs_per_s(task)
    ref, ref_cpu = (eps, eps_cpu) if task == "tf" else lone_epochs_per_s("tf")
    out = {
        "task": task,
        "lone_epochs_per_s": eps,
        "lone_epochs_per_cpu_s": eps_cpu,
        "tf_task_epochs_per_s": ref,
        "tf_task_epochs_per_cpu_s": ref_cpu,
        "reference_epochs_per_s": REFERENCE_EPOCHS_PER_S,
        "speed_vs_reference": ref / REFERENCE_EPOCHS_PER_S,  # wall clock: what a student would see
        "cpu_speed_vs_reference": ref_cpu / REFERENCE_EPOCHS_PER_S,  # the CPU itself (the README's was quiet)
        "render_ms_median": render_ms(task),
        "load_average_1min_before": load0,
    }
    return out | {"machine": meter.stop()}


def show_calibration(c: dict) -> str:
    m = c["machine"]
    return (
        f"calibration: {c['task']} task alone {c['lone_epochs_per_s']:,.0f} epochs/s; TF's task "
        f"{c['tf_task_epochs_per_s']:,.0f} epochs/s = {100 * c['speed_vs_reference']:.0f}% of the README's "
        f"{c['reference_epochs_per_s']:,} ({c['tf_task_epochs_per_cpu_s']:,.0f} per CPU-second = "
        f"{100 * c['cpu_speed_vs_reference']:.0f}%); frame render {c['render_ms_median']:.2f} ms (median); "
        f"load average {c['load_average_1min_before']:.2f}, other processes {m['cores_others']:.2f} cores "
        "while calibrating"
    )


def _median_us(fn, repeat: int) -> float:
    """Median CPU time of fn() in us (this thread's CPU time: other processes' turns on a shared machine do
    not count, a slower CPU does)."""
    times = []
    for _ in range(repeat):
        t0 = time.thread_time()
        fn()
        times.append(time.thread_time() - t0)
    return 1e6 * statistics.median(times)


def _interleaved_us(parts: dict, rounds: int) -> dict[str, float]:
    """Median CPU us of each callable, measured side by side: every round runs each once, in turn, so a
    noisy spell of a shared machine hits all of them alike."""
    times: dict[str, list[float]] = {name: [] for name in parts}
    for _ in range(rounds):
        for name, fn in parts.items():
            t0 = time.thread_time()
            fn()
            times[name].append(time.thread_time() - t0)
    return {name: 1e6 * statistics.median(v) for name, v in times.items()}


def cohort_member_epoch_us(task: str, members: int) -> tuple[float, float, float]:
    """(us per member-epoch of a stacked cohort of `members` runs; us of one run's end-of-epoch work alone
    (metrics + history); us per member of the cohort's stacked end-of-epoch metrics)."""
    runs = [trainer(task, seed) for seed in range(members)]
    cohort = Cohort(cohort_key(runs[0]))
    for tr in runs:
        cohort.join(tr)
    spe = runs[0].steps_per_epoch
    cohort.run(spe)
    per_epoch = _median_us(lambda: cohort.run(5 * spe), 9) / (5 * members)
    for tr in runs:
        cohort.sync(tr)
    alone = _median_us(Trainer(runs[0].cfg)._end_epoch, 50)

    def stacked() -> None:  # what Cohort.run does after its steps when every member ended an epoch
        for tr in runs:
            cohort._later_add(tr)
        cohort._evaluate_later()

    return per_epoch, alone, _median_us(stacked, 50) / members


def frame_parts_us(task: str) -> dict[str, float]:
    """CPU us of each part of one default frame (train_frames.render), medians of 80 interleaved rounds:
    without the display shortcuts (float64, what `boundary=None` still gives) and with them (float32 fresh,
    reused, a hidden tab's frame, the overloaded server's coarse grid)."""
    tr, view = trainer(task), ViewOptions()
    tr.train_epochs(20)
    r = view.resolution
    F = tr._grid(r)[2]
    F32 = F.astype(np.float32)
    cache, probe, laid_out = BoundaryCache(), display.PROBE, {}
    cache.reuse = False
    parts = {
        "boundary_forward_float64": lambda: tr.boundary_grid(r),
        "boundary_forward_float32": lambda: display.proba_float32(tr.network, F32),
        "boundary_forward_laid_out": lambda: display.forward32(laid_out, tr, r).proba(),
        "boundary_probe_float64": lambda: tr.boundary_grid(probe),
        "boundary_probe": lambda: display.forward32(laid_out, tr, probe).proba(),
        "boundary_cached_fresh": lambda: cache.arrays(tr, r),
        "neuron_grids": lambda: tr.neuron_grids(view.neuron_resolution),
        "cost_points": lambda: train_frames.cost_points(tr.history, tr.history.epochs - 3),
        "frame_arrays_float64": lambda: train_frames.frame_arrays(tr, view, tr.layer_params()),
        "frame_arrays_float32": lambda: train_frames.frame_arrays(tr, view, tr.layer_params(), cache),
        "render_total_before": lambda: train_frames.render(tr, view, tr.history.epochs - 3, {"seq": 0}),
        "render_total_float32": lambda: train_frames.render(
            tr, view, tr.history.epochs - 3, {"seq": 0}, cache
        ),
        "render_total_hidden": lambda: train_frames.render(tr, view, tr.history.epochs - 3, {}, cache, False),
        "render_total_coarse": lambda: train_frames.render(
            tr, view, tr.history.epochs - 3, {}, cache, True, r // 2
        ),
    }
    reuser = BoundaryCache()  # reuses: nothing trains between these frames
    reuser.arrays(tr, r)
    parts["render_total_reused"] = lambda: train_frames.render(tr, view, tr.history.epochs - 3, {}, reuser)
    out = _interleaved_us(parts, 80)
    out["header_and_encode"] = out["render_total_before"] - out["frame_arrays_float64"] - out["cost_points"]
    return out


def breakdown(task: str, members: int = 25) -> dict:
    lone = 1e6 / lone_epochs_per_s(task)[1]
    member, eval_us, stacked_eval_us = cohort_member_epoch_us(task, members)
    return {
        "task": task,
        "lone_epoch_us": lone,
        "cohort_members": members,
        "cohort_member_epoch_us": member,
        "end_of_epoch_eval_us": eval_us,
        "cohort_eval_per_member_us": stacked_eval_us,
        "frame_us": frame_parts_us(task),
    }


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--task", choices=list(TASKS), default="tf")
    p.add_argument("--members", type=int, default=25, help="runs in the stacked cohort measured")
    p.add_argument("--json", help="also write the results to this file")
    args = p.parse_args()
    cal = calibrate(args.task)
    print(show_calibration(cal), flush=True)
    b = breakdown(args.task, args.members)
    print(
        f"per student ({args.task}): lone epoch {b['lone_epoch_us']:.0f} us (CPU); member-epoch in a cohort "
        f"of {args.members}: {b['cohort_member_epoch_us']:.0f} us, of which end-of-epoch evaluation "
        f"{b['cohort_eval_per_member_us']:.0f} us (a run alone: {b['end_of_epoch_eval_us']:.0f} us)"
    )
    print("frame parts (us): " + ", ".join(f"{k} {v:.0f}" for k, v in b["frame_us"].items()))
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"calibration": cal, "breakdown": b}, f, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
