"""This process's RoomStore, chosen from Settings: memory, Redis, or none (the rooms API answers 503)."""

from __future__ import annotations

from playground.rooms.memory import MemoryRoomStore
from playground.rooms.store import RoomStore
from playground.server.settings import Settings


class RoomsUnavailable(Exception):
    """Rooms are off in this server (several workers and no Redis); the message says what to do."""


def store_errors() -> tuple[type[BaseException], ...]:
    """What a store raises when its backend is unreachable (Redis down): answered 503, never a crash."""
    try:
        from redis.exceptions import RedisError
    except ImportError:
        return (OSError,)
    return (OSError, RedisError)


UNREACHABLE = "the rooms' Redis does not answer; try again in a moment"


_store: RoomStore | None = None
_unavailable = ""


def configure(settings: Settings) -> None:
    """Called once by the app factory."""
    global _store, _unavailable
    _unavailable = settings.rooms_unavailable
    if _unavailable:
        _store = None
    elif settings.redis:
        from playground.rooms.redis_store import RedisRoomStore

        _store = RedisRoomStore(settings.redis, settings.room_ttl)
    else:
        _store = MemoryRoomStore(settings.room_ttl)


def get_store() -> RoomStore:
    """The store; RoomsUnavailable when rooms are off."""
    if _store is None:
        raise RoomsUnavailable(_unavailable or "rooms are not configured in this server")
    return _store


async def shutdown() -> None:
    if _store is not None:
        await _store.close()
