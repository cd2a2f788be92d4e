"""The rooms REST API (shared/protocol/class.md): create a room, the teacher's state, results and actions.

Teacher endpoints need `Authorization: Bearer <teacher_token>`: missing 401, unknown room 404, wrong token
403 (constant-time). Every error is JSON `{"code", "field", "message"}`; bodies are validated by the
pydantic models in playground/rooms/model.py (one schema), so bad input is a 422 naming the field.
"""

from __future__ import annotations

import functools
import io

import segno
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from playground.config import ExperimentConfig
from playground.rooms import codes, hub, results
from playground.rooms.addresses import lan_urls
from playground.rooms.model import (
    CreateBody,
    InstructionsBody,
    LockBody,
    PushBody,
    Room,
    SpotlightBody,
    name_key,
)
from playground.server import wsbase
from playground.validation import ConfigError, load_json

router = APIRouter()
CREATES_PER_MINUTE = 30  # rooms one address may create a minute


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str, field: str = ""):
        super().__init__(message)
        self.status, self.code, self.field, self.message = status, code, field, message

    def response(self) -> JSONResponse:
        body = {"code": self.code, "field": self.field, "message": self.message}
        return JSONResponse(body, status_code=self.status)


def answers_errors(endpoint):
    """Turn ApiError / WireError / RoomsUnavailable raised by an endpoint into the JSON error answer."""

    @functools.wraps(endpoint)
    async def wrapper(*args, **kwargs):
        try:
            return await endpoint(*args, **kwargs)
        except ApiError as e:
            return e.response()
        except wsbase.WireError as e:
            return ApiError(422, e.code, e.message, e.field).response()
        except hub.RoomsUnavailable as e:
            return ApiError(503, "rooms_unavailable", str(e)).response()
        except hub.store_errors():
            return ApiError(503, "rooms_unavailable", hub.UNREACHABLE).response()

    return wrapper


async def body_of(request: Request, model, optional: bool = False):
    raw = await request.body()
    if not raw.strip() and optional:
        return model()
    try:
        data = load_json(raw)
    except ConfigError as e:
        raise ApiError(422, "invalid_json", e.line(), e.field) from None
    return wsbase.validate(model, data, code="invalid_body")


def experiment_of(fields: dict) -> dict:
    """A full ExperimentConfig dump from partial fields merged on the defaults (422 naming the field)."""
    cfg = wsbase.validate(ExperimentConfig, fields, "experiment", code="invalid_body")
    return cfg.model_dump(mode="json")


def client_of(request: Request) -> str:
    return request.client.host if request.client else "?"


def join_url(request: Request, code: str) -> str:
    return f"{str(request.base_url).rstrip('/')}/join?code={code}"


def room_lan_urls(request: Request, code: str) -> list[str]:
    port = request.url.port or wsbase.settings().port
    return lan_urls(wsbase.settings().host, port, f"/join?code={code}")


def state_of(request: Request, room: Room, students: int) -> dict:
    out = room.model_dump(mode="json", exclude={"teacher_hash"})
    out["join_url"], out["lan_urls"] = join_url(request, room.code), room_lan_urls(request, room.code)
    out["students"] = students
    return out


async def teacher_room(request: Request, raw_code: str) -> Room:
    """The room whose teacher token the request carries (ApiError 401/404/403 otherwise)."""
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise ApiError(401, "unauthorized", "send the teacher token: Authorization: Bearer <teacher_token>")
    room = await _room(raw_code)
    if not codes.token_matches(token.strip(), room.teacher_hash):
        raise ApiError(403, "forbidden", "this is not the teacher token of this room")
    return room


async def _room(raw_code: str) -> Room:
    code = codes.normal_code(raw_code)
    room = None if code is None else await hub.get_store().room(code)
    if room is None:
        raise ApiError(404, "unknown_room", "no room with this code (it may have expired)", "code")
    return room


@router.post("/api/rooms", status_code=201)
@answers_errors
async def create_room(request: Request):
    store = hub.get_store()
    body = await body_of(request, CreateBody, optional=True)
    if await store.hit("create:" + client_of(request), 60.0) > CREATES_PER_MINUTE:
        raise ApiError(429, "rate_limited", "too many rooms created from this address; wait a minute")
    token = codes.new_token()
    fields = body.model_dump(exclude={"experiment"})
    fields |= {"experiment": experiment_of(body.experiment), "teacher_hash": codes.token_hash(token)}
    while True:  # 2^40 codes: a collision is rare, never reused
        room = Room(code=codes.new_code(), **fields)
        if await store.create(room):
            break
    answer = {"code": room.code, "teacher_token": token, "join_url": join_url(request, room.code)}
    answer["lan_urls"] = room_lan_urls(request, room.code)
    return JSONResponse(answer, status_code=201)


@router.get("/api/rooms/{code}")
@answers_errors
async def room_state(request: Request, code: str):
    room = await teacher_room(request, code)
    return state_of(request, room, len(await hub.get_store().roster(room.code)))


@router.get("/api/rooms/{code}/results")
@answers_errors
async def room_results(request: Request, code: str):
    room = await teacher_room(request, code)
    store = hub.get_store()
    return results.results(room, await store.roster(room.code), await store.live(room.code))


@router.get("/api/rooms/{code}/results.csv")
@answers_errors
async def room_results_csv(request: Request, code: str):
    room = await teacher_room(request, code)
    store = hub.get_store()
    rows = results.results(room, await store.roster(room.code), await store.live(room.code))
    headers = {"Content-Disposition": f'attachment; filename="room-{room.code}.csv"'}
    return Response(results.to_csv(rows), media_type="text/csv; charset=utf-8", headers=headers)


@router.get("/api/rooms/{code}/qr.svg")
@answers_errors
async def room_qr(request: Request, code: str):
    room = await _room(code)
    urls = room_lan_urls(request, room.code) or [join_url(request, room.code)]
    out = io.BytesIO()
    segno.make(urls[0], error="m").save(out, kind="svg", scale=8, border=2, xmldecl=False)
    return Response(out.getvalue(), media_type="image/svg+xml", headers={"Cache-Control": "no-cache"})


@router.get("/api/server/addresses")
async def server_addresses(request: Request):
    return {"lan_urls": lan_urls(wsbase.settings().host, request.url.port or wsbase.settings().port)}


async def _act(request: Request, code: str, changes_for) -> dict:
    """Authorize, refuse an ended room, then apply `await changes_for(room)` -> (changes, event)."""
    room = await teacher_room(request, code)
    if room.state == "ended":
        raise ApiError(409, "room_ended", "this class has ended")
    changes, event = await changes_for(room)
    store = hub.get_store()
    room = await store.update(room.code, changes, event)
    if room is None:
        raise ApiError(404, "unknown_room", "no room with this code (it may have expired)", "code")
    return state_of(request, room, len(await store.roster(room.code)))


def _action(name: str, handler):
    @answers_errors
    async def endpoint(request: Request, code: str):
        async def changes_for(room: Room):
            return await handler(request, room)

        return await _act(request, code, changes_for)

    endpoint.__name__ = f"room_{name}"
    router.add_api_route(f"/api/rooms/{{code}}/{name}", endpoint, methods=["POST"])


async def _push(request: Request, room: Room):
    body = await body_of(request, PushBody)
    experiment = experiment_of(body.experiment)
    text = room.instructions if body.instructions is None else body.instructions
    changes = {"experiment": experiment, "lesson": body.lesson, "instructions": text}
    return changes, {"event": "push", **changes}


async def _lock(request: Request, room: Room):
    editable = (await body_of(request, LockBody)).editable
    return {"editable": editable}, {"event": "lock", "editable": editable}


async def _spotlight(request: Request, room: Room):
    name = (await body_of(request, SpotlightBody)).name
    if name is not None:
        student = (await hub.get_store().roster(room.code)).get(name_key(name.strip()))
        if student is None:
            raise ApiError(404, "unknown_student", "no student of this name in the room", "name")
        name = student["name"]
    return {"spotlight": name}, None


async def _instructions(request: Request, room: Room):
    text = (await body_of(request, InstructionsBody)).text
    return {"instructions": text}, {"event": "instructions", "instructions": text}


def _simple(event: str, changes: dict):
    async def handler(request: Request, room: Room):
        return changes, {"event": event}

    return handler


for _name, _handler in {
    "push": _push,
    "lock": _lock,
    "pause": _simple("pause", {"paused": True}),
    "resume": _simple("resume", {"paused": False}),
    "reset": _simple("reset", {}),
    "spotlight": _spotlight,
    "instructions": _instructions,
    "end": _simple("end", {"state": "ended", "paused": False}),
}.items():
    _action(_name, _handler)
