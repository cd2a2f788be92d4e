"""Random or grid sampling of hyperparameters on a linear, log or 1 - 10^r scale.

Each range maps a unit number u in [0, 1] to a value:
    linear         min + u (max - min)
    log            10^r,      r = log10(min) + u (log10(max) - log10(min))     (equal share per decade)
    one_minus_log  1 - 10^r,  r = log10(1 - min) + u (log10(1 - max) - log10(1 - min))
Random search draws u uniformly per trial and per hyperparameter, so n trials try n distinct values of each
one; a grid with the same budget tries only its side (about n^(1/k) values) of each.
"""

from __future__ import annotations

import itertools
import math

import numpy as np

from playground.config import ParamRange, SweepConfig
from playground.tuning.space import is_integer


def from_unit(u: np.ndarray, rng: ParamRange, integer: bool = False) -> np.ndarray:
    """Map unit numbers u (n,) in [0, 1] to values of the range (n,); integers are rounded."""
    u = np.asarray(u, dtype=np.float64)
    if rng.values is not None:
        idx = np.minimum((u * len(rng.values)).astype(np.int64), len(rng.values) - 1)
        out = np.asarray(rng.values, dtype=np.float64)[idx]
    elif rng.scale == "linear":
        out = rng.min + u * (rng.max - rng.min)
    elif rng.scale == "log":
        lo, hi = math.log10(rng.min), math.log10(rng.max)
        out = 10.0 ** (lo + u * (hi - lo))
    else:  # one_minus_log
        lo, hi = math.log10(1.0 - rng.min), math.log10(1.0 - rng.max)
        out = 1.0 - 10.0 ** (lo + u * (hi - lo))
    if rng.values is None:
        out = np.clip(out, rng.min, rng.max)  # 10^log10(x) can miss x by an ulp
    return np.round(out) if integer else out


def grid_sides(trials: int, caps: list[int | None]) -> list[int]:
    """The most balanced grid with at most `trials` points; a values list caps its axis at its length."""
    sides = [1] * len(caps)
    while True:
        open_axes = [i for i, c in enumerate(caps) if c is None or sides[i] < c]
        if not open_axes:
            return sides
        i = min(open_axes, key=lambda j: sides[j])  # grow the shortest axis first
        if math.prod(sides) // sides[i] * (sides[i] + 1) > trials:
            return sides
        sides[i] += 1


def _grid_units(side: int, n_values: int | None) -> np.ndarray:
    """Unit numbers of one grid axis: evenly spaced with both ends, or spread picks of a values list."""
    if n_values is not None:
        idx = np.round(np.linspace(0, n_values - 1, side)) if side > 1 else np.array([0.0])
        return (idx + 0.5) / n_values
    return np.linspace(0.0, 1.0, side) if side > 1 else np.array([0.5])


def unit_matrix(sweep: SweepConfig) -> np.ndarray:
    """(n, k) unit numbers, one row per trial, one column per hyperparameter in `params` order."""
    ranges = list(sweep.params.values())
    if sweep.method == "random":
        return np.random.default_rng(sweep.seed).random((sweep.trials, len(ranges)))
    caps = [len(r.values) if r.values is not None else None for r in ranges]
    sides = grid_sides(sweep.trials, caps)
    axes = [_grid_units(s, c) for s, c in zip(sides, caps, strict=True)]
    return np.array(list(itertools.product(*axes)), dtype=np.float64).reshape(-1, len(ranges))


def sample_trials(sweep: SweepConfig) -> list[dict[str, float | int]]:
    """The trials' hyperparameter values: one dict per trial, keys in `params` order. Same seed, same list."""
    units = unit_matrix(sweep)
    columns = {}
    for j, (name, rng) in enumerate(sweep.params.items()):
        columns[name] = from_unit(units[:, j], rng, integer=is_integer(name))
    return [
        {name: (int(col[i]) if is_integer(name) else float(col[i])) for name, col in columns.items()}
        for i in range(units.shape[0])
    ]
