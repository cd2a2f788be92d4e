"""A small Python API for notebooks (and the CLI and server): build a config, train it, read the results.

>>> from playground.api import run, train, predict_grid
>>> result = run({"dataset": "moons", "hidden": [8, 8], "epochs": 200}, history=True)
>>> result["dev_accuracy"], len(result["history"]["train_cost"])
>>> trainer = train({"dataset": "circles"}); grid = predict_grid(trainer, 50)
"""

from __future__ import annotations

import math
import sys
import time

from playground.config import ExperimentConfig
from playground.engine.trainer import Trainer
from playground.validation import parse_model

PROGRESS_DELAY = 1.0  # seconds before the progress bar appears (short runs print nothing)


def as_config(config: ExperimentConfig | dict) -> ExperimentConfig:
    """A validated ExperimentConfig (ConfigError naming the field for bad input)."""
    return config if isinstance(config, ExperimentConfig) else parse_model(ExperimentConfig, config)


def _finite(x: float | None) -> float | None:
    return x if x is not None and math.isfinite(x) else None


def train(config: ExperimentConfig | dict) -> Trainer:
    """Build a Trainer and train it until it stops (completed, early stopping or diverged)."""
    trainer = Trainer(as_config(config))
    _train_to_end(trainer, progress=False)
    return trainer


def _train_to_end(trainer: Trainer, progress: bool) -> None:
    total = trainer.cfg.epochs
    chunk = max(1, total // 200)
    if not progress:
        while trainer.stopped is None and trainer.train_epochs(chunk):
            pass
        return
    from tqdm import tqdm

    with tqdm(total=total, unit="epoch", file=sys.stderr, delay=PROGRESS_DELAY, leave=False) as bar:
        while trainer.stopped is None:
            done = trainer.train_epochs(chunk)
            if not done:
                break
            bar.update(done)


def summary(trainer: Trainer, seconds: float, history: bool = False) -> dict:
    """The `playground run` JSON object for a trained Trainer (null where a split is empty or non-finite)."""
    out = {}
    for name in ("train", "dev", "test"):
        cost, accuracy = trainer.evaluate(name)
        out[f"{name}_cost"] = _finite(cost)
        out[f"{name}_accuracy"] = _finite(accuracy)
    result = {
        **{k: out[k] for k in ("train_cost", "dev_cost", "test_cost")},
        **{k: out[k] for k in ("train_accuracy", "dev_accuracy", "test_accuracy")},
        "epochs_run": trainer.epoch,
        "steps": trainer.steps,
        "seconds": seconds,
        "steps_per_second": trainer.steps / seconds if seconds > 0 else None,
        "stopped": trainer.stopped or "completed",
    }
    if history:
        result["history"] = {k: list(v) for k, v in trainer.history.items()}
    return result


def run(config: ExperimentConfig | dict, history: bool = False, progress: bool = False) -> dict:
    """Train one experiment; return exactly the `playground run` JSON object.

    seconds: training time only (data, features and network are built before the clock starts).
    """
    trainer = Trainer(as_config(config), history=history)  # no history: no per-epoch metrics to compute
    start = time.perf_counter()
    _train_to_end(trainer, progress)
    seconds = time.perf_counter() - start
    return summary(trainer, seconds, history)


def predict_grid(trainer: Trainer, resolution: int = 100) -> dict:
    """{"x1": [r], "x2": [r], "probs": [r][r][K]} over the dataset's plot bounds; probs[i2][i1] belongs to
    the point (x1[i1], x2[i2])."""
    xs, ys, probs = trainer.boundary_grid(resolution)
    return {"x1": xs.tolist(), "x2": ys.tolist(), "probs": probs.tolist()}
