"""Sweep speed: 100 trials of TF Playground's default task, stacked (one batched computation) beside 100
sequential engine runs, with the results compared.

    python benchmarks/sweep_speed.py [--trials 100] [--epochs 100] [--repeats 3]

The task: circles without noise, 500 points, half for training, 2-4-2-1 tanh, batch 10, SGD, raw inputs (as
in TensorFlow Playground), with the learning rate sampled log-uniformly in [1e-3, 1]. "sequential" trains one
engine Trainer after the other (each builds its data, as `playground run` would); "stacked" is what
`playground sweep` does with trials that share an architecture; "chunks of 20" is the web lab's way with 100
trials (it streams results chunk by chunk).
The three run interleaved, repeat by repeat, in one process; figures are medians. One BLAS thread.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "backend"))
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

from playground.config import SweepConfig  # noqa: E402
from playground.tuning.runner import plan  # noqa: E402
from playground.tuning.trial import METRICS, run_group  # noqa: E402

TF_DEFAULT = {
    "dataset": "circles", "noise": 0.0, "n_samples": 500, "dev_ratio": 0.5, "hidden": [4, 2],
    "activation": "tanh", "init": "xavier", "optimizer": "gd", "learning_rate": 0.03, "mini_batch_size": 10,
    "normalize_inputs": False,
}  # fmt: skip


def sweep_config(trials: int, epochs: int) -> SweepConfig:
    return SweepConfig.model_validate(
        {
            "base": {**TF_DEFAULT, "epochs": epochs},
            "params": {"learning_rate": {"min": 1e-3, "max": 1.0, "scale": "log"}},
            "trials": trials,
        }
    )


def timed(fn) -> tuple[float, list[dict]]:
    start = time.perf_counter()
    out = fn()
    return time.perf_counter() - start, out


def run_tasks(tasks, stacked: bool) -> list[dict]:
    return sorted(
        (r for base, items in tasks for r in run_group(base, items, stacked)), key=lambda r: r["index"]
    )


def max_difference(a: list[dict], b: list[dict]) -> float:
    """Largest |difference| of the four metrics over all trials (statuses and epochs must agree)."""
    worst = 0.0
    for x, y in zip(a, b, strict=True):
        assert (x["status"], x["epochs"]) == (y["status"], y["epochs"]), (x, y)
        for k in METRICS:
            if x[k] is None or y[k] is None:
                assert x[k] is None and y[k] is None, (k, x, y)
            else:
                worst = max(worst, abs(x[k] - y[k]))
    return worst


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=100)
    parser.add_argument("--epochs", type=int, default=100)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    sweep = sweep_config(args.trials, args.epochs)
    whole, _ = plan(sweep)
    chunked, _ = plan(sweep, chunk=20)
    contenders = {
        "sequential": lambda: run_tasks(whole, stacked=False),
        "stacked": lambda: run_tasks(whole, stacked=True),
        "chunks of 20": lambda: run_tasks(chunked, stacked=True),
    }
    times: dict[str, list[float]] = {k: [] for k in contenders}
    results: dict[str, list[dict]] = {}
    for _ in range(args.repeats):
        for name, fn in contenders.items():
            seconds, results[name] = timed(fn)
            times[name].append(seconds)
    base = statistics.median(times["sequential"])
    print(
        f"{args.trials} trials x {args.epochs} epochs of TF Playground's default task, lr log-uniform 1e-3..1"
    )
    print(f"{'':<14}{'median s':>10}{'speed-up':>10}{'max |diff| vs sequential':>27}")
    for name in contenders:
        med = statistics.median(times[name])
        diff = max_difference(results["sequential"], results[name])
        print(f"{name:<14}{med:>10.3f}{base / med:>9.1f}x{diff:>27.1e}")
    diverged = sum(r["status"] == "diverged" for r in results["sequential"])
    print(f"(repeats: {args.repeats}; diverged trials: {diverged}; times: {times})")


if __name__ == "__main__":
    main()
