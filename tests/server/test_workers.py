"""`serve --workers N` (server/workers.py): a taken port fails loudly, signals stop every worker, and killing
the supervisor outright does not leave workers holding the port."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time

import psutil
from conftest import ROOT, LiveServer, free_port
from websockets.sync.client import connect

from playground.server.workers import cpu_for


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


def test_cpu_for_gives_each_worker_its_own_cpu_only_when_there_are_enough():
    cpus = sorted(os.sched_getaffinity(0))
    assert cpu_for(0, 1) is None  # one process: the kernel places it
    assert [cpu_for(i, len(cpus)) for i in range(len(cpus))] == (cpus if len(cpus) > 1 else [None])
    assert cpu_for(0, len(cpus) + 1) is None  # more workers than CPUs: no pinning at all


def test_each_worker_runs_on_a_cpu_of_its_own_unless_told_not_to():
    """Every thread of a worker (event loop, training) stays on the worker's CPU; --no-pin-cpus leaves
    all of the supervisor's CPUs to each worker."""
    cpus = sorted(os.sched_getaffinity(0))
    assert len(cpus) >= 2, "this test needs a machine with two CPUs (the README's benchmarks assume two)"
    for extra, pinned in (((), True), (("--no-pin-cpus",), False)):
        server = LiveServer("--workers", "2", *extra)
        try:
            with contextlib.ExitStack() as students:
                for _ in range(2):  # a student on each worker (least connections): training threads start
                    ws = students.enter_context(connect(f"ws://127.0.0.1:{server.port}/ws/train"))
                    ws.recv(timeout=20)  # hello
                    ws.send(json.dumps({"type": "play"}))
                    ws.recv(timeout=20)
                workers = sorted(server.workers(), key=lambda p: p.cpu_affinity())
                got = [p.cpu_affinity() for p in workers]
                assert got == ([[cpus[0]], [cpus[1]]] if pinned else [cpus, cpus])
                for p, affinity in zip(workers, got, strict=True):  # threads started later inherit it
                    assert len(p.threads()) > 1
                    assert all(os.sched_getaffinity(t.id) == set(affinity) for t in p.threads())
        finally:
            server.stop()
