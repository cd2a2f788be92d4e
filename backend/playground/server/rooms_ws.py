"""The student's side of a room on /ws/train (shared/protocol/class.md): join/leave, locks, room events,
and the report the session sends its room about once a second.

A RoomLink belongs to one socket. Until `join` it does nothing, so a session outside a room is exactly the
session it always was; inside one it trains exactly as alone too (the same jobs, cohorts included): room
events become ordinary session commands (config, pause, play, reset) plus a RoomMark whose `seq` the next
frame carries as `room_event`.
"""

from __future__ import annotations

import asyncio
import logging
import time

from playground.config import ExperimentConfig
from playground.engine.trainer import needs_rebuild
from playground.rooms import codes, hub
from playground.rooms.model import FIELDS, clean_name, name_key
from playground.rooms.report import make_report
from playground.server import wsbase
from playground.server.protocol import (
    JoinMessage,
    LeaveMessage,
    Message,
    PauseMessage,
    PlayMessage,
    ResetMessage,
    StepMessage,
)
from playground.server.session import ApplyConfig, RoomMark, TrainSession

logger = logging.getLogger("playground.rooms")
REPORT_PERIOD = 1.0  # seconds between reports (the dashboard refreshes about once a second)
WireError = wsbase.WireError


class RoomLink:
    """One socket's membership of a room; `emit` is the socket's Mailbox.emit (replies in order)."""

    def __init__(self, session: TrainSession, emit, wake: asyncio.Event, scheduler, client: str) -> None:
        self.session, self.emit, self.wake, self.scheduler = session, emit, wake, scheduler
        self.client = client  # the address join attempts are rate-limited by
        self.code: str | None = None
        self.key = self.sid = ""
        self.editable: list[str] | None = None
        self.paused = False
        self._task: asyncio.Task | None = None
        self._spawned: set[asyncio.Task] = set()  # held until done (the loop keeps only weak references)
        self._last: dict | None = None  # the last report sent

    # -- client messages -----------------------------------------------------------------------------
    async def handle(self, cmd: JoinMessage | LeaveMessage) -> None:
        if isinstance(cmd, JoinMessage):
            try:
                await self.join(cmd)
            except hub.store_errors():
                await self.detach(left=False, final=False)
                raise WireError("rooms_unavailable", "room", hub.UNREACHABLE) from None
            return
        if self.code is None:
            raise WireError("not_joined", "", "this session is in no room")
        code = self.code
        await self.detach(left=True)
        self.emit({"type": "left", "room": code, "reason": "leave", "id": cmd.id})

    def check_config(self, current: ExperimentConfig, new: ExperimentConfig) -> None:
        """WireError `locked` when `new` changes a field the room does not let students edit."""
        if self.code is None or self.editable is None:
            return
        for f in FIELDS:
            if f not in self.editable and getattr(current, f) != getattr(new, f):
                raise WireError("locked", f"config.{f}", f"the teacher locked {f}; it cannot be changed")

    def check_command(self, cmd: Message) -> None:
        if self.code is not None and self.paused and isinstance(cmd, PlayMessage | StepMessage):
            raise WireError("room_paused", "", "the teacher paused the class; wait for resume")

    async def join(self, cmd: JoinMessage) -> None:
        if self.code is not None:
            raise WireError("already_joined", "room", f"this session is in room {self.code}; leave it first")
        try:
            store = hub.get_store()
        except hub.RoomsUnavailable as e:
            raise WireError("rooms_unavailable", "room", str(e)) from None
        # Failed attempts count (guessing codes fails): a class behind one NAT address joins freely.
        limiter = "join:" + self.client
        if await store.hit(limiter, 60.0, 0) >= wsbase.settings().join_rate:
            raise WireError("rate_limited", "room", "too many failed joins from this address; wait a minute")
        self.sid = codes.new_token()  # this socket's hold on its name (a rejoin elsewhere replaces it)
        try:
            room, status, record, fresh = await self._enter(store, cmd)
        except WireError:
            await store.hit(limiter, 60.0)
            raise
        config = room.experiment
        code, key = room.code, name_key(record["name"])
        if status == "rejoined":  # the student's own config, unless the teacher pushed after its last report
            last = (await store.live(code)).get(key) or {}
            if last.get("config") and (last.get("room_event") or 0) >= room.push_seq:
                config = last["config"]
        cfg = ExperimentConfig.model_validate(config)
        self.code, self.key, self.editable, self.paused = code, key, room.editable, room.paused
        await store.subscribe(code, self.on_event)
        label = f"Student {record['number']}" if room.anonymize else record["name"]
        self.emit(
            {
                "type": "joined",
                **{"room": code, "name": record["name"], "label": label, "number": record["number"]},
                "student_token": cmd.token if status == "rejoined" else fresh,
                **{"experiment": cfg.model_dump(mode="json"), "pushed": room.experiment},
                **{"editable": room.editable, "instructions": room.instructions, "paused": room.paused},
                **{"lesson": room.lesson, "seq": room.seq, "id": cmd.id},
            }
        )
        self.session.requested = cfg
        self.session.submit(ApplyConfig(id=cmd.id, config=cfg))
        if room.paused:
            self.session.submit(PauseMessage(type="pause"))
        self.session.submit(RoomMark(seq=room.seq))  # the session is up to date with the room's events
        self.wake.set()
        self._task = asyncio.create_task(self._report_loop(store, code))

    async def _enter(self, store, cmd: JoinMessage):
        """Check the name and the room, then join in the store: (room, status, record, fresh token)."""
        name = clean_name(cmd.name)
        if name is None:
            raise WireError("invalid_name", "name", "a name has 1 to 24 characters (after trimming)")
        code = codes.normal_code(cmd.room)
        room = None if code is None else await store.room(code)
        if room is None or room.state != "open":
            raise WireError("unknown_room", "room", "no open class with this code")
        fresh, key = codes.new_token(), name_key(name)
        student = {"name": name, "token_hash": codes.token_hash(fresh), "joined": time.time()}
        given = codes.token_hash(cmd.token) if cmd.token else None
        status, record = await store.join(code, key, student, self.sid, given)
        if record is None:
            text = {"name_taken": "another student uses this name", "room_full": "the class is full"}
            raise WireError(status, "name" if status == "name_taken" else "room", text.get(status, status))
        return room, status, record, fresh

    def _spawn(self, coro) -> None:
        task = asyncio.create_task(coro)
        self._spawned.add(task)
        task.add_done_callback(self._spawned.discard)

    def _lose(self, reason: str, left: bool, final: bool) -> None:
        """Leave the room from an event or a report (not from a client message): tell the page why."""
        code = self.code
        self._spawn(self.detach(left=left, final=final))
        self.emit({"type": "left", "room": code, "reason": reason, "id": None})

    # -- room events (event loop) --------------------------------------------------------------------
    def on_event(self, event: dict) -> None:
        kind = event.get("event")
        if self.code is None:
            return
        if kind == "_replaced":
            if event.get("key") == self.key and event.get("sid") != self.sid:
                self._lose("replaced", left=False, final=False)
            return
        session = self.session
        if kind == "push":  # a new experiment: every student starts it over from epoch 0, paused
            cfg = ExperimentConfig.model_validate(event["experiment"])
            fresh_run = needs_rebuild(session.requested, cfg)  # then the config alone starts a new run
            session.requested = cfg
            session.submit(ApplyConfig(id=None, config=cfg))
            # one rebuild per push, not two: 50 students' pushes queue on one training thread per worker
            session.submit(PauseMessage(type="pause") if fresh_run else ResetMessage(type="reset"))
        elif kind == "lock":
            self.editable = event.get("editable")
        elif kind == "pause":
            self.paused = True
            session.submit(PauseMessage(type="pause"))
        elif kind == "resume":
            self.paused = False
            session.submit(PlayMessage(type="play"))
        elif kind == "reset":
            session.submit(ResetMessage(type="reset"))
        self.emit({"type": "room", **event})  # before the `config` reply a push causes: replies keep order
        session.submit(RoomMark(seq=int(event.get("seq", 0))))
        self.wake.set()
        if kind == "end":  # the class is over: the student goes on alone, offline in the results
            self._spawn(self.detach(left=True))

    # -- reports -------------------------------------------------------------------------------------
    async def _report_loop(self, store, code: str) -> None:
        while True:
            try:
                report = await self.scheduler.run(make_report, self.session)
                report.update(attached=True, left=False)
                self._last = report
                if not await store.report(code, self.key, self.sid, report):
                    # a rejoin elsewhere took the name (its event was missed), or the room expired
                    gone = await store.room(code) is None
                    self._lose("expired" if gone else "replaced", left=False, final=False)
                    return
            except asyncio.CancelledError:
                raise
            except Exception:  # a store hiccup (Redis restarting) must not end the student's session
                logger.exception("room %s: report failed", code)
            await asyncio.sleep(REPORT_PERIOD)

    async def detach(self, left: bool, final: bool = True) -> None:
        """Stop reporting and leave the room's channel; `final`: write the last report as detached (and
        `left`: offline at once)."""
        code, task = self.code, self._task
        if code is None:
            return
        self.code, self._task = None, None
        if task is not None:
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
        try:
            store = hub.get_store()
            await store.unsubscribe(code, self.on_event)
            if final and self._last is not None:
                last = {**self._last, "attached": False, "left": left, "updated": time.time()}
                await store.report(code, self.key, self.sid, last)
        except Exception:
            logger.exception("room %s: leaving failed", code)

    async def close(self) -> None:
        """The socket closed: the student shows `reconnecting` (a page that comes back rejoins)."""
        await self.detach(left=False)
