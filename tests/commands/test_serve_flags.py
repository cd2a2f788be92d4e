"""`playground serve` flag checks: a port outside 0..65535 or an origin that is no http(s) origin exits 2."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import pytest

from playground.commands import serve

ROOT = Path(__file__).resolve().parents[2]


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    serve.add_arguments(parser)
    return parser.parse_args(argv)


@pytest.mark.parametrize(
    "argv",
    [
        ("--port", "99999"),
        ("--port", "-1"),
        ("--port", "80x"),
        ("--allow-origin", "notaurl"),
        ("--allow-origin", "ftp://lab.example.org"),
        ("--allow-origin", "https://lab.example.org/page"),
        ("--allow-origin", "https://lab.example.org:99999"),
        ("--allow-origin", "https://user@lab.example.org"),
    ],
)
def test_bad_flags_exit_2(argv, capsys):
    with pytest.raises(SystemExit) as e:
        parse(*argv)
    assert e.value.code == 2
    assert f"argument {argv[0]}" in capsys.readouterr().err


def test_good_ports_and_origins_pass():
    args = parse(
        "--port", "0", "--allow-origin", "http://10.0.0.5:8000", "--allow-origin", "https://a.example/"
    )
    assert args.port == 0 and args.allow_origin == ["http://10.0.0.5:8000", "https://a.example/"]
    assert parse("--port", "65535").port == 65535


def test_a_port_out_of_range_is_no_traceback():
    p = subprocess.run(
        [sys.executable, "-m", "playground.cli", "serve", "--port", "99999"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert p.returncode == 2 and "Traceback" not in p.stderr
    assert "argument --port: must be in 0..65535 (got 99999)" in p.stderr
