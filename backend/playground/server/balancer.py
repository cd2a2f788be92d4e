"""Least-connections balancing for `playground serve --workers N`: the supervisor accepts every connection
and hands it to the worker with the fewest open connections, over a unix socket (SCM_RIGHTS).

With one SO_REUSEPORT socket per worker the kernel spreads connections by a hash of the address pair, which
is a dice throw per connection: a class of 50 split 26/24 in one run and 32/18 in the next, and the fuller
worker's students got half the frames of the other's (README, benchmarks/ws_load.py). A session never moves
between processes, so the split a class lands in is the split it keeps. Handing each connection to the
least-loaded worker keeps the split within one connection.

Only the file descriptor crosses: after the hand-off the connection is the worker's own socket, so bytes
never pass through the supervisor. The load count is shared memory, one slot per worker: the supervisor
adds one when it hands a connection over, the worker takes it off when the connection closes.

Supervisor side: `Balancer`. Worker side: `HandoffServer`, a uvicorn.Server without listening sockets that
serves the connections it receives.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import select
import socket

import uvicorn

from playground.server import equalizer

logger = logging.getLogger("playground.workers")
SEND_TIMEOUT = 1.0  # s a hand-off may block on a worker's full channel before the next worker is tried
REAP_SECONDS = 0.25  # how often a worker counts the connections that closed


def supported() -> bool:
    return hasattr(socket, "send_fds") and hasattr(socket, "SOCK_SEQPACKET")


class Balancer:
    """The supervisor's listening socket and one channel per worker (a SOCK_SEQPACKET pair: one message, one
    connection). `load` is shared with the workers: load[i] = connections worker i holds open."""

    def __init__(self, listener: socket.socket, workers: int, ctx=None):
        self.listener = listener
        self.listener.setblocking(False)
        self.load = (ctx or multiprocessing).Array("q", workers)  # its lock guards the += and -=
        # each worker's published epochs/s (server/equalizer.py): one writer per slot, so no lock
        self.rates = (ctx or multiprocessing).Array("d", equalizer.FIELDS * workers, lock=False)
        self.channels: list[socket.socket | None] = [None] * workers

    def channel(self, i: int) -> socket.socket:
        """A new channel for worker i (a new or restarted process); returns the worker's end. The old channel
        is closed: connections still queued in it are dropped with it (their worker is gone)."""
        if self.channels[i] is not None:
            self.channels[i].close()
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        ours.settimeout(SEND_TIMEOUT)
        self.channels[i] = ours
        with self.load.get_lock():
            self.load[i] = 0
        return theirs

    def serve(self, timeout: float) -> int:
        """Wait up to `timeout` s for connections, hand over all that are queued; returns how many."""
        ready, _, _ = select.select([self.listener], [], [], timeout)
        handed = 0
        while ready:
            try:
                conn, _ = self.listener.accept()
            except (BlockingIOError, InterruptedError):
                break
            except OSError as e:  # EMFILE and the like: the connection stays queued, the supervisor lives
                logger.warning("accept failed: %s", e)
                break
            with conn:  # our copy closes once the worker has its own
                handed += self.hand(conn)
        return handed

    def hand(self, conn: socket.socket) -> bool:
        """Send `conn` to the least-loaded worker whose channel takes it (ties: the lowest index)."""
        order = sorted(range(len(self.channels)), key=lambda i: (self.load[i], i))
        for i in order:
            ch = self.channels[i]
            if ch is None:
                continue
            with self.load.get_lock():
                self.load[i] += 1
            try:
                socket.send_fds(ch, [b"c"], [conn.fileno()])
                return True
            except OSError as e:  # the worker died (EPIPE) or is stuck (timeout): try the next one
                with self.load.get_lock():
                    self.load[i] -= 1
                logger.warning("worker %d did not take a connection: %s", i, e)
        return False

    def close(self) -> None:
        for ch in self.channels:
            if ch is not None:
                ch.close()
        self.listener.close()


class HandoffServer(uvicorn.Server):
    """A worker's uvicorn server: no listening socket of its own, it serves the connections its channel
    brings (the supervisor's end closing, or the supervisor dying, ends the worker)."""

    def __init__(self, config: uvicorn.Config, channel: socket.socket, load, index: int, rates=None):
        """rates: the workers' shared equalizer.Board array (None: no equalizing)."""
        super().__init__(config)
        self.channel, self.load, self.index, self.rates = channel, load, index, rates
        self._open: list[socket.socket] = []
        self._reaper: asyncio.Task | None = None
        self._equalizer: asyncio.Task | None = None

    async def startup(self, sockets=None) -> None:
        await super().startup(sockets=[])  # lifespan and state, no listener
        config, loop = self.config, asyncio.get_running_loop()

        def protocol():  # what uvicorn's own create_server would build for each connection
            return config.http_protocol_class(
                config=config, server_state=self.server_state, app_state=self.lifespan.state
            )

        self._make_protocol = protocol
        self.channel.setblocking(False)
        loop.add_reader(self.channel.fileno(), self._receive)
        self._reaper = loop.create_task(self._reap())
        if self.rates is not None:
            self._equalizer = equalizer.start(self.rates, self.index)

    def _receive(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            try:
                msg, fds, _, _ = socket.recv_fds(self.channel, 16, 16)
            except (BlockingIOError, InterruptedError):
                return
            if not msg and not fds:  # the supervisor closed our channel or died: stop serving
                loop.remove_reader(self.channel.fileno())
                self.should_exit = True
                return
            for fd in fds:
                sock = socket.socket(fileno=fd)
                self._open.append(sock)
                loop.create_task(self._adopt(sock))

    async def _adopt(self, sock: socket.socket) -> None:
        try:
            loop = asyncio.get_running_loop()
            await loop.connect_accepted_socket(self._make_protocol, sock, ssl=self.config.ssl)
        except OSError:  # the client left before the transport was set up
            sock.close()

    async def _reap(self) -> None:
        """Take closed connections off this worker's load (a transport closes the socket object it was
        given, so a closed one reads fileno() -1)."""
        while True:
            await asyncio.sleep(REAP_SECONDS)
            self._count_closed()

    def _count_closed(self) -> None:
        closed = sum(1 for s in self._open if s.fileno() == -1)
        if closed:
            self._open = [s for s in self._open if s.fileno() != -1]
            with self.load.get_lock():
                self.load[self.index] -= closed

    async def shutdown(self, sockets=None) -> None:
        loop = asyncio.get_running_loop()
        if self.channel.fileno() != -1:
            loop.remove_reader(self.channel.fileno())
        for task in (self._reaper, self._equalizer):
            if task is not None:
                task.cancel()
        await super().shutdown(sockets=sockets)
