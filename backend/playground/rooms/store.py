"""The RoomStore interface: what the server needs of a place that keeps rooms and carries their events.

Two implementations: MemoryRoomStore (one process) and RedisRoomStore (every worker and host sharing one
Redis). Records are plain JSON-able dicts except the Room itself. Keys of students are `name_key(name)`.

- roster: key -> {"name", "number", "token_hash", "joined"} (written once per student, on the first join)
- holder: key -> the session id (`sid`) of the socket that holds the name now; a rejoin replaces it, and
  only the holder's reports are kept (an old socket that still looks connected cannot overwrite them)
- live: key -> the holder's last report {"config", "epoch", metrics..., "thumbnail", "updated", "last_seen",
  "attached", "left"}

Every write refreshes the room's time to live (`ttl` seconds): a room expires after that long without a
teacher action, a join or a student report. Events are dicts `{"event": name, "seq": n, ...}` delivered to
every subscriber of the room in every process; `{"event": "_replaced", "key", "sid"}` tells the old holder
of a name that a rejoin took it over.
"""

from __future__ import annotations

import abc
from collections.abc import Callable

from playground.rooms.model import Room

EventCallback = Callable[[dict], None]  # called on the event loop


class RoomStore(abc.ABC):
    def __init__(self, ttl: float) -> None:
        self.ttl = ttl

    @abc.abstractmethod
    async def create(self, room: Room) -> bool:
        """Store a new room; False (nothing written) when its code exists already."""

    @abc.abstractmethod
    async def room(self, code: str) -> Room | None:
        """The room, or None when unknown or expired."""

    @abc.abstractmethod
    async def update(self, code: str, changes: dict, event: dict | None = None) -> Room | None:
        """Apply `changes` (Room fields) and refresh the TTL; with an event, increment `seq` and publish
        `{**event, "seq": seq}`. The new room (None when unknown)."""

    @abc.abstractmethod
    async def join(
        self, code: str, key: str, student: dict, sid: str, token_hash: str | None
    ) -> tuple[str, dict | None]:
        """Atomically: ("unknown_room" | "name_taken" | "room_full", None), ("joined", record) after adding
        `student` (its "number" assigned here), or ("rejoined", record) when `token_hash` is the name's."""

    @abc.abstractmethod
    async def roster(self, code: str) -> dict[str, dict]:
        """key -> student record."""

    @abc.abstractmethod
    async def live(self, code: str) -> dict[str, dict]:
        """key -> last report."""

    @abc.abstractmethod
    async def report(self, code: str, key: str, sid: str, report: dict) -> bool:
        """Keep `report` as the student's latest if `sid` still holds the name (False otherwise)."""

    @abc.abstractmethod
    async def hit(self, key: str, window: float, n: int = 1) -> int:
        """Count `n` attempts (0: only read) under `key` in the current `window`-second window; the count."""

    @abc.abstractmethod
    async def subscribe(self, code: str, callback: EventCallback) -> None: ...

    @abc.abstractmethod
    async def unsubscribe(self, code: str, callback: EventCallback) -> None: ...

    async def close(self) -> None:  # noqa: B027 - optional: only a store with connections needs it
        """Release connections (the app's shutdown)."""
