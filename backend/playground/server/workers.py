"""`playground serve --workers N`: N uvicorn processes behind one listening socket in the supervisor, which
hands each new connection to the least-loaded worker (server/balancer.py).

uvicorn's multi-worker mode shares one listening socket, and asyncio accepts every queued connection in one
go, so a class that connects at once lands mostly on whichever process woke first (50 clients split 40/10
in benchmarks/ws_load.py, and a session never moves). One SO_REUSEPORT socket per process (the previous
design) spread them by a hash, which still split 50 clients anywhere from 26/24 to 35/25. The supervisor
now accepts and passes each connection's descriptor to the worker holding the fewest open connections.
Where descriptors cannot be passed (no SCM_RIGHTS), uvicorn's shared socket is used.

Each worker is pinned to a CPU of its own when there are enough (`cpu_for`; `--no-pin-cpus` leaves that to
the kernel). Its event loop and training thread share one GIL, so they never need two cores, but left
alone the kernel moved them between cores and away from each other: 25 students of TF Playground's task on
one worker, with the load generator on the other core, took ~520 us of CPU per frame unpinned and ~390
pinned, and trained 190 against 228 epochs/s (benchmarks/ws_load.py: 50 students on 2 workers at half
speed, 45-47 -> 57-62 epochs/s minimum).

The supervisor starts the workers, restarts one that dies, and stops them all on SIGINT/SIGTERM; a worker
that dies within STARTUP_SECONDS of its start (a broken install, say) stops the server instead of looping.
Workers ask Linux to SIGTERM them if the supervisor dies, and stop when their channel from it closes.
"""

from __future__ import annotations

import ctypes
import logging
import multiprocessing
import os
import signal
import socket
import sys
import time

from playground.server import balancer

logger = logging.getLogger("playground.workers")
STARTUP_SECONDS = 10.0
BACKLOG = 2048  # uvicorn's default
PR_SET_PDEATHSIG = 1


def supported() -> bool:
    return balancer.supported()


def listening_socket(host: str, port: int) -> socket.socket:
    """A bound, listening TCP socket (OSError if the port is taken: never shared with another server)."""
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(BACKLOG)
    except OSError:
        sock.close()
        raise
    return sock


def cpu_for(index: int, workers: int) -> int | None:
    """The CPU worker `index` of `workers` runs on: the index-th of those this process may use, when there
    are at least as many as workers (else None: the kernel places them, as it does without --workers)."""
    try:
        cpus = sorted(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return None
    return cpus[index] if 1 < workers <= len(cpus) else None


def _worker(
    uvicorn_kwargs: dict, channel: socket.socket, load, index: int, cpu: int | None, rates=None
) -> None:
    import uvicorn

    try:  # Linux: if the supervisor is killed outright, its workers follow
        ctypes.CDLL(None).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):
        pass
    if cpu is not None:  # before any thread starts: the event loop's and the training threads inherit it
        os.sched_setaffinity(0, {cpu})
    balancer.HandoffServer(uvicorn.Config(**uvicorn_kwargs), channel, load, index, rates).run()


def run(uvicorn_kwargs: dict, workers: int, pin_cpus: bool = True, equalize: bool = True) -> int:
    """Serve with `workers` processes until SIGINT/SIGTERM; returns the exit status (1: the port is taken or
    a worker failed to start). uvicorn_kwargs: uvicorn.Config's arguments, host and port included;
    pin_cpus: each worker on a CPU of its own where there are enough (cpu_for); equalize: past capacity the
    workers slow together (server/equalizer.py)."""
    logging.basicConfig(  # on stdout, like the workers' uvicorn logs (server/logconfig.py)
        format="%(levelname)s:     %(message)s", level=uvicorn_kwargs["log_level"].upper(), stream=sys.stdout
    )
    host = uvicorn_kwargs["host"]
    try:
        listener = listening_socket(host, uvicorn_kwargs["port"])
    except OSError as e:
        print(f"playground serve: cannot listen on {host}:{uvicorn_kwargs['port']}: {e}", file=sys.stderr)
        return 1
    port = listener.getsockname()[1]
    ctx = multiprocessing.get_context("spawn")  # like uvicorn: no state of this process leaks into workers
    hub = balancer.Balancer(listener, workers, ctx)
    stopping: list[int] = []  # a signal handler only appends: taking a lock there could deadlock

    def start(i: int):
        theirs = hub.channel(i)
        cpu = cpu_for(i, workers) if pin_cpus else None
        args = (uvicorn_kwargs, theirs, hub.load, i, cpu, hub.rates if equalize else None)
        p = ctx.Process(target=_worker, args=args, name=f"playground-worker-{i}")
        p.start()
        theirs.close()  # the worker has its own copy now
        return p, time.monotonic()

    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda signum, _: stopping.append(signum))
    procs = []
    try:
        procs = [start(i) for i in range(workers)]
        logger.info("Uvicorn running on http://%s:%d with %d worker processes", host, port, workers)
        if pin_cpus and cpu_for(0, workers) is not None:
            logger.info("Workers pinned to CPUs %s", [cpu_for(i, workers) for i in range(workers)])
        return _supervise(procs, start, stopping, hub)
    finally:
        _stop(procs)
        hub.close()


def _supervise(procs: list, start, stopping: list, hub: balancer.Balancer) -> int:
    """Hand connections to the workers and restart those that die until a signal comes; 1 if one dies right
    after starting."""
    while True:
        hub.serve(0.2)
        if stopping:  # (a Ctrl-C reaches the workers too: they are not restarted)
            return 0
        for i, (p, started) in enumerate(procs):
            if p.is_alive():
                continue
            if time.monotonic() - started < STARTUP_SECONDS:
                logger.error("worker %d exited with %s right after starting; stopping", p.pid, p.exitcode)
                return 1
            logger.warning("worker %d exited with %s; starting a new one", p.pid, p.exitcode)
            procs[i] = start(i)


def _stop(procs: list) -> None:
    for p, _ in procs:
        if p.is_alive():
            p.terminate()
    for p, _ in procs:
        p.join(10)
        if p.is_alive():
            p.kill()
