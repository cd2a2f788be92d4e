"""`serve --workers N` (server/workers.py): a taken port fails loudly, signals stop every worker, and killing
the supervisor outright does not leave workers holding the port."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time

import psutil
from conftest import ROOT, LiveServer, free_port


def gone(procs: list[psutil.Process], seconds: float) -> bool:
    _, alive = psutil.wait_procs(procs, timeout=seconds)
    return not alive


def test_a_port_in_use_is_refused_not_shared():
    port = free_port()
    with socket.socket() as taken:  # like another `serve --workers` already on the port
        taken.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        taken.bind(("127.0.0.1", port))
        taken.listen()
        cmd = [sys.executable, "-m", "playground.cli", "serve", "--port", str(port), "--workers", "2"]
        done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert f"cannot listen on 127.0.0.1:{port}" in done.stderr


def test_sigterm_stops_every_worker():
    server = LiveServer("--workers", "2")
    workers = server.workers()
    assert len(workers) == 2
    server.proc.send_signal(signal.SIGTERM)
    assert server.proc.wait(20) == 0
    assert gone(workers, 10)


def test_workers_follow_a_supervisor_killed_outright():
    server = LiveServer("--workers", "2")
    workers = server.workers()
    server.proc.kill()  # SIGKILL: no handler runs in the supervisor
    server.proc.wait(10)
    assert gone(workers, 20), "workers kept the port after their supervisor died"
    with socket.socket() as s:  # the port is free again
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        deadline = time.monotonic() + 10
        while True:
            try:
                s.bind(("127.0.0.1", server.port))
                break
            except OSError:
                assert time.monotonic() < deadline
                time.sleep(0.2)
