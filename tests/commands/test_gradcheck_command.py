"""`playground gradcheck` through a real subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def gradcheck(tmp_path: Path, text: str) -> subprocess.CompletedProcess:
    p = tmp_path / "cfg.json"
    p.write_text(text)
    return subprocess.run(
        [sys.executable, "-m", "playground.cli", "gradcheck", str(p)],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def test_gradcheck_prints_difference_and_verdict(tmp_path):
    cfg = {"dataset": "blobs", "classes": 3, "n_samples": 60, "hidden": [4, 3], "batch_norm": True,
           "l2": 0.5, "keep_prob": 0.5, "features": ["x1", "x2", "x1x2", "sin_x1"]}  # fmt: skip
    r = gradcheck(tmp_path, json.dumps(cfg))
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert set(out) == {"difference", "verdict"}
    assert out["difference"] < 1e-7 and out["verdict"] == "fine"


def test_gradcheck_bad_config(tmp_path):
    r = gradcheck(tmp_path, '{"init": "glorot"}')
    assert r.returncode == 2 and "init" in r.stderr and len(r.stderr.strip().splitlines()) == 1
