"""`playground serve` reads every flag from PLAYGROUND_<FLAG> too: flags win, bad values exit 2 naming the
variable, and the server's logs go to stdout."""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
import urllib.request

import pytest
from conftest import ROOT, free_port

from playground import cli
from playground.commands import envflags, serve
from playground.server.settings import Settings


@pytest.fixture()
def clean_env(monkeypatch):
    """No PLAYGROUND_* variable from the caller's shell leaks into a test."""
    for name in list(os.environ):
        if name.startswith("PLAYGROUND_"):
            monkeypatch.delenv(name)
    return monkeypatch


def serve_args(*argv: str) -> argparse.Namespace:
    parser, _ = cli.build_parser()
    return parser.parse_args(["serve", *argv])


def serve_parser() -> argparse.ArgumentParser:
    parser, _ = cli.build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return sub.choices["serve"]


def test_every_serve_flag_has_a_variable_named_after_it(clean_env):
    names = {
        a.option_strings[-1]: envflags.env_name("PLAYGROUND_", a)
        for a in envflags.flag_actions(serve_parser())
    }
    assert names["--port"] == "PLAYGROUND_PORT" and names["--allow-origin"] == "PLAYGROUND_ALLOW_ORIGIN"
    assert names["--max-per-client"] == "PLAYGROUND_MAX_PER_CLIENT" and "--help" not in names
    for flag, var in names.items():
        assert var == "PLAYGROUND_" + flag.removeprefix("--").replace("-", "_").upper()


def test_the_readme_table_lists_every_variable(clean_env):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    listed = set(re.findall(r"^\| `(PLAYGROUND_[A-Z_]+)` \|", readme, flags=re.M))
    wanted = {envflags.env_name("PLAYGROUND_", a) for a in envflags.flag_actions(serve_parser())}
    assert wanted <= listed, f"README's server table lacks {sorted(wanted - listed)}"


def test_variables_become_settings(clean_env):
    clean_env.setenv("PLAYGROUND_HOST", "0.0.0.0")
    clean_env.setenv("PLAYGROUND_PORT", "9001")
    clean_env.setenv("PLAYGROUND_WORKERS", "3")
    clean_env.setenv("PLAYGROUND_ALLOW_ORIGIN", "https://a.example, https://b.example:8443")
    clean_env.setenv("PLAYGROUND_MAX_SESSIONS", "7")
    clean_env.setenv("PLAYGROUND_IDLE_TIMEOUT", "2.5")
    clean_env.setenv("PLAYGROUND_LOG_LEVEL", "info")
    args = serve_args()
    assert (args.host, args.port, args.workers, args.log_level) == ("0.0.0.0", 9001, 3, "info")
    s = serve.settings_from(args)
    assert s.allow_origins == ("https://a.example", "https://b.example:8443")
    assert (s.max_sessions, s.idle_timeout) == (7, 2.5) and s.max_per_client == Settings().max_per_client


def test_flags_win_over_variables(clean_env):
    clean_env.setenv("PLAYGROUND_PORT", "9001")
    clean_env.setenv("PLAYGROUND_ALLOW_ORIGIN", "https://a.example,https://b.example")
    args = serve_args("--port=9002", "--allow", "https://c.example")  # `=` form and an abbreviation
    assert args.port == 9002
    assert args.allow_origin == ["https://c.example"]  # replaced, not added to
    assert serve_args().allow_origin == ["https://a.example", "https://b.example"]


@pytest.mark.parametrize(
    ("text", "value"), [("1", True), ("TRUE", True), ("on", True), ("0", False), ("no", False)]
)
def test_a_switch_reads_words(clean_env, text, value):
    clean_env.setenv("PLAYGROUND_OPEN", text)
    assert serve_args().open is value


def test_an_empty_variable_counts_as_unset(clean_env):
    clean_env.setenv("PLAYGROUND_PORT", "")
    clean_env.setenv("PLAYGROUND_ALLOW_ORIGIN", " ")
    args = serve_args()
    assert args.port == Settings().port and args.allow_origin == []


@pytest.mark.parametrize(
    ("name", "text", "why"),
    [
        ("PLAYGROUND_PORT", "99999", "must be in 0..65535 (got 99999)"),
        ("PLAYGROUND_PORT", "http", "must be an integer in 0..65535 (got 'http')"),
        ("PLAYGROUND_WORKERS", "two", "must be a valid int (got 'two')"),
        ("PLAYGROUND_IDLE_TIMEOUT", "soon", "must be a valid float (got 'soon')"),
        ("PLAYGROUND_LOG_LEVEL", "verbose", "must be one of critical, error, warning, info (got 'verbose')"),
        ("PLAYGROUND_OPEN", "maybe", "must be one of 1/true/yes/on or 0/false/no/off (got 'maybe')"),
        ("PLAYGROUND_ALLOW_ORIGIN", "https://a.example,ftp://b", "must be an origin like"),
    ],
)
def test_a_bad_variable_exits_2_naming_it(clean_env, capsys, name, text, why):
    clean_env.setenv(name, text)
    with pytest.raises(SystemExit) as e:
        serve_args()
    assert e.value.code == 2
    err = capsys.readouterr().err
    assert f"{name}={text!r}: {why}" in err and err.count("\n") == 1


def test_a_bad_variable_is_no_error_when_the_flag_is_given(clean_env):
    clean_env.setenv("PLAYGROUND_PORT", "99999")
    with pytest.raises(SystemExit):  # the variable alone is refused...
        serve_args()
    assert serve_args("--port", "8124").port == 8124  # ...but a given flag is all that is read


def test_a_flag_added_later_gets_its_variable(clean_env):
    parser = envflags.EnvArgumentParser(prog="x", env_prefix="PLAYGROUND_")
    parser.add_argument("--redis-url", default=None)
    parser.add_argument("--level", type=int, default=1)
    clean_env.setenv("PLAYGROUND_REDIS_URL", "redis://redis:6379/0")
    clean_env.setenv("PLAYGROUND_LEVEL", "4")
    args = parser.parse_args([])
    assert (args.redis_url, args.level) == ("redis://redis:6379/0", 4)
    assert parser.parse_args(["--level", "2"]).level == 2


def test_other_commands_ignore_the_server_variables(clean_env, tmp_path):
    (tmp_path / "c.json").write_text('{"dataset": "xor", "epochs": 2}', encoding="utf-8")
    env = {**os.environ, "PLAYGROUND_PORT": "not a port", "PYTHONPATH": str(ROOT / "backend")}
    p = subprocess.run(
        [sys.executable, "-m", "playground.cli", "run", str(tmp_path / "c.json")],
        capture_output=True, text=True, timeout=60, env=env,
    )  # fmt: skip
    assert p.returncode == 0, p.stderr
    assert '"epochs_run":2' in p.stdout


def start(env: dict, *argv: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "playground.cli", "serve", *argv],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def wait_health(proc: subprocess.Popen, url: str) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        assert proc.poll() is None, f"server exited: {proc.communicate()}"
        try:
            with urllib.request.urlopen(url + "/health", timeout=1) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise AssertionError("server did not answer /health within 30 s")


@pytest.mark.parametrize("workers", [1, 2])
def test_a_server_configured_by_variables_logs_to_stdout(clean_env, workers):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PLAYGROUND_")}
    env.update(PLAYGROUND_HOST="127.0.0.1", PLAYGROUND_PORT=str(port), PLAYGROUND_LOG_LEVEL="info")
    env.update(PLAYGROUND_WORKERS=str(workers), PYTHONPATH=str(ROOT / "backend"))
    proc = start(env)
    try:
        wait_health(proc, f"http://127.0.0.1:{port}")
    finally:
        proc.terminate()
        out, err = proc.communicate(timeout=20)
    assert f"running on http://127.0.0.1:{port}" in out
    assert "Application startup complete" in out  # a worker's uvicorn log, not only the supervisor's
    assert err == "", err


def test_a_bad_variable_stops_the_real_command_with_exit_2(clean_env):
    env = {**os.environ, "PLAYGROUND_PORT": "99999", "PYTHONPATH": str(ROOT / "backend")}
    p = subprocess.run(
        [sys.executable, "-m", "playground.cli", "serve"], capture_output=True, text=True, timeout=60, env=env
    )
    assert p.returncode == 2 and "Traceback" not in p.stderr
    assert "playground serve: error: PLAYGROUND_PORT='99999': must be in 0..65535 (got 99999)" in p.stderr
