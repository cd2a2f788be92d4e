"""The CLI contract under hostile input: no traceback; bad input exits 2 with one line; Ctrl-C exits 130."""

from __future__ import annotations

import json
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CUSTOM_EMPTY = {"dataset": "custom"}


def playground(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "playground.cli", *args], cwd=ROOT, capture_output=True, text=True, timeout=120
    )


def write(tmp_path: Path, content: str | bytes | dict) -> str:
    p = tmp_path / "cfg.json"
    if isinstance(content, bytes):
        p.write_bytes(content)
    else:
        p.write_text(content if isinstance(content, str) else json.dumps(content), encoding="utf-8")
    return str(p)


def assert_one_line(p: subprocess.CompletedProcess, needle: str) -> None:
    assert p.returncode == 2 and p.stdout == "", p.stderr
    lines = p.stderr.strip().splitlines()
    assert len(lines) == 1 and needle in lines[0], p.stderr


@pytest.mark.parametrize(
    ("command", "content", "needle"),
    [
        ("run", '{"epochs": 1' + "0" * 5000 + "}", "an integer has more than"),
        ("run", "[" * 100_000, "nested too deeply"),
        ("run", '{"epochs": 3, "epochs": 4}', 'duplicate key "epochs"'),
        ("run", '{"epochs": true}', "epochs: Input should be a valid integer (got true)"),
        ("run", '{"learning_rate": NaN}', "learning_rate: must be a finite number (got NaN)"),
        ("run", '{"early_stopping": 5, "dev_ratio": 0}', "early_stopping: needs a dev set"),
        ("run", CUSTOM_EMPTY, "points: custom data needs at least one training point"),
        ("gradcheck", CUSTOM_EMPTY, "points: custom data needs at least one training point"),
        ("sweep", {"base": CUSTOM_EMPTY, "params": {"l2": {"min": 0, "max": 1}}}, "base.points: custom"),
        ("ewa", {"values": [1e308, 1e308], "betas": [0.5], "unit": "F"}, "values[0]"),
        ("race", '{"start": [1, 2], "start": [0, 0]}', 'duplicate key "start"'),
        ("run", "null", "expected a JSON object, got null"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(tmp_path, command, content, needle):
    assert_one_line(playground(command, write(tmp_path, content)), needle)


def test_sweeping_hidden_units_of_a_network_without_hidden_layers_is_refused(tmp_path):
    sweep = {"base": {"hidden": []}, "params": {"hidden_units": {"min": 2, "max": 8}}, "trials": 3}
    assert_one_line(
        playground("sweep", write(tmp_path, sweep)), "params.hidden_units: the base network has no"
    )


def test_a_utf8_bom_file_is_read(tmp_path):
    p = playground("run", "--quiet", write(tmp_path, b'\xef\xbb\xbf{"epochs": 2, "n_samples": 20}'))
    assert p.returncode == 0, p.stderr
    assert json.loads(p.stdout)["epochs_run"] == 2


def test_ctrl_c_during_a_long_run_exits_130_without_a_traceback(tmp_path):
    cfg = write(tmp_path, {"epochs": 1_000_000, "n_samples": 400, "mini_batch_size": 8})
    proc = subprocess.Popen(
        [sys.executable, "-m", "playground.cli", "run", cfg],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        # Ctrl-C in a terminal: a suite started in the background by a shell (`... &`) inherits SIGINT
        # ignored, and Python then rightly keeps it ignored (nohup's meaning), so the run would never stop
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    try:
        # the progress bar appears on stderr once the run is past a second: training is under way
        ready, _, _ = select.select([proc.stderr], [], [], 60)
        assert ready, "no progress bar within 60 s"
        time.sleep(0.2)
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 130, err
    assert b"Traceback" not in err and b"KeyboardInterrupt" not in err and out == b""
