"""`playground sweep`: JSON trials on stdout, a progress bar on stderr, one-line errors naming the field."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

SWEEP = {
    "base": {"epochs": 20, "n_samples": 200},
    "params": {
        "learning_rate": {"min": 1e-3, "max": 1.0, "scale": "log"},
        "mini_batch_size": {"values": [16, 64]},
    },
    "trials": 8,
    "seed": 5,
}
KEYS = {
    "index",
    "params",
    "train_cost",
    "dev_cost",
    "train_accuracy",
    "dev_accuracy",
    "seconds",
    "status",
    "epochs",
}


def sweep(tmp_path: Path, data: dict | str, *args: str) -> subprocess.CompletedProcess:
    path = tmp_path / "sweep.json"
    path.write_text(data if isinstance(data, str) else json.dumps(data))
    cmd = [sys.executable, "-m", "playground.cli", "sweep", str(path), *args]
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=120)


def trials_of(proc: subprocess.CompletedProcess) -> list[dict]:
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)["trials"]


def without_seconds(trials: list[dict]) -> list[dict]:
    return [{k: v for k, v in t.items() if k != "seconds"} for t in trials]


def test_prints_every_trial_as_json_with_a_progress_bar_on_stderr(tmp_path):
    proc = sweep(tmp_path, SWEEP)
    trials = trials_of(proc)
    assert [t["index"] for t in trials] == list(range(8))
    for t in trials:
        assert set(t) == KEYS
        assert 1e-3 <= t["params"]["learning_rate"] <= 1.0 and t["params"]["mini_batch_size"] in (16, 64)
        assert 0.0 <= t["dev_accuracy"] <= 1.0 and t["train_cost"] > 0 and t["seconds"] >= 0
        assert t["status"] == "completed" and t["epochs"] == 20
    assert "8/8" in proc.stderr and "trial" in proc.stderr
    assert proc.stdout.count("\n") == 1  # stdout carries the JSON only


def test_same_seed_same_sweep_and_the_process_pool_agrees(tmp_path):
    first = trials_of(sweep(tmp_path, SWEEP, "--no-progress"))
    again = trials_of(sweep(tmp_path, SWEEP, "--no-progress"))
    pooled = trials_of(sweep(tmp_path, SWEEP, "--no-progress", "--executor", "processes", "--workers", "2"))
    assert without_seconds(first) == without_seconds(again) == without_seconds(pooled)
    other = trials_of(sweep(tmp_path, {**SWEEP, "seed": 6}, "--no-progress"))
    assert [t["params"] for t in other] != [t["params"] for t in first]


def test_a_grid_tries_only_its_side(tmp_path):
    trials = trials_of(sweep(tmp_path, {**SWEEP, "method": "grid", "trials": 9, "base": {"epochs": 2}}))
    assert len({t["params"]["learning_rate"] for t in trials}) == 4  # 4 x 2 values fit in 9 trials
    assert len(trials) == 8


def test_a_diverged_trial_is_marked_and_the_sweep_goes_on(tmp_path):
    data = {
        "base": {"epochs": 10, "optimizer": "momentum", "activation": "linear", "hidden": [8, 8]},
        "params": {"learning_rate": {"values": [0.01, 10.0, 0.1]}},
        "trials": 3,
        "method": "grid",
    }
    trials = trials_of(sweep(tmp_path, data))
    assert [t["status"] for t in trials] == ["completed", "diverged", "completed"]
    assert trials[1]["train_cost"] is None and trials[1]["epochs"] < 10


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (
            {**SWEEP, "params": {"learning_rate": {"min": 1.0, "max": 0.1}}},
            "params.learning_rate: min must be below",
        ),
        ({**SWEEP, "params": {"l2": {"min": 0, "max": 1, "scale": "log"}}}, "params.l2: a log scale"),
        (
            {**SWEEP, "params": {"beta": {"min": 0.5, "max": 1.0, "scale": "one_minus_log"}}},
            "must lie in (0, 1)",
        ),
        ({**SWEEP, "params": {"momentum": {"min": 0.5, "max": 0.9}}}, "'momentum' is not a numeric field"),
        ({**SWEEP, "trials": 5000}, "trials: Input should be less than or equal to 1000"),
        ({**SWEEP, "method": "sobol"}, "method"),
        ("{not json", "malformed JSON"),
    ],
)
def test_bad_input_exits_2_with_one_line_naming_the_field(tmp_path, data, words):
    proc = sweep(tmp_path, data)
    assert proc.returncode == 2 and proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and words in lines[0], proc.stderr


def test_a_dask_address_that_does_not_answer_is_a_clear_error(tmp_path):
    proc = sweep(tmp_path, SWEEP, "--dask", "tcp://127.0.0.1:9")
    assert proc.returncode == 2
    assert "dask_address: no Dask scheduler answers at tcp://127.0.0.1:9" in proc.stderr
