"""RedisRoomStore: rooms in Redis (redis-py's asyncio client), shared by every worker and host.

Keys (all expire together, `ttl` seconds after the room's last activity): `pg:room:{code}` hash of the
Room's fields (each JSON), `...:roster`, `...:holder`, `...:live` hashes keyed by name_key; events go out on
the channel `...:events`. Joins run as one Lua script, so the room cap and name uniqueness hold across
workers; reports are written by a script that checks the writer still holds the name.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time

import redis.asyncio as aioredis

from playground.rooms.model import Room
from playground.rooms.store import EventCallback, RoomStore

logger = logging.getLogger("playground.rooms")
PREFIX = "pg:room:"
PARTS = ("", ":roster", ":holder", ":live")

# KEYS: room, roster, holder, live. ARGV: key, student JSON, sid, token hash ("" for none), ttl (ms)
JOIN = """
local function touch()
  for i = 1, 4 do redis.call('PEXPIRE', KEYS[i], ARGV[5]) end
end
local state = redis.call('HGET', KEYS[1], 'state')
if state ~= '"open"' then return {'unknown_room', false} end
local known = redis.call('HGET', KEYS[2], ARGV[1])
if known then
  if ARGV[4] == '' or cjson.decode(known)['token_hash'] ~= ARGV[4] then return {'name_taken', false} end
  redis.call('HSET', KEYS[3], ARGV[1], ARGV[3])
  touch()
  return {'rejoined', known}
end
if redis.call('HLEN', KEYS[2]) >= tonumber(redis.call('HGET', KEYS[1], 'max_students')) then
  return {'room_full', false}
end
local student = cjson.decode(ARGV[2])
student['number'] = redis.call('HLEN', KEYS[2]) + 1
local record = cjson.encode(student)
redis.call('HSET', KEYS[2], ARGV[1], record)
redis.call('HSET', KEYS[3], ARGV[1], ARGV[3])
touch()
return {'joined', record}
"""

# KEYS: room. ARGV: ttl (ms), then field, value pairs
CREATE = """
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], unpack(ARGV, 2))
redis.call('PEXPIRE', KEYS[1], ARGV[1])
return 1
"""

# KEYS: room, roster, holder, live. ARGV: key, sid, report JSON, ttl (ms)
REPORT = """
if redis.call('HGET', KEYS[3], ARGV[1]) ~= ARGV[2] then return 0 end
redis.call('HSET', KEYS[4], ARGV[1], ARGV[3])
for i = 1, 4 do redis.call('PEXPIRE', KEYS[i], ARGV[4]) end
return 1
"""


def _keys(code: str) -> list[str]:
    return [PREFIX + code + p for p in PARTS]


class RedisRoomStore(RoomStore):
    def __init__(self, url: str, ttl: float) -> None:
        super().__init__(ttl)
        self.url = url
        self.redis = aioredis.from_url(url, decode_responses=True)
        self._join = self.redis.register_script(JOIN)
        self._report = self.redis.register_script(REPORT)
        self._create = self.redis.register_script(CREATE)
        self._subs: dict[str, list[EventCallback]] = {}
        self._pubsub = None
        self._listener: asyncio.Task | None = None

    @property
    def _ttl_ms(self) -> int:
        return max(1, int(self.ttl * 1000))

    async def create(self, room: Room) -> bool:
        pairs = [x for k, v in room.model_dump(mode="json").items() for x in (k, json.dumps(v))]
        return bool(await self._create(keys=_keys(room.code)[:1], args=[self._ttl_ms, *pairs]))

    async def room(self, code: str) -> Room | None:
        data = await self.redis.hgetall(_keys(code)[0])
        if not data or "teacher_hash" not in data:
            return None
        return Room.model_validate({k: json.loads(v) for k, v in data.items() if k in Room.model_fields})

    async def update(self, code: str, changes: dict, event: dict | None = None) -> Room | None:
        keys = _keys(code)
        if not await self.redis.exists(keys[0]):
            return None
        fields = {k: json.dumps(v) for k, v in {**changes, "updated": time.time()}.items()}
        async with self.redis.pipeline(transaction=True) as p:
            p.hset(keys[0], mapping=fields)
            if event is not None:
                p.hincrby(keys[0], "seq_n", 1)
            for k in keys:
                p.pexpire(k, self._ttl_ms)
            out = await p.execute()
        if event is not None:
            seq = int(out[1])
            names = ("seq", "push_seq") if event.get("event") == "push" else ("seq",)
            await self.redis.hset(keys[0], mapping=dict.fromkeys(names, json.dumps(seq)))
            await self.redis.publish(keys[0] + ":events", json.dumps({**event, "seq": seq}))
        return await self.room(code)

    async def join(self, code, key, student, sid, token_hash):
        ttl = self._ttl_ms
        status, record = await self._join(
            keys=_keys(code), args=[key, json.dumps(student), sid, token_hash or "", ttl]
        )
        if status == "rejoined":
            event = {"event": "_replaced", "key": key, "sid": sid}
            await self.redis.publish(_keys(code)[0] + ":events", json.dumps(event))
        return status, (json.loads(record) if record else None)

    async def roster(self, code: str) -> dict[str, dict]:
        return {k: json.loads(v) for k, v in (await self.redis.hgetall(_keys(code)[1])).items()}

    async def live(self, code: str) -> dict[str, dict]:
        return {k: json.loads(v) for k, v in (await self.redis.hgetall(_keys(code)[3])).items()}

    async def report(self, code: str, key: str, sid: str, report: dict) -> bool:
        return bool(await self._report(keys=_keys(code), args=[key, sid, json.dumps(report), self._ttl_ms]))

    async def hit(self, key: str, window: float, n: int = 1) -> int:
        name = f"pg:hits:{key}:{int(time.time() // window)}"
        async with self.redis.pipeline(transaction=True) as p:
            p.incrby(name, n)
            p.expire(name, int(window) + 1)
            count, _ = await p.execute()
        return int(count)

    # -- events ---------------------------------------------------------------------------------------
    async def subscribe(self, code: str, callback: EventCallback) -> None:
        subs = self._subs.setdefault(code, [])
        subs.append(callback)
        if len(subs) == 1:
            if self._pubsub is None:
                self._pubsub = self.redis.pubsub(ignore_subscribe_messages=True)
            await self._pubsub.subscribe(_keys(code)[0] + ":events")
            if self._listener is None or self._listener.done():
                self._listener = asyncio.create_task(self._listen())

    async def unsubscribe(self, code: str, callback: EventCallback) -> None:
        subs = self._subs.get(code, [])
        if callback in subs:
            subs.remove(callback)
        if not subs and self._subs.pop(code, None) is not None and self._pubsub is not None:
            await self._pubsub.unsubscribe(_keys(code)[0] + ":events")

    async def _listen(self) -> None:
        """Deliver every room event of the subscribed channels to this process's members."""
        while self._subs:
            try:
                msg = await self._pubsub.get_message(timeout=1.0)
            except asyncio.CancelledError:
                raise
            except Exception:  # Redis restarting: keep trying, members keep training meanwhile
                logger.exception("rooms: reading Redis events failed")
                await asyncio.sleep(1.0)
                continue
            if msg is None or msg.get("type") != "message":
                continue
            code = msg["channel"][len(PREFIX) : -len(":events")]
            event = json.loads(msg["data"])
            for callback in list(self._subs.get(code, ())):
                try:
                    callback(event)
                except Exception:
                    logger.exception("rooms: a member failed to apply %s", event.get("event"))

    async def close(self) -> None:
        if self._listener is not None:
            self._listener.cancel()
        if self._pubsub is not None:
            await self._pubsub.aclose()
        await self.redis.aclose()
