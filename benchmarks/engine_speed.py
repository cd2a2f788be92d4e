"""Engine speed beside a bare NumPy loop, PyTorch, and TF Playground's default task.

    python benchmarks/engine_speed.py [--repeats 5] [--seconds 0.25]

Every contender trains the same data (circles) with the same batch size, tanh hidden units and a sigmoid
output, in one process, interleaved round by round (so machine noise hits all alike). Rates are medians of
the rounds; ratios are medians of the ratios within each round. PyTorch runs eagerly on the CPU with one
thread, in float64 like the others; without torch its column says so. BLAS uses one thread for everyone.
Like its rivals, the engine computes no costs in the steps/s table (Trainer(history=False), what
`playground run` without --history does). The TF Playground table also shows the engine as the live app runs
it: train and dev cost and accuracy after every epoch (a forward pass over both splits) for the curves.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from types import SimpleNamespace

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "backend"))
# One BLAS thread for every contender (as the app runs; see playground/__init__.py), set before NumPy loads.
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import numpy as np  # noqa: E402

from benchmarks.engine_contenders import BareLoop, TorchLoop, UnrolledTF  # noqa: E402
from playground.config import ExperimentConfig  # noqa: E402
from playground.engine.datasets import make_dataset  # noqa: E402
from playground.engine.trainer import Trainer  # noqa: E402

NETS = [
    ("2-4-2-1", [4, 2], 10),
    ("2-8-8-1", [8, 8], 64),
    ("2-8-8-8-8-8-8-1", [8] * 6, 0),
    ("2-64-64-1", [64, 64], 64),
]
TF_PLAYGROUND_EPOCHS_PER_S = 8000  # its JavaScript engine in Node 20 on this machine (issue 2)


def torch_or_none():
    try:
        import torch
    except ImportError:
        return None
    torch.set_num_threads(1)
    return torch


def engine(hidden, batch, optimizer, lr, n_samples, dev_ratio, history=False) -> Trainer:
    cfg = ExperimentConfig(
        dataset="circles", n_samples=n_samples, dev_ratio=dev_ratio, hidden=hidden, activation="tanh",
        init="xavier", optimizer=optimizer, learning_rate=lr, mini_batch_size=batch, epochs=1_000_000,
        normalize_inputs=False,
    )  # fmt: skip
    return Trainer(cfg, history=history)


def rate(run, units: int) -> float:
    """units / seconds of one run(units) call."""
    start = time.perf_counter()
    run(units)
    return units / (time.perf_counter() - start)


def measure(contenders: dict, seconds: float, repeats: int) -> dict[str, float]:
    """Median rate per contender, and "a/b" = the median over rounds of the ratio within a round.

    contenders: name -> run(n); n is calibrated to ~`seconds` a run. Each round runs every contender once,
    back to back, in a rotating order, so a burst of load from elsewhere hits one round, not one contender.
    """
    names = list(contenders)
    sizes = {}
    for name, run in contenders.items():
        r = rate(run, 50)  # warm-up and calibration
        sizes[name] = max(10, int(r * seconds))
    rounds = []
    for i in range(repeats):
        order = names[i % len(names) :] + names[: i % len(names)]
        rounds.append({name: rate(contenders[name], sizes[name]) for name in order})
    out = {name: statistics.median(r[name] for r in rounds) for name in names}
    for a in names:
        for b in names:
            out[f"{a}/{b}"] = statistics.median(r[a] / r[b] for r in rounds)
    return out


def data_500():
    cfg = SimpleNamespace(dataset="circles", n_samples=500, noise=0.1, classes=2, dev_ratio=0.0,
                          test_ratio=0.0, data_seed=0, points=[], dev_points=[], test_points=[])  # fmt: skip
    d = make_dataset(cfg)
    return d.train.X.T.copy(), d.train.y


def nets_table(args, torch) -> list[str]:
    X, y = data_500()
    lines = [
        f"Adam, 500 training points, steps/s (median of {args.repeats}):",
        f"{'net':<18}{'batch':>6}{'engine':>10}{'bare loop':>11}{'PyTorch':>10}"
        f"{'eng/bare':>10}{'eng/torch':>10}",
    ]
    for label, hidden, batch in NETS:
        contenders = {
            "engine": engine(hidden, batch, "adam", 0.01, 500, 0.0).train_steps,
            "bare": BareLoop(X, y, hidden, batch).run,
        }
        if torch is not None:
            contenders["torch"] = TorchLoop(X, y, hidden, batch).run
        r = measure(contenders, args.seconds, args.repeats)
        t = f"{r['torch']:>10,.0f}" if torch is not None else f"{'n/a':>10}"
        ratio_t = f"{r['engine/torch']:>9.1f}x" if torch is not None else f"{'n/a':>10}"
        lines.append(
            f"{label:<18}{batch or 500:>6}{r['engine']:>10,.0f}{r['bare']:>11,.0f}{t}"
            f"{r['engine/bare']:>9.2f}x{ratio_t}"
        )
    if torch is None:
        lines.append("PyTorch: torch not installed (pip install torch==2.13.0 to compare)")
    return lines


def tf_table(args) -> list[str]:
    lines = [
        "TF Playground's default task (circle, 500 points, half training, 2-4-2-1 tanh, batch 10), epochs/s:",
        f"{'optimizer':<11}{'engine':>9}{'hand-unrolled':>15}{'eng/hand':>10}{'engine+history':>16}"
        f"{'TF Playground':>15}",
    ]
    for optimizer, lr in (("gd", 0.03), ("adam", 0.03)):
        bare, live = (
            engine([4, 2], 10, optimizer, lr, 500, 0.5),
            engine([4, 2], 10, optimizer, lr, 500, 0.5, True),
        )
        hand = UnrolledTF(bare.dataset.train.X.T.copy(), bare.dataset.train.y, 10, optimizer, lr)
        contenders = {"engine": bare.train_epochs, "hand": hand.run, "live": live.train_epochs}
        r = measure(contenders, args.seconds, args.repeats)
        name = "SGD 0.03" if optimizer == "gd" else "Adam 0.03"
        lines.append(
            f"{name:<11}{r['engine']:>9,.0f}{r['hand']:>15,.0f}{r['engine/hand']:>9.2f}x"
            f"{r['live']:>16,.0f}{TF_PLAYGROUND_EPOCHS_PER_S:>15,}"
        )
    lines.append("(engine+history: with the per-epoch train/dev cost and accuracy of the live app;")
    lines.append(" TF Playground: its scalar JS engine in Node 20 on this machine, as reported in issue 2)")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=0.25, help="target duration of one timed run")
    args = parser.parse_args()
    torch = torch_or_none()
    print(f"numpy {np.__version__}, torch {torch.__version__ if torch else 'not installed'}, one process")
    with np.errstate(all="ignore"):
        print("\n".join(nets_table(args, torch)))
        print()
        print("\n".join(tf_table(args)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
