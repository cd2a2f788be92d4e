"""What the web tuning lab accepts (the CLI has only the schema's caps): trials, executor and total work."""

from __future__ import annotations

from playground.config import ExperimentConfig, SweepConfig
from playground.tuning.sampling import sample_trials
from playground.tuning.space import apply_params, sweepable_fields
from playground.validation import ConfigError

WEB_MAX_TRIALS = 200
# Sample-epochs (trials x epochs x training points) one web sweep may ask for. 100 trials of the default task
# (500 epochs, 300 training points) are 1.5e7; the cap leaves 10x room and bounds one user's share of the box.
WEB_BUDGET = 1.5e8


def work(sweep: SweepConfig) -> float:
    """Sample-epochs of the whole sweep, counting each trial's own epochs and training-set size."""
    total = 0.0
    for params in sample_trials(sweep):
        try:
            cfg = apply_params(sweep.base, params)
        except ValueError:
            continue  # an invalid combination is reported, not trained
        total += cfg.epochs * training_points(cfg)
    return total


def training_points(cfg: ExperimentConfig) -> int:
    """Training examples per epoch (generated split, drawn points, augmentation copies)."""
    if cfg.dataset == "custom":
        n = len(cfg.points)
    else:
        n = cfg.n_samples - round(cfg.n_samples * cfg.dev_ratio) - round(cfg.n_samples * cfg.test_ratio)
    return max(n, 1) * (1 + cfg.augment_copies)


def check_web(sweep: SweepConfig) -> None:
    """ConfigError naming the field when a sweep is too big, or not local, for the shared web server."""
    if sweep.executor != "local":
        raise ConfigError(
            "executor", "the web lab trains in the server; use `playground sweep` for processes or dask"
        )
    if sweep.trials > WEB_MAX_TRIALS:
        raise ConfigError(
            "trials",
            f"the web lab runs at most {WEB_MAX_TRIALS} trials; use `playground sweep`",
            sweep.trials,
        )
    asked = work(sweep)
    if asked > WEB_BUDGET:
        raise ConfigError(
            "trials",
            f"this sweep asks for {asked:.3g} sample-epochs (trials x epochs x training points); the web lab "
            f"allows {WEB_BUDGET:.3g}: lower trials, base.epochs or base.n_samples (or use the CLI)",
        )


def field_table() -> dict[str, dict]:
    """Every sweepable field: integer or not, and its bounds from the JSON Schema (for the page's form)."""
    props = ExperimentConfig.model_json_schema()["properties"]
    out = {}
    for name, kind in sweepable_fields().items():
        p = props.get(name, {})
        low = p.get("minimum", p.get("exclusiveMinimum"))
        high = p.get("maximum", p.get("exclusiveMaximum"))
        out[name] = {"integer": kind is int, "min": low, "max": high, "description": p.get("description", "")}
    out["hidden_units"].update(
        min=1, max=props["hidden"]["items"]["maximum"], description="Width of every hidden layer."
    )
    out["layers"].update(min=0, max=props["hidden"]["maxItems"], description="Number of hidden layers.")
    return out
