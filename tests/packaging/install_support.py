"""A real non-editable install: the wheel built from a copy of the sources, installed with its dependencies
into a fresh venv (no system site-packages, so nothing of this checkout or its editable install is visible),
used from a directory outside the repo with PYTHONPATH unset. Built once per test session and shared by the
test modules that ask for it through `installed_once`.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

SOURCES = ("pyproject.toml", "setup.py", "README.md", "backend", "frontend", "shared")
JUPYTER = ("ipykernel>=6.25",)  # the example notebook's kernel (nbconvert runs from the test environment)


@dataclass
class Install:
    wheel: Path
    venv: Path
    outside: Path  # a working directory outside the repo
    seconds: dict

    @property
    def python(self) -> Path:
        return self.venv / "bin" / "python"

    def bin(self, name: str) -> Path:
        return self.venv / "bin" / name

    def env(self, **extra: str) -> dict:
        """The environment of a user's shell: this venv first on PATH, no PYTHONPATH, no PLAYGROUND_*."""
        drop = ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")
        env = {k: v for k, v in os.environ.items() if k not in drop and not k.startswith("PLAYGROUND_")}
        env["PATH"] = f"{self.venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
        return {**env, **extra}

    def run(self, *cmd, timeout: float = 120, **kw) -> subprocess.CompletedProcess:
        return subprocess.run(
            [str(c) for c in cmd], cwd=self.outside, env=self.env(), capture_output=True, text=True,
            timeout=timeout, **kw,
        )  # fmt: skip


def _check(cmd: list, **kw) -> None:
    p = subprocess.run([str(c) for c in cmd], capture_output=True, text=True, **kw)
    assert p.returncode == 0, f"{' '.join(map(str, cmd))} failed:\n{p.stdout[-3000:]}\n{p.stderr[-3000:]}"


_BUILT: list[Install] = []  # one install per session, whichever module asks first


def installed_once(tmp_path_factory: pytest.TempPathFactory) -> Install:
    """The session's install (built on the first call): for a session-scoped fixture in each test module."""
    if not _BUILT:
        _BUILT.append(build(tmp_path_factory.mktemp("install")))
    return _BUILT[0]


def build(base: Path) -> Install:
    src, dist, venv, outside = base / "src", base / "dist", base / "venv", base / "elsewhere"
    outside.mkdir()
    src.mkdir()
    seconds = {}
    ignore = shutil.ignore_patterns("__pycache__", "*.egg-info", "build", "*.pyc")
    for name in SOURCES:  # a copy: a stale build/ in the checkout must not leak into the wheel
        (shutil.copytree if (ROOT / name).is_dir() else shutil.copy2)(ROOT / name, src / name, **(
            {"ignore": ignore} if (ROOT / name).is_dir() else {}))  # fmt: skip
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    t = time.perf_counter()
    _check([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", dist, src], env=env, timeout=600)
    seconds["wheel"] = time.perf_counter() - t
    (wheel,) = dist.glob("training_playground-*.whl")
    t = time.perf_counter()
    _check([sys.executable, "-m", "venv", venv], env=env, timeout=300)
    seconds["venv"] = time.perf_counter() - t
    t = time.perf_counter()
    _check([venv / "bin" / "python", "-m", "pip", "install", "-q", f"{wheel}[notebook]", *JUPYTER],
           env=env, cwd=outside, timeout=1200)  # fmt: skip
    seconds["install"] = time.perf_counter() - t
    print(f"\nnon-editable install: {', '.join(f'{k} {v:.1f} s' for k, v in seconds.items())}")
    return Install(wheel, venv, outside, seconds)
