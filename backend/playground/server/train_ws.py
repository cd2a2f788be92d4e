"""/ws/train: each websocket owns one live TrainSession (protocol in shared/PROTOCOL.md).

Three coroutines per connection: this handler reads and validates commands; `drive` runs the session's jobs
on the shared scheduler; `send_out` drains the Mailbox (replies in order, only the newest frame). A
disconnect cancels all three and sets the session's interrupt flag, so a job in flight returns within one
mini-batch call.
"""

from __future__ import annotations

import asyncio
import functools
import itertools
import os
import time
from collections import deque

from fastapi import APIRouter, WebSocket

from playground.config import ExperimentConfig
from playground.engine.trainer import LIVE_FIELDS
from playground.server import equalizer, wsbase
from playground.server.cohorts import get_pool
from playground.server.protocol import (
    MAX_STEP,
    MESSAGES,
    PROTOCOL,
    ConfigMessage,
    JoinMessage,
    LeaveMessage,
    PingMessage,
    ViewOptions,
    parse_command,
)
from playground.server.rooms_ws import RoomLink
from playground.server.scheduler import FRAME_PERIOD, Inbox, Scheduler, get_scheduler
from playground.server.session import ApplyConfig, TrainSession

router = APIRouter()
MAX_DEBT_SLEEP = 3.0  # seconds
MAX_PACE_SLEEP = 1.0  # seconds (a paced session re-checks at least this often)
# The largest message this server sends: a frame at resolution 200 with 50 x 50 grids of all 8 x 64 hidden
# neurons is ~6.0 MB, a `config` reply with 5000 points x 11 (augmented) ~2.4 MB. Clients must accept it
# (Python `websockets` defaults to 1 MiB: connect(..., max_size=MAX_SERVER_MESSAGE_BYTES)).
MAX_SERVER_MESSAGE_BYTES = 8 * 1024 * 1024


@functools.cache
def _schema() -> dict:
    """The experiment schema (~10 ms to generate with pydantic: once per process, not once per student)."""
    return ExperimentConfig.model_json_schema()


def hello_message() -> dict:
    hello = wsbase.hello(
        "train",
        PROTOCOL,
        schema=_schema(),
        schema_url="/shared/schema/experiment.json",
        protocol_schema_url="/shared/schema/train_protocol.json",
        messages=list(MESSAGES),
        live_fields=sorted(LIVE_FIELDS),
        config=ExperimentConfig().model_dump(mode="json"),
        view=ViewOptions().model_dump(),
        max_step=MAX_STEP,
        worker=os.getpid(),  # which server process holds this session (several with --workers)
    )
    hello["limits"]["max_server_message_bytes"] = MAX_SERVER_MESSAGE_BYTES
    return hello


class Mailbox:
    """Session -> socket: replies (JSON) in order, frames newest-only; `emit` works from any thread.

    Replies are serialized by `emit`, i.e. on the training thread that made them: a `config` reply with the
    run's data can be megabytes of JSON, which must not hold the event loop every session shares.

    Frames are numbered when emitted, not when they reach the slot: `emit` only queues the slot's update
    for the loop, so a job that renders twice before the loop looks (a periodic frame, then the run's
    last one) must see the first frame as still unsent. Else the second frame left out the first one's
    epochs and then replaced it in the slot: those epochs never reached the client."""

    def __init__(self, inbox: Inbox) -> None:
        self._inbox = inbox  # the scheduler's: a job's frame and its end wake the loop once, not twice
        self._replies: deque[str] = deque()
        self._frame: bytes | None = None
        self._ready = asyncio.Event()
        self.frames_dropped = 0
        self._numbers = itertools.count(1)  # next() on it is atomic: emit may run on any thread
        self._emitted = 0  # number of the last frame emitted
        self._taken = 0  # number of the last frame handed to the socket (next)
        self._slot_number = 0  # number of the frame in the slot

    def emit(self, item: dict | bytes) -> None:
        if isinstance(item, bytes):
            self._emitted = number = next(self._numbers)
            self._inbox.call(self._put_frame, item, number)
        else:
            self._inbox.call(self._put_reply, wsbase.dumps_in_chunks(item))

    def _put_frame(self, frame: bytes, number: int) -> None:
        self.frames_dropped += self._frame is not None
        self._frame, self._slot_number = frame, number
        self._ready.set()

    def _put_reply(self, text: str) -> None:
        self._replies.append(text)
        self._ready.set()

    def frame_free(self) -> bool:
        """True when the last frame emitted has been handed to the socket: a new frame replaces nothing."""
        return self._taken == self._emitted

    async def next(self) -> str | bytes:
        """The next reply, else the newest frame (waits for one)."""
        while not self._replies and self._frame is None:
            self._ready.clear()
            await self._ready.wait()
        if self._replies:
            return self._replies.popleft()
        frame, self._frame, self._taken = self._frame, None, self._slot_number
        return frame


@router.websocket("/ws/train")
async def train_socket(websocket: WebSocket) -> None:
    channel = await wsbase.accept(websocket, "train")
    if channel is None:
        return
    async with channel:
        scheduler = get_scheduler(wsbase.settings().train_threads)
        mailbox, wake = Mailbox(scheduler.inbox()), asyncio.Event()
        # cohorts are touched only on the training thread: with several threads, sessions train alone
        cohorts = get_pool() if scheduler.threads == 1 else None
        session = TrainSession(emit=mailbox.emit, frame_free=mailbox.frame_free, cohorts=cohorts)
        equalizer.sessions.add(session)  # its epochs/s count towards this worker's (equalizer.py)
        room = RoomLink(session, mailbox.emit, wake, scheduler, channel.client)
        await channel.send_json(hello_message())
        tasks = [
            asyncio.create_task(drive(session, channel, scheduler, wake)),
            asyncio.create_task(send_out(channel, mailbox)),
        ]
        try:
            await read_commands(session, channel, wake, room)
        finally:
            await room.close()
            session.close()
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            if cohorts is not None:  # on the training thread, after any job of this session has returned
                await scheduler.run(cohorts.release, session)


async def read_commands(
    session: TrainSession, channel: wsbase.Channel, wake: asyncio.Event, room: RoomLink
) -> None:
    """Validate each message; answer errors at once; hand good commands to the session (room messages to
    its RoomLink, which also refuses what the room's locks and pause forbid)."""
    while (msg := await channel.receive()) is not None:
        try:
            if msg["type"] == "config":
                # merging and validating 5000 drawn points takes milliseconds: off the shared event loop
                base = session.requested
                new = await asyncio.to_thread(merge_config, base, msg)
                if session.requested is not base:  # a teacher's push landed meanwhile: merge onto it (rare)
                    new = merge_config(session.requested, msg)
                room.check_config(session.requested, new)  # a locked field: nothing of the message applies
                session.requested = new
                session.submit(ApplyConfig(id=msg.get("id"), config=new))
                wake.set()
                continue
            cmd = parse_command(msg)
            if isinstance(cmd, PingMessage):
                await channel.send_json({"type": "pong", "id": cmd.id})
                continue
            elif isinstance(cmd, JoinMessage | LeaveMessage):
                await room.handle(cmd)  # (a store that does not answer: error rooms_unavailable)
            else:
                room.check_command(cmd)
                session.submit(cmd)
        except wsbase.WireError as err:
            mid = msg.get("id")
            await channel.send_json({**err.to_message(), "id": mid if isinstance(mid, int | str) else None})
            continue
        wake.set()


def merge_config(current: ExperimentConfig, msg: dict) -> ExperimentConfig:
    """A `config` message merged onto the current config (or the defaults), validated; WireError otherwise."""
    cmd = parse_command(msg)
    assert isinstance(cmd, ConfigMessage)
    base = {} if cmd.replace else current.model_dump()
    return wsbase.validate(ExperimentConfig, {**base, **cmd.config}, "config")


async def drive(
    session: TrainSession, channel: wsbase.Channel, scheduler: Scheduler, wake: asyncio.Event
) -> None:
    """Run the session's jobs while it has work; sleep on `wake` otherwise."""
    busy = False
    last = None  # when the previous turn ended, if the session went straight back into the queue
    idle_last = 0.0  # equalizer.idled() then: the idle in between is not part of the round
    try:
        while not channel.closed:
            if not session.wants_cpu():
                busy, last = _set_busy(scheduler, busy, False), None
                await wake.wait()
                wake.clear()
                continue
            busy = _set_busy(scheduler, busy, session.training())
            # Turns never exceed the standard frame period: a client asking for 1 frame/s still trains in
            # short chunks, so it cannot hold the shared thread for a whole second.
            # (0.9: a turn ends a little before the next frame is due, so a lone session really gets max_fps)
            budget = scheduler.budget(0.9 * min(1.0 / session.view.max_fps, FRAME_PERIOD))
            try:
                session.queued()  # the wait for this turn tells the session how loaded the server is
                await scheduler.run(session.job, budget)
                end, idle = time.perf_counter(), equalizer.idled()
                if last is not None and busy:  # the time between two turns: a round (scheduler.budget)
                    scheduler.note_round(end - last - (idle - idle_last), budget)
                last, idle_last = end, idle
                # A job that overran its budget (one step of a big network can take longer) sits out turns so
                # the other busy sessions catch up: fairness by CPU time, not by turns.
                debt = session.last_job_seconds - budget
                if debt > 0 and scheduler.busy > 1:
                    last = None
                    await _sleep_or_wake(wake, min(MAX_DEBT_SLEEP, debt * (scheduler.busy - 1)))
                pause = session.pace_wait()  # view.max_epochs_per_second: idle, not busy, until the next step
                if pause > 0:
                    busy, last = _set_busy(scheduler, busy, False), None
                    await _sleep_or_wake(wake, min(MAX_PACE_SLEEP, pause))
            except Exception as e:  # an engine bug must not kill the connection or other sessions
                session.playing, session.steps_left, session.dirty = False, 0, False
                if session.cohorts is not None:  # other members' turns must not train it on
                    await scheduler.run(session.cohorts.release, session)
                await channel.send_json(
                    {"type": "error", "code": "internal", "field": "", "message": repr(e)}
                )
    finally:
        _set_busy(scheduler, busy, False)


async def _sleep_or_wake(wake: asyncio.Event, seconds: float) -> None:
    """Sleep, but a client command ends the sleep at once (commands never wait for fairness).

    A timer that sets `wake`, not asyncio.wait_for (a task and a timeout scope each time: 31 against 20 us
    of CPU here, and a busy session sleeps after most of its turns)."""
    timer = asyncio.get_running_loop().call_later(seconds, wake.set)
    try:
        await wake.wait()
    finally:
        timer.cancel()
        wake.clear()


def _set_busy(scheduler: Scheduler, was: bool, now: bool) -> bool:
    if now != was:
        scheduler.busy += 1 if now else -1
    return now


async def send_out(channel: wsbase.Channel, mailbox: Mailbox) -> None:
    """Send replies and the newest frame whenever the socket can take them; a slow client skips frames."""
    while not channel.closed:
        item = await mailbox.next()
        if isinstance(item, bytes):
            await channel.send_bytes(item)
        else:
            await channel.send_text(item)
