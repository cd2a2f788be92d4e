"""The EWA lab's numbers: the course's worked example, closed forms, units and the weights plot."""

from __future__ import annotations

import math
from types import SimpleNamespace

import numpy as np
import pytest

from playground.ewa_lab import compute, e_folding_days, to_unit, weight_days, weights, window_days


def cfg(values=None, series=None, betas=(0.98,), bias_correction=True, unit="C"):
    return SimpleNamespace(
        values=values, series=series, betas=list(betas), bias_correction=bias_correction, unit=unit
    )


def test_course_first_day_40F():
    # Lecture: beta = 0.98, v0 = 0, theta_1 = 40 degF. v1 = 0.98 * 0 + 0.02 * 40 = 0.8 (the "8" is
    # what the same formula gives for beta = 0.8); bias correction divides by 1 - 0.98 = 0.02 and gives 40.
    raw = compute(cfg(values=[40.0], bias_correction=False)).averages[0, 0]
    assert raw == pytest.approx(0.8, rel=1e-12)
    assert compute(cfg(values=[40.0], betas=[0.8], bias_correction=False)).averages[0, 0] == pytest.approx(
        8.0
    )
    assert compute(cfg(values=[40.0])).averages[0, 0] == pytest.approx(40.0, rel=1e-12)


def test_course_second_day():
    # v2 = 0.98 * 0.02 * theta1 + 0.02 * theta2 = 0.0196 theta1 + 0.02 theta2
    # corrected: divided by 1 - 0.98^2 = 0.0396
    r = compute(cfg(values=[40.0, 50.0]))
    assert r.uncorrected[0, 1] == pytest.approx(0.0196 * 40 + 0.02 * 50, rel=1e-12)
    assert r.averages[0, 1] == pytest.approx((0.0196 * 40 + 0.02 * 50) / 0.0396, rel=1e-12)


@pytest.mark.parametrize("beta", [0.0, 0.5, 0.9, 0.98, 0.999])
def test_constant_series_stays_constant_with_bias_correction(beta):
    r = compute(cfg(values=[12.5] * 300, betas=[beta]))
    assert np.allclose(r.averages[0], 12.5, rtol=1e-12, atol=0)
    # without correction it starts too low (the course's purple curve) and climbs to 12.5
    if beta > 0:
        assert r.uncorrected[0, 0] == pytest.approx((1 - beta) * 12.5)
        assert np.all(np.diff(r.uncorrected[0]) >= 0)


def test_corrected_average_is_the_normalized_weighted_mean():
    theta = np.random.default_rng(3).normal(10.0, 5.0, 120)
    betas = [0.5, 0.9, 0.98]
    r = compute(cfg(values=theta.tolist(), betas=betas))
    for b, row in zip(betas, r.averages, strict=True):
        for t in (1, 2, 7, 60, 120):
            w = b ** (t - np.arange(1, t + 1))  # beta^(t-i), i = 1..t
            assert row[t - 1] == pytest.approx(np.sum(w * theta[:t]) / np.sum(w), rel=1e-10)


def test_units_convert_before_averaging():
    r = compute(cfg(values=[40.0, 10.0], unit="F", bias_correction=False))
    f = [104.0, 50.0]
    assert r.values.tolist() == pytest.approx(f)
    assert r.uncorrected[0, 0] == pytest.approx(0.02 * 104.0)  # not 0.02 * 40 * 1.8 + 32
    assert to_unit(np.array([0.0, 100.0, -40.0]), "F").tolist() == [32.0, 212.0, -40.0]
    # the corrected curve is a weighted mean, so converting commutes with it
    rc, rf = compute(cfg(values=[3.0, 7.0, 1.0])), compute(cfg(values=[3.0, 7.0, 1.0], unit="F"))
    assert np.allclose(rf.averages, rc.averages * 1.8 + 32.0)


def test_shipped_series():
    r = compute(cfg(series="seattle_2012", betas=[0.5, 0.9, 0.98]))
    assert r.values.shape == (366,) and r.averages.shape == (3, 366) and r.uncorrected.shape == (3, 366)
    assert r.series.dates[0] == "2012-01-01" and r.series.dates[-1] == "2012-12-31"
    assert np.isfinite(r.averages).all()
    # larger beta = smoother curve: smaller day-to-day changes
    roughness = np.abs(np.diff(r.averages, axis=1)).mean(axis=1)
    assert roughness[0] > roughness[1] > roughness[2]


def test_window_and_weights():
    assert window_days(0.9) == pytest.approx(10.0) and window_days(0.98) == pytest.approx(50.0)
    # 0.9^10 = 0.349 ~ 1/e: the weights fall to about 1/e of the newest after ~1/(1-beta) days
    assert e_folding_days(0.9) == pytest.approx(9.49, abs=0.01)
    assert 0.9 ** e_folding_days(0.9) == pytest.approx(1 / math.e)
    assert e_folding_days(0.0) is None
    w = weights([0.9, 0.5])
    assert w.shape == (2, weight_days([0.9, 0.5])) == (2, 30)
    assert w[0, :3].tolist() == pytest.approx([0.1, 0.1 * 0.9, 0.1 * 0.9**2])  # the course's 0.1, 0.09, 0.081
    assert weight_days([0.9999]) == 2000
