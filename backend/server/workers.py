"""`playground serve --workers N`: N uvicorn processes, each accepting on its own socket of one port.

uvicorn's multi-worker mode shares one listening socket, and asyncio accepts every queued connection in one
go, so a class that connects at once lands mostly on whichever process woke first (50 clients split 40/10
in benchmarks/ws_load.py, and a session never moves). With SO_REUSEPORT each process has its own accept
queue and the kernel spreads new connections over them by a hash of the address pair: each process gets
its share of the class. Where the option does not exist, uvicorn's shared socket is used.

The supervisor starts the workers, restarts one that dies, and stops them all on SIGINT/SIGTERM. A worker
that dies within STARTUP_SECONDS of its start (a broken install, say) stops the server instead of looping.
"""

from __future__ import annotations

import logging
import multiprocessing
import signal
import socket
import threading
import time

logger = logging.getLogger("uvicorn.error")
STARTUP_SECONDS = 10.0
BACKLOG = 2048  # uvicorn's default


def supported() -> bool:
    return hasattr(socket, "SO_REUSEPORT")


def listening_socket(host: str, port: int) -> socket.socket:
    """A bound, listening TCP socket that other sockets with SO_REUSEPORT may share the port with."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    sock.listen(BACKLOG)
    return sock


def _worker(uvicorn_kwargs: dict, sock: socket.socket) -> None:
    import uvicorn

    uvicorn.Server(uvicorn.Config(**uvicorn_kwargs)).run(sockets=[sock])


def run(uvicorn_kwargs: dict, workers: int) -> int:
    """Serve with `workers` processes until SIGINT/SIGTERM; returns the exit status (1: a worker failed to
    start). uvicorn_kwargs: uvicorn.Config's arguments, host and port included (port 0: a free port)."""
    host = uvicorn_kwargs["host"]
    first = listening_socket(host, uvicorn_kwargs["port"])
    port = first.getsockname()[1]
    sockets = [first] + [listening_socket(host, port) for _ in range(workers - 1)]
    ctx = multiprocessing.get_context("spawn")  # like uvicorn: no state of this process leaks into workers

    def start(i: int):
        p = ctx.Process(target=_worker, args=(uvicorn_kwargs, sockets[i]), name=f"playground-worker-{i}")
        p.start()
        return p, time.monotonic()

    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    procs = [start(i) for i in range(workers)]
    logger.info("serving on http://%s:%d with %d worker processes", host, port, workers)
    status = 0
    while not stop.wait(0.5):
        for i, (p, started) in enumerate(procs):
            if p.is_alive():
                continue
            if time.monotonic() - started < STARTUP_SECONDS:
                logger.error("worker %d exited with %s right after starting; stopping", p.pid, p.exitcode)
                status = 1
                stop.set()
                break
            logger.warning("worker %d exited with %s; starting a new one", p.pid, p.exitcode)
            procs[i] = start(i)
    for p, _ in procs:
        p.terminate()
    for p, _ in procs:
        p.join(10)
        if p.is_alive():
            p.kill()
    for s in sockets:
        s.close()
    return status
