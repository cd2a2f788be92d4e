"""MemoryRoomStore: rooms in this process's memory (the default of a one-process server).

All methods run on the event loop and never await inside a read-modify-write, so each one is atomic. Rooms
expire like Redis keys: every write pushes the room's deadline `ttl` seconds ahead; a room past it is gone
(deleted on the next look, and swept whenever a room is created).
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field

from playground.rooms.model import Room
from playground.rooms.store import EventCallback, RoomStore


@dataclass
class _Entry:
    room: Room
    expires: float
    roster: dict[str, dict] = field(default_factory=dict)
    holder: dict[str, str] = field(default_factory=dict)
    live: dict[str, dict] = field(default_factory=dict)


class MemoryRoomStore(RoomStore):
    def __init__(self, ttl: float) -> None:
        super().__init__(ttl)
        self._rooms: dict[str, _Entry] = {}
        self._subs: dict[str, list[EventCallback]] = {}
        self._hits: dict[str, tuple[int, int]] = {}  # key -> (window number, count)

    def _entry(self, code: str, touch: bool = False) -> _Entry | None:
        entry = self._rooms.get(code)
        now = time.monotonic()
        if entry is not None and entry.expires <= now:
            del self._rooms[code]
            return None
        if entry is not None and touch:
            entry.expires = now + self.ttl
        return entry

    async def create(self, room: Room) -> bool:
        now = time.monotonic()
        for code in [c for c, e in self._rooms.items() if e.expires <= now]:
            del self._rooms[code]
        if room.code in self._rooms:
            return False
        self._rooms[room.code] = _Entry(room, now + self.ttl)
        return True

    async def room(self, code: str) -> Room | None:
        entry = self._entry(code)
        return None if entry is None else entry.room

    async def update(self, code: str, changes: dict, event: dict | None = None) -> Room | None:
        entry = self._entry(code, touch=True)
        if entry is None:
            return None
        changes = {**changes, "updated": time.time()}
        if event is not None:
            changes["seq"] = entry.room.seq + 1
            if event.get("event") == "push":
                changes["push_seq"] = changes["seq"]
        entry.room = entry.room.model_copy(update=changes)
        if event is not None:
            self._publish(code, {**event, "seq": entry.room.seq})
        return entry.room

    def _publish(self, code: str, event: dict) -> None:
        loop = asyncio.get_running_loop()
        for callback in self._subs.get(code, ()):
            loop.call_soon(callback, event)

    async def join(self, code, key, student, sid, token_hash):
        entry = self._entry(code, touch=True)
        if entry is None or entry.room.state != "open":
            return "unknown_room", None
        known = entry.roster.get(key)
        if known is not None:
            if token_hash is None or known["token_hash"] != token_hash:
                return "name_taken", None
            entry.holder[key] = sid
            self._publish(code, {"event": "_replaced", "key": key, "sid": sid})
            return "rejoined", known
        if len(entry.roster) >= entry.room.max_students:
            return "room_full", None
        record = {**student, "number": len(entry.roster) + 1}
        entry.roster[key], entry.holder[key] = record, sid
        return "joined", record

    async def roster(self, code: str) -> dict[str, dict]:
        entry = self._entry(code)
        return {} if entry is None else dict(entry.roster)

    async def live(self, code: str) -> dict[str, dict]:
        entry = self._entry(code)
        return {} if entry is None else dict(entry.live)

    async def report(self, code: str, key: str, sid: str, report: dict) -> bool:
        entry = self._entry(code, touch=True)
        if entry is None or entry.holder.get(key) != sid:
            return False
        entry.live[key] = report
        return True

    async def hit(self, key: str, window: float, n: int = 1) -> int:
        number = int(time.monotonic() // window)
        start, count = self._hits.get(key, (number, 0))
        count = count + n if start == number else n
        if len(self._hits) > 10_000:  # forget old windows: bounded memory under a flood of addresses
            self._hits = {k: v for k, v in self._hits.items() if v[0] == number}
        self._hits[key] = (number, count)
        return count

    async def subscribe(self, code: str, callback: EventCallback) -> None:
        self._subs.setdefault(code, []).append(callback)

    async def unsubscribe(self, code: str, callback: EventCallback) -> None:
        subs = self._subs.get(code, [])
        if callback in subs:
            subs.remove(callback)
        if not subs:
            self._subs.pop(code, None)
