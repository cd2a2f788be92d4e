"""The EWA lab's numbers: a series (shipped or given), its averages for each beta, and the past-day weights.

All averaging goes through ``playground.engine.ewa`` (the helper momentum, RMSprop and Adam use):

    v_t = beta * v_{t-1} + (1 - beta) * theta_t,   v_0 = 0;   corrected: v_t / (1 - beta^t)

Units: shipped series and ``values`` are degC; ``unit="F"`` converts theta to degF *before* averaging. That
order matters for the uncorrected curve: its weights sum to 1 - beta^t, not 1, so averaging in degC and
converting afterwards would put the +32 offset in the wrong place (v_1 would be 32.16 degF, not 0.8 degF, for
the course's first day of 40 degF at beta = 0.98).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from playground.engine.ewa import ewa_series, past_weights
from playground.ewa_data import Series, load_series

MAX_WEIGHT_DAYS = 2000  # the weights plot shows at most this many past days


@dataclass(frozen=True)
class EwaResult:
    """values (T,) in `unit`; averages (B, T) as cfg.bias_correction says; uncorrected (B, T) always."""

    series: Series
    unit: str
    betas: tuple[float, ...]
    bias_correction: bool
    values: np.ndarray
    averages: np.ndarray
    uncorrected: np.ndarray


def to_unit(values_c: np.ndarray, unit: str) -> np.ndarray:
    """degC (T,) -> `unit` (T,): F = C * 9/5 + 32."""
    v = np.asarray(values_c, dtype=np.float64)
    return v * 1.8 + 32.0 if unit == "F" else v.copy()


def source_series(cfg) -> Series:
    """The series a config names: its own ``values`` if given, else the shipped ``series``."""
    if cfg.values is not None:
        return Series("values", tuple(cfg.values), None, "Your own series")
    return load_series(cfg.series)


def compute(cfg) -> EwaResult:
    """Averages of an EwaConfig-like cfg (series/values, betas, bias_correction, unit)."""
    series = source_series(cfg)
    values = to_unit(np.array(series.values), cfg.unit)
    betas = np.asarray(cfg.betas, dtype=np.float64)
    uncorrected = ewa_series(values, betas, bias_correction=False)
    averages = ewa_series(values, betas, bias_correction=True) if cfg.bias_correction else uncorrected
    return EwaResult(series, cfg.unit, tuple(cfg.betas), cfg.bias_correction, values, averages, uncorrected)


def window_days(beta: float) -> float:
    """The course's rule of thumb: v averages about 1 / (1 - beta) days."""
    return 1.0 / (1.0 - beta)


def e_folding_days(beta: float) -> float | None:
    """Days k after which beta^k falls to 1/e: k = 1 / ln(1/beta), about 1/(1 - beta); None for beta 0."""
    return 1.0 / math.log(1.0 / beta) if beta > 0.0 else None


def weight_days(betas) -> int:
    """How many past days the weights plot shows: three windows of the largest beta, at least 10."""
    return int(min(MAX_WEIGHT_DAYS, max(10, math.ceil(3.0 * window_days(max(betas)) - 1e-9))))


def weights(betas) -> np.ndarray:
    """(B, D) weights (1 - beta) beta^k that v_t gives theta_{t-k}, k = 0..D-1 (engine's past_weights)."""
    d = weight_days(betas)
    return np.stack([past_weights(b, d) for b in betas])
