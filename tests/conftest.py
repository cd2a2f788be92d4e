"""Shared fixtures: a real `playground serve` (uvicorn) on a free loopback port, and headless Chromium."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "artifacts"
CHROMIUM = "/usr/bin/chromium"
# As root, in a sandboxed machine with no network but the package registries: no sandbox, no GPU, and no
# background connections (refused here, and slow to fail).
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveServer:
    """A `playground serve` subprocess; `url` is its http base, `ws` its websocket base."""

    def __init__(self, *extra: str):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.ws = f"ws://127.0.0.1:{self.port}"
        cmd = [
            sys.executable,
            "-m",
            "playground.cli",
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
        ]
        self.proc = subprocess.Popen(
            [*cmd, *extra], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env={**os.environ}
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited: {self.proc.stdout.read().decode(errors='replace')}")
            try:
                with urllib.request.urlopen(self.url + "/health", timeout=1) as r:
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError("server did not answer /health within 30 s")

    def workers(self) -> list:
        """psutil.Process of each `--workers` process: children spawned by multiprocessing (not its resource
        tracker, not a private redis-server)."""
        import psutil

        kids = psutil.Process(self.proc.pid).children()
        return [p for p in kids if "spawn_main" in " ".join(p.cmdline())]

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()


@pytest.fixture(scope="session")
def live_server() -> Iterator[LiveServer]:
    server = LiveServer()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def browser():
    # Module scope: Playwright's sync API runs an asyncio loop on this thread while it is open, which would
    # break later tests that call asyncio.run(); it closes after each browser test module.
    """Headless Debian Chromium through Playwright (never a downloaded one); missing = failure, not skip."""
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), f"{CHROMIUM} is missing: .ci/run installs Debian's chromium"
    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM,
            args=CHROMIUM_FLAGS,
        )
        yield b
        b.close()


@pytest.fixture()
def page(browser, request):
    """A fresh browser context and page; console errors and page errors fail the test."""
    # English explicitly: the pages follow the browser's preferred language (i18n.js), and the tests read
    # English texts; tests/browser/test_i18n_zh.py opens the pages in Chinese itself
    context = browser.new_context(viewport={"width": 1280, "height": 720}, locale="en-US")
    pg = context.new_page()
    errors: list[str] = []
    pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.console_errors = errors
    yield pg
    context.close()
    assert not errors, f"console errors: {errors}"


def screenshot(pg, name: str) -> Path:
    """Save a screenshot artifact under artifacts/ (look at it)."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    pg.screenshot(path=str(path), full_page=True)
    return path
