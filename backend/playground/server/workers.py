"""`playground serve --workers N`: N uvicorn processes, each accepting on its own socket of one port.

uvicorn's multi-worker mode shares one listening socket, and asyncio accepts every queued connection in one
go, so a class that connects at once lands mostly on whichever process woke first (50 clients split 40/10
in benchmarks/ws_load.py, and a session never moves). With SO_REUSEPORT each process has its own accept
queue and the kernel spreads new connections over them by a hash of the address pair: each process gets
its share of the class. Where the option does not exist, uvicorn's shared socket is used.

SO_REUSEPORT would also let a second server share the port unnoticed, so the port is first bound without it:
a port in use fails as it does for one process. The supervisor starts the workers, restarts one that dies,
and stops them all on SIGINT/SIGTERM; a worker that dies within STARTUP_SECONDS of its start (a broken
install, say) stops the server instead of looping. Workers ask Linux to SIGTERM them if the supervisor dies.
"""

from __future__ import annotations

import ctypes
import logging
import multiprocessing
import signal
import socket
import sys
import time

logger = logging.getLogger("playground.workers")
STARTUP_SECONDS = 10.0
BACKLOG = 2048  # uvicorn's default
PR_SET_PDEATHSIG = 1


def supported() -> bool:
    return hasattr(socket, "SO_REUSEPORT")


def _socket(host: str, reuse_port: bool) -> socket.socket:
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if reuse_port:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    return sock


def free_port(host: str, port: int) -> int:
    """The port to serve on (a free one for port 0); OSError (address in use) if another server has it."""
    with _socket(host, reuse_port=False) as probe:
        probe.bind((host, port))
        return probe.getsockname()[1]


def listening_socket(host: str, port: int) -> socket.socket:
    """A bound, listening TCP socket that other sockets with SO_REUSEPORT may share the port with."""
    sock = _socket(host, reuse_port=True)
    sock.bind((host, port))
    sock.listen(BACKLOG)
    return sock


def _worker(uvicorn_kwargs: dict, sock: socket.socket) -> None:
    import uvicorn

    try:  # Linux: if the supervisor is killed outright, its workers follow instead of holding the port
        ctypes.CDLL(None).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):
        pass
    uvicorn.Server(uvicorn.Config(**uvicorn_kwargs)).run(sockets=[sock])


def run(uvicorn_kwargs: dict, workers: int) -> int:
    """Serve with `workers` processes until SIGINT/SIGTERM; returns the exit status (1: the port is taken or
    a worker failed to start). uvicorn_kwargs: uvicorn.Config's arguments, host and port included."""
    logging.basicConfig(  # on stdout, like the workers' uvicorn logs (server/logconfig.py)
        format="%(levelname)s:     %(message)s", level=uvicorn_kwargs["log_level"].upper(), stream=sys.stdout
    )
    host = uvicorn_kwargs["host"]
    try:
        port = free_port(host, uvicorn_kwargs["port"])
        sockets = [listening_socket(host, port) for _ in range(workers)]
    except OSError as e:
        print(f"playground serve: cannot listen on {host}:{uvicorn_kwargs['port']}: {e}", file=sys.stderr)
        return 1
    ctx = multiprocessing.get_context("spawn")  # like uvicorn: no state of this process leaks into workers
    stopping: list[int] = []  # a signal handler only appends: taking a lock there could deadlock

    def start(i: int):
        p = ctx.Process(target=_worker, args=(uvicorn_kwargs, sockets[i]), name=f"playground-worker-{i}")
        p.start()
        return p, time.monotonic()

    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda signum, _: stopping.append(signum))
    procs = []
    try:
        procs = [start(i) for i in range(workers)]
        logger.info("Uvicorn running on http://%s:%d with %d worker processes", host, port, workers)
        return _supervise(procs, start, stopping)
    finally:
        _stop(procs)
        for s in sockets:
            s.close()


def _supervise(procs: list, start, stopping: list) -> int:
    """Restart workers that die until a signal comes; 1 if one dies right after starting."""
    while True:
        time.sleep(0.2)
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
