"""`playground run` through a real subprocess: the JSON contract, determinism, errors, divergence."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
KEYS = [
    "train_cost", "dev_cost", "test_cost", "train_accuracy", "dev_accuracy", "test_accuracy",
    "epochs_run", "steps", "seconds", "steps_per_second", "stopped",
]  # fmt: skip


def playground(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "playground.cli", *args],
        cwd=ROOT, capture_output=True, text=True, input=stdin, timeout=120,
    )  # fmt: skip


def write(tmp_path: Path, obj) -> str:
    p = tmp_path / "cfg.json"
    p.write_text(obj if isinstance(obj, str) else json.dumps(obj))
    return str(p)


def test_run_prints_the_documented_object(tmp_path):
    cfg = {"dataset": "moons", "n_samples": 200, "epochs": 40, "test_ratio": 0.2, "mini_batch_size": 16}
    r = playground("run", write(tmp_path, cfg))
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert list(out) == KEYS
    assert out["stopped"] == "completed" and out["epochs_run"] == 40
    # 200 points: 50 dev, 40 test, 110 training -> ceil(110 / 16) = 7 steps per epoch
    assert out["steps"] == 40 * 7
    assert 0.0 <= out["train_accuracy"] <= 1.0 and out["test_cost"] > 0
    assert out["steps_per_second"] == pytest.approx(out["steps"] / out["seconds"])
    assert "Traceback" not in r.stderr


def test_same_config_same_output_except_seconds(tmp_path):
    path = write(tmp_path, {"epochs": 15, "keep_prob": 0.8, "batch_norm": True, "seed": 4})
    a, b = (json.loads(playground("run", path, "--history", "--quiet").stdout) for _ in range(2))
    for d in (a, b):
        d.pop("seconds")
        d.pop("steps_per_second")
    assert a == b
    assert set(a["history"]) == {"train_cost", "dev_cost", "train_accuracy", "dev_accuracy"}
    assert len(a["history"]["train_cost"]) == 15


def test_empty_splits_are_null(tmp_path):
    out = json.loads(playground("run", write(tmp_path, {"epochs": 2, "dev_ratio": 0})).stdout)
    assert out["dev_cost"] is None and out["dev_accuracy"] is None and out["test_cost"] is None


def test_diverging_run_stops_cleanly(tmp_path):
    cfg = {"optimizer": "gd", "learning_rate": 10, "init": "random", "init_scale": 100,
           "activation": "linear", "epochs": 50}  # fmt: skip
    r = playground("run", write(tmp_path, cfg), "--history")
    assert r.returncode == 0 and "Traceback" not in r.stderr and "Warning" not in r.stderr
    out = json.loads(r.stdout)  # json.loads accepts NaN: check the text too
    assert out["stopped"] == "diverged" and "NaN" not in r.stdout and "Infinity" not in r.stdout


def test_early_stopping_is_reported(tmp_path):
    cfg = {"n_samples": 60, "noise": 0.5, "dev_ratio": 0.5, "hidden": [32, 32], "activation": "relu",
           "init": "he", "learning_rate": 0.05, "mini_batch_size": 0, "epochs": 3000,
           "early_stopping": 3}  # fmt: skip
    out = json.loads(playground("run", write(tmp_path, cfg), "--quiet").stdout)
    assert out["stopped"] == "early_stopping" and out["epochs_run"] < 3000


@pytest.mark.parametrize(
    "text, field",
    [
        ('{"hidden": [100]}', "hidden[0]"),
        ('{"optimizer": "sgd"}', "optimizer"),
        ('{"learning_rate": "fast"}', "learning_rate"),
        ('{"bogus": 1}', "bogus"),
        ('{"epochs": 10,', "malformed JSON"),
        ('{"dataset": "custom", "classes": 2, "points": [[0, 0, 5]]}', "points[0]"),
    ],
)
def test_bad_config_exits_2_with_one_line(tmp_path, text, field):
    r = playground("run", write(tmp_path, text))
    assert r.returncode == 2 and r.stdout == ""
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and field in lines[0] and "Traceback" not in r.stderr


def test_missing_file_and_stdin(tmp_path):
    r = playground("run", str(tmp_path / "nope.json"))
    assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1
    r = playground("run", "-", "--quiet", stdin='{"epochs": 3}')
    assert r.returncode == 0 and json.loads(r.stdout)["epochs_run"] == 3


def test_progress_bar_on_stderr_for_long_runs_only(tmp_path):
    # ~75,000 steps per 400 epochs: 1.2 s on a fast day, so under tqdm's one-second delay at times; 1,200
    # epochs take ~3.5 s on the fastest day seen (and ~15 s at a quarter of that speed)
    long_run = write(tmp_path, {"n_samples": 2000, "epochs": 1200, "mini_batch_size": 8})
    r = playground("run", long_run)
    assert r.returncode == 0 and "epoch" in r.stderr  # tqdm's bar, shown after one second
    assert json.loads(r.stdout)["seconds"] > 1.0
    assert playground("run", long_run, "--quiet").stderr == ""
    assert playground("run", write(tmp_path, {"epochs": 2})).stderr == ""
