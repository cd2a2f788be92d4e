"""`playground race CONFIG.json`: paths and costs from the start point; bad input exits 2 naming the field."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def playground(tmp_path: Path, config) -> subprocess.CompletedProcess:
    path = tmp_path / "race.json"
    path.write_text(config if isinstance(config, str) else json.dumps(config))
    cmd = [sys.executable, "-m", "playground.cli", "race", str(path)]
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=60)


def test_prints_paths_and_costs_from_the_start(tmp_path):
    cfg = {"surface": "course_quadratic", "start": [0, 0], "steps": 1000,
           "optimizers": {"gd": {"learning_rate": 0.01}, "adam": {"learning_rate": 0.1}}}  # fmt: skip
    out = playground(tmp_path, cfg)
    assert out.returncode == 0, out.stderr
    res = json.loads(out.stdout)
    assert set(res["paths"]) == set(res["costs"]) == {"gd", "adam"}
    gd = res["paths"]["gd"]
    assert gd[0] == [0.0, 0.0] and len(gd) == 1001
    assert gd[1] == pytest.approx([0.1, 0.1])  # w - 0.01 * (2w - 10) at w = 0
    assert gd[-1] == pytest.approx([5.0, 5.0], abs=1e-6)  # the course's framework example
    assert res["costs"]["gd"][0] == 50.0  # J(0, 0) = 25 + 25


def test_a_diverging_racer_is_cut_not_printed_as_nan(tmp_path):
    cfg = {"surface": "rosenbrock", "start": [-1.5, 2.0], "steps": 300,
           "optimizers": {"gd": {"learning_rate": 0.05}, "adam": {}}}  # fmt: skip
    out = playground(tmp_path, cfg)
    assert out.returncode == 0, out.stderr
    assert "NaN" not in out.stdout and "Infinity" not in out.stdout
    res = json.loads(out.stdout)
    stop = res["diverged"]["gd"]
    assert len(res["paths"]["gd"]) == stop and all(math.isfinite(v) for p in res["paths"]["gd"] for v in p)
    assert len(res["paths"]["adam"]) == 301 and "adam" not in res["diverged"]


def test_dataset_logistic_uses_the_data_fields(tmp_path):
    cfg = {"surface": "dataset_logistic", "steps": 5, "optimizers": {"gd": {}},
           "data": {"dataset": "moons", "n_samples": 200, "data_seed": 3}}  # fmt: skip
    out = playground(tmp_path, cfg)
    assert out.returncode == 0, out.stderr
    res = json.loads(out.stdout)
    assert res["paths"]["gd"][0] == [-6.0, 6.0] and len(res["paths"]["gd"]) == 6
    assert res["costs"]["gd"][-1] < res["costs"]["gd"][0]


@pytest.mark.parametrize(
    ("config", "field"),
    [
        ({"surface": "rosenbrock", "start": [5, 0]}, "start"),
        ({"optimizers": {"adam": {"learning_rate": 0}}}, "optimizers.adam.learning_rate"),
        ({"optimizers": {"gd": {"learning_rate": -0.1}}}, "optimizers.gd.learning_rate"),
        ({"learning_rate": 0}, "learning_rate"),
        ('{"start": [NaN, 0]}', "NaN"),
        ({"surface": "moon"}, "surface"),
        ({"optimizers": {"sgd": {}}}, "optimizers"),
        ({"steps": 0}, "steps"),
    ],
)
def test_bad_input_exits_2_with_one_clear_line(tmp_path, config, field):
    out = playground(tmp_path, config)
    assert out.returncode == 2
    assert out.stdout == ""
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and field in lines[0], lines
