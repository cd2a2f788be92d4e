"""`playground serve`: flags become Settings and uvicorn options; the Dockerfile's CMD starts the app."""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import ROOT, free_port

from playground.commands import serve
from playground.server.settings import ENV_VAR, Settings


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    serve.add_arguments(parser)
    return parser.parse_args(argv)


def test_defaults_bind_loopback_port_8000():
    s = serve.settings_from(parse())
    assert (s.host, s.port) == ("127.0.0.1", 8000) and s == Settings()


def test_flags_become_settings():
    origins = ("--allow-origin", "https://a.example", "--allow-origin", "https://b.example")
    limits = ("--max-sessions", "7", "--max-per-client", "3", "--idle-timeout", "2.5", "--train-threads", "2")
    args = parse(*origins, *limits)
    s = serve.settings_from(args)
    assert s.allow_origins == ("https://a.example", "https://b.example")
    assert (s.max_sessions, s.max_per_client, s.idle_timeout, s.train_threads) == (7, 3, 2.5, 2)


@pytest.mark.parametrize("argv", [("--workers", "0"), ("--max-sessions", "0"), ("--idle-timeout", "0")])
def test_nonsense_limits_are_refused(argv):
    with pytest.raises(SystemExit) as e:
        serve.settings_from(parse(*argv))
    assert argv[0] in str(e.value)


@pytest.mark.parametrize("n", [1, 3])
def test_main_runs_uvicorn_with_the_websocket_settings_and_opens_a_browser(monkeypatch, n):
    calls = {}
    import threading
    import webbrowser

    import uvicorn

    from playground.server import workers

    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.update(app=app, **kw))
    monkeypatch.setattr(
        workers, "run", lambda kw, n, pin, eq: calls.update(**kw, processes=n, pin=pin, equalize=eq) or 0
    )
    monkeypatch.setattr(webbrowser, "open", lambda url: calls.update(opened=url))
    monkeypatch.setattr(
        threading, "Timer", lambda delay, fn, args: type("T", (), {"start": lambda s: fn(*args)})()
    )
    monkeypatch.delenv(ENV_VAR, raising=False)
    assert serve.main(parse("--port", "8123", "--workers", str(n), "--open", "--host", "0.0.0.0")) == 0
    assert calls["app"] == "playground.server.app:create_app" and calls["factory"] is True
    assert calls["ws"] == "websockets-sansio" and calls["ws_per_message_deflate"] is False
    assert calls["ws_max_size"] == 4 * 256 * 1024
    # one worker: uvicorn itself; several: our supervisor, one listening socket per process
    assert calls.get("workers", calls.get("processes")) == n and ("processes" in calls) == (n > 1)
    assert calls.get("pin", True) is True  # workers on CPUs of their own unless --no-pin-cpus
    assert calls.get("equalize", True) is True  # past capacity the workers slow together unless --no-equalize
    assert calls["opened"] == "http://127.0.0.1:8123/"
    assert Settings.from_env().port == 8123 and json.loads(os.environ[ENV_VAR])["host"] == "0.0.0.0"


def dockerfile() -> str:
    return (ROOT / "Dockerfile").read_text(encoding="utf-8")


def instruction(name: str) -> str:
    """The text of the last `name` instruction (continuation lines joined)."""
    text = re.sub(r"\\\n\s*", " ", dockerfile())
    lines = [ln for ln in text.splitlines() if ln.startswith(name + " ")]
    assert lines, f"Dockerfile has no {name}"
    return lines[-1][len(name) + 1 :].strip()


def test_dockerfile_is_slim_non_root_with_a_healthcheck():
    assert re.match(r"python:3\.11-slim", instruction("FROM"))
    user = instruction("USER")
    assert user.split(":")[0] not in ("0", "root")
    assert "/health" in instruction("HEALTHCHECK")
    assert "[test]" not in dockerfile()  # only what pyproject.toml declares for running


def test_dockerfile_cmd_starts_the_app_and_its_healthcheck_passes():
    cmd = json.loads(instruction("CMD"))
    assert cmd[:2] == ["playground", "serve"] and cmd[cmd.index("--host") + 1] == "0.0.0.0"
    exe = shutil.which(cmd[0]) or str(Path(sys.executable).parent / cmd[0])
    port = free_port()
    proc = subprocess.Popen([exe, *cmd[1:], "--port", str(port)], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT)  # fmt: skip
    try:
        deadline = time.monotonic() + 30
        while True:
            assert proc.poll() is None, proc.stdout.read().decode(errors="replace")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=1) as r:
                    assert json.loads(r.read())["status"] == "ok"
                    break
            except OSError:
                assert time.monotonic() < deadline, "the Dockerfile's CMD did not serve /health within 30 s"
                time.sleep(0.2)
        check = json.loads(instruction("HEALTHCHECK").split("CMD", 1)[1])
        check = [a.replace("127.0.0.1:8000", f"127.0.0.1:{port}") for a in check]
        assert subprocess.run(check, timeout=10).returncode == 0
    finally:
        proc.terminate()
        proc.wait(10)
