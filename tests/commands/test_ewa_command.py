"""`playground ewa CONFIG.json`: JSON out, exit 2 with one line on a bad config."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run(config: str | dict, tmp_path: Path) -> subprocess.CompletedProcess:
    path = tmp_path / "ewa.json"
    path.write_text(config if isinstance(config, str) else json.dumps(config))
    return subprocess.run(
        [sys.executable, "-m", "playground.cli", "ewa", str(path)], cwd=ROOT, capture_output=True, text=True
    )


def test_values_and_averages(tmp_path):
    p = run({"values": [40, 50, 60], "betas": [0.98, 0.5], "bias_correction": False}, tmp_path)
    assert p.returncode == 0, p.stderr
    out = json.loads(p.stdout)
    assert out["values"] == [40, 50, 60]
    assert set(out["averages"]) == {"0.98", "0.5"}
    assert out["averages"]["0.98"][0] == pytest.approx(0.8)  # (1 - 0.98) * 40
    assert out["averages"]["0.5"] == pytest.approx([20.0, 35.0, 47.5])  # v = 0.5 v + 0.5 theta


def test_shipped_series_is_deterministic_and_corrected_by_default(tmp_path):
    a = run({"series": "seattle_2013", "betas": [0.9]}, tmp_path)
    b = run({"series": "seattle_2013", "betas": [0.9]}, tmp_path)
    assert a.returncode == 0 and a.stdout == b.stdout
    out = json.loads(a.stdout)
    assert len(out["values"]) == 365 and len(out["averages"]["0.9"]) == 365
    assert out["averages"]["0.9"][0] == pytest.approx(out["values"][0])  # corrected v1 = theta1


def test_default_config_is_one_year_of_seattle(tmp_path):
    out = json.loads(run({}, tmp_path).stdout)
    assert len(out["values"]) == 366 and list(out["averages"]) == ["0.5", "0.9", "0.98"]
    whole = json.loads(run({"series": "seattle_2012_2015"}, tmp_path).stdout)
    assert len(whole["values"]) == 1461 and whole["values"][:366] == out["values"]


@pytest.mark.parametrize(
    ("config", "needle"),
    [
        ('{"betas": [1.0]}', "betas[0]"),
        ('{"series": "paris"}', "series: unknown series 'paris'"),
        ('{"values": []}', "values must not be empty"),
        ('{"values": [1, NaN]}', "values[1]: must be a finite number (got NaN)"),
        ('{"values": [1e308, 1e308], "unit": "F"}', "values[0]: Input should be less than or equal"),
        ('{"values": [1, "2"]}', "values[1]: Input should be a valid number"),
        ('{"betas": [0.9, 0.9]}', "betas: 0.9 is listed twice"),
        ('{"series": "seattle_2013", "values": [1, 2]}', "series, values: give one source, not both"),
        ('{"beta": 0.9}', "beta: unknown key"),
        ('{"unit": "K"}', "unit"),
        ("{not json", "malformed JSON"),
    ],
)
def test_bad_config_exits_2_with_one_line(tmp_path, config, needle):
    p = run(config, tmp_path)
    assert p.returncode == 2 and p.stdout == ""
    lines = p.stderr.strip().splitlines()
    assert len(lines) == 1 and needle in lines[0], p.stderr
