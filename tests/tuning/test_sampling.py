"""Sampling on the right scale (course week 3): log-uniform decades, 1 - 10^r for betas, random vs grid."""

from __future__ import annotations

import math

import numpy as np

from playground.config import SweepConfig
from playground.tuning.sampling import grid_sides, sample_trials


def sweep(params: dict, trials: int = 25, method: str = "random", seed: int = 0) -> SweepConfig:
    return SweepConfig.model_validate({"params": params, "trials": trials, "method": method, "seed": seed})


def binomial_band(n: int, p: float, sigmas: float = 5.0) -> tuple[float, float]:
    """Counts of a Binomial(n, p) lie within `sigmas` standard deviations of n p."""
    sd = math.sqrt(n * p * (1 - p))
    return n * p - sigmas * sd, n * p + sigmas * sd


def test_log_scale_puts_an_equal_share_in_each_decade():
    n = 1000  # the cap (MAX_TRIALS)
    alphas = np.array(
        [
            t["learning_rate"]
            for t in sample_trials(
                sweep({"learning_rate": {"min": 1e-4, "max": 1.0, "scale": "log"}}, trials=n)
            )
        ]
    )
    assert alphas.min() >= 1e-4 and alphas.max() <= 1.0
    counts = np.histogram(np.log10(alphas), bins=[-4, -3, -2, -1, 0])[0]
    lo, hi = binomial_band(n, 0.25)
    assert all(lo <= c <= hi for c in counts), counts
    # The contrast the course draws: a linear scale spends 90 % of the trials in the top decade.
    linear = np.array(
        [
            t["learning_rate"]
            for t in sample_trials(
                sweep({"learning_rate": {"min": 1e-4, "max": 1.0, "scale": "linear"}}, trials=n)
            )
        ]
    )
    lo, hi = binomial_band(n, (1.0 - 0.1) / (1.0 - 1e-4))
    assert lo <= np.sum(linear >= 0.1) <= hi


def test_one_minus_log_concentrates_near_one():
    n = 1000  # the cap (MAX_TRIALS)
    betas = np.array(
        [
            t["beta"]
            for t in sample_trials(
                sweep({"beta": {"min": 0.9, "max": 0.999, "scale": "one_minus_log"}}, trials=n)
            )
        ]
    )
    assert betas.min() >= 0.9 and betas.max() <= 0.999
    # 1 - beta is log-uniform on [1e-3, 1e-1]: half of the trials land in 0.99..0.999 (averaging over 100 to
    # 1000 values), where a linear scale would put only 0.009 / 0.099 = 9 % of them.
    lo, hi = binomial_band(n, 0.5)
    assert lo <= np.sum(betas >= 0.99) <= hi
    lo, hi = binomial_band(n, 0.25)
    assert lo <= np.sum((1 - betas) <= 10**-2.5) <= hi


def test_random_tries_as_many_values_as_trials_while_a_grid_tries_its_side():
    params = {
        "learning_rate": {"min": 1e-4, "max": 1.0, "scale": "log"},
        "epsilon": {"min": 1e-10, "max": 1e-6, "scale": "log"},
    }
    rand = sample_trials(sweep(params, trials=25, method="random"))
    grid = sample_trials(sweep(params, trials=25, method="grid"))
    assert len(rand) == len(grid) == 25
    for name in params:
        assert len({t[name] for t in rand}) == 25
        assert len({t[name] for t in grid}) == 5


def test_same_seed_same_sweep_other_seed_other_sweep():
    params = {
        "learning_rate": {"min": 1e-3, "max": 1.0, "scale": "log"},
        "hidden_units": {"min": 1, "max": 8},
    }
    assert sample_trials(sweep(params, seed=7)) == sample_trials(sweep(params, seed=7))
    assert sample_trials(sweep(params, seed=7)) != sample_trials(sweep(params, seed=8))


def test_integer_fields_are_integers_in_range_and_values_lists_are_respected():
    trials = sample_trials(
        sweep(
            {
                "mini_batch_size": {"min": 8, "max": 256, "scale": "log"},
                "layers": {"values": [1, 2, 3]},
            },
            trials=200,
        )
    )
    sizes = [t["mini_batch_size"] for t in trials]
    assert all(isinstance(s, int) and 8 <= s <= 256 for s in sizes)
    assert {t["layers"] for t in trials} == {1, 2, 3}


def test_grid_ends_are_the_range_ends_and_spacing_follows_the_scale():
    grid = sample_trials(sweep({"learning_rate": {"min": 1e-4, "max": 1.0, "scale": "log"}}, 5, "grid"))
    assert np.allclose([t["learning_rate"] for t in grid], [1e-4, 1e-3, 1e-2, 1e-1, 1.0], rtol=1e-12)
    grid = sample_trials(sweep({"beta": {"min": 0.9, "max": 0.999, "scale": "one_minus_log"}}, 3, "grid"))
    assert np.allclose([t["beta"] for t in grid], [0.9, 0.99, 0.999], rtol=1e-12)


def test_grid_sides_are_balanced_within_the_budget():
    assert grid_sides(25, [None, None]) == [5, 5]
    assert grid_sides(30, [None, None]) == [6, 5]
    assert grid_sides(100, [None, None, None]) == [5, 5, 4]
    assert grid_sides(20, [2, None]) == [2, 10]  # a 2-value list caps its axis
    assert grid_sides(1, [None, None]) == [1, 1]
