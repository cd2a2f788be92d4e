"""`serve --workers N` hands each connection to the worker with the fewest open ones (server/balancer.py):
a class splits evenly whatever the addresses, a worker whose students left gets the next ones, and a worker
that dies is replaced without losing the connections that come meanwhile."""

from __future__ import annotations

import socket
import time
from collections import Counter

import psutil
from conftest import LiveServer

from playground.server import workers
from playground.server.balancer import REAP_SECONDS, Balancer
from tests.server.train_client import TrainClient

SETTLE = 4 * REAP_SECONDS  # the workers have counted every connection that closed (the startup probes)


def connect(server: LiveServer, n: int) -> list[TrainClient]:
    return [TrainClient(server.ws) for _ in range(n)]


def split(clients: list[TrainClient]) -> Counter:
    return Counter(c.hello["worker"] for c in clients)


def test_a_class_splits_evenly_and_a_freed_worker_takes_the_next_students():
    server = LiveServer("--workers", "2")
    clients: list[TrainClient] = []
    try:
        time.sleep(SETTLE)
        clients = connect(server, 10)
        assert sorted(split(clients).values()) == [5, 5]  # the hash split ranged from 26/24 to 35/25 for 50
        first = clients[0].hello["worker"]
        leaving = [c for c in clients if c.hello["worker"] == first][:3]
        for c in leaving:
            c.close()
        clients = [c for c in clients if c not in leaving]
        time.sleep(SETTLE)
        newcomers = connect(server, 3)
        assert split(newcomers) == Counter({first: 3})  # 2 open against 5: all three go to the emptier one
        clients += newcomers
        assert sorted(split(clients).values()) == [5, 5]
    finally:
        for c in clients:
            c.close()
        server.stop()


def test_a_killed_worker_is_replaced_and_connections_keep_coming():
    server = LiveServer("--workers", "2")
    clients: list[TrainClient] = []
    try:
        kids = server.workers()
        assert len(kids) == 2, kids
        # a worker dying within STARTUP_SECONDS of its start stops the server (a broken install)
        time.sleep(max(0.0, max(k.create_time() for k in kids) + workers.STARTUP_SECONDS + 1 - time.time()))
        victim, survivor = kids
        victim.kill()
        victim.wait(10)
        clients = connect(server, 4)  # while the supervisor notices and restarts it: none is lost
        assert {c.hello["worker"] for c in clients} <= {survivor.pid} | new_workers(server, survivor)
        deadline = time.monotonic() + 30
        while not new_workers(server, survivor):
            assert time.monotonic() < deadline, "the killed worker was not replaced"
            time.sleep(0.2)
        (replacement,) = new_workers(server, survivor)
        time.sleep(SETTLE)
        later = connect(server, 4)
        clients += later
        # the replacement started empty and took newcomers until both held as many
        assert split(clients) == Counter({survivor.pid: 4, replacement: 4})
        for c in clients:  # every connection is served: each answers a ping with its hello's worker alive
            c.ws.ping().wait(5)
    finally:
        for c in clients:
            c.close()
        server.stop()


def new_workers(server: LiveServer, survivor: psutil.Process) -> set[int]:
    return {p.pid for p in server.workers()} - {survivor.pid}


def test_a_dead_channel_hands_the_connection_to_the_next_worker():
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        hub = Balancer(listener, 2)
        first, second = hub.channel(0), hub.channel(1)
        first.close()  # worker 0 is gone: sending to its channel fails with EPIPE
        with socket.create_connection(listener.getsockname()):
            time.sleep(0.1)
            assert hub.serve(1.0) == 1
        msg, fds, _, _ = socket.recv_fds(second, 16, 4)
        assert msg == b"c" and len(fds) == 1
        socket.socket(fileno=fds[0]).close()
        assert list(hub.load) == [0, 1]
        second.close()
        hub.close()
