"""`/ws/race`: the optimizer race, stepped live on the server and streamed to the page.

Protocol in shared/protocol/race.md. One Race per connection. A `config` rebuilds the race at step 0 (and
sends the surface grid when the surface or its data changed); `play` streams ~30 frames per second, each
carrying the path points and costs computed since the previous frame (sent in order, never skipped, so the
page's trails stay whole); `pause`, `step` and `reset` do what they say. The race steps run on the process's
shared compute thread pool, never on the event loop, and a lock keeps messages and the player from
interleaving halfway through a step.
"""

from __future__ import annotations

import asyncio
import time

import numpy as np
from fastapi import APIRouter, WebSocket

from playground.config import RaceConfig
from playground.engine.race import Race, build_surface
from playground.engine.surfaces import DOMAINS, SURFACES, Surface
from playground.frames import encode_frame
from playground.server import wsbase
from playground.server.scheduler import get_scheduler

PROTOCOL = 1
router = APIRouter()

GRID = 121  # contour resolution (121 x 121 float32: 57 KB)
FPS = 30
SPEED = (1.0, 5000.0)  # steps per second a `play` may ask for
DEFAULT_SPEED = 60.0
MAX_STEP = 20_000  # steps per `step` message


def surface_info(s: Surface) -> dict:
    """What the page needs to draw and default a surface (JSON-able)."""
    return {
        "name": s.name,
        "formula": s.formula,
        "domain": list(s.domain),
        "start": list(s.start),
        "minima": [list(m) for m in s.minima],
        "saddles": [list(p) for p in s.saddles],
        "log_levels": s.log_levels,
        "min_value": s.min_value,
        "learning_rates": dict(s.learning_rates),
        "steps": s.steps,
    }


def hello_fields() -> dict:
    """The schema (bounds for the controls), the defaults, every analytic surface's defaults and every
    surface's domain [x0, x1, y0, y1] (dataset_logistic's too: the page checks a link's start against it)."""
    return {
        "schema": RaceConfig.model_json_schema(),
        "defaults": RaceConfig().model_dump(mode="json"),
        "surfaces": {name: surface_info(s) for name, s in SURFACES.items()},
        "domains": {name: list(d) for name, d in DOMAINS.items()},
        "speed_range": list(SPEED),  # steps per second a `play` may ask for
    }


def surface_frame(s: Surface, seq: int | None) -> bytes:
    """Header: surface_info. Arrays: xs (r,), ys (r,) float64; z (r, r) float32, z[i, j] = J(xs[j], ys[i])."""
    xs, ys, z = s.grid(GRID)
    return encode_frame(
        {"type": "surface", "seq": seq, **surface_info(s)}, {"xs": xs, "ys": ys, "z": z.astype(np.float32)}
    )


class Session:
    """One connection's race plus how much of each racer's path the page already has."""

    def __init__(self) -> None:
        self.race: Race | None = None
        self.cfg: RaceConfig | None = None
        self.surface_key: str | None = None
        self.sent: dict[str, int] = {}
        self.playing = False
        self.speed = DEFAULT_SPEED
        self.seq: int | None = None

    def configure(self, cfg: RaceConfig) -> Surface | None:
        """Rebuild the race at step 0; returns the surface when the page needs its grid (else None)."""
        key = (
            cfg.surface
            if cfg.surface != "dataset_logistic"
            else cfg.model_dump_json(include={"surface", "data"})
        )
        surface = self.race.surface if key == self.surface_key and self.race else build_surface(cfg)
        race = Race(cfg, surface)
        fresh = key != self.surface_key
        self.race, self.cfg, self.surface_key = race, cfg, key
        self.sent = {}
        return surface if fresh else None

    def reset(self) -> None:
        """Back to step 0 with the same config, paused."""
        self.race = Race(self.cfg, self.race.surface)
        self.sent = {}
        self.playing = False

    def frame(self) -> bytes:
        """The points each racer made since the last frame (all of them after a config or reset)."""
        race = self.race
        racers, arrays = {}, {}
        for name, r in race.racers.items():
            first = self.sent.get(name, 0)
            d = race.surface.nearest_minimum_distance(np.array(r.path[-1]))  # theta may be NaN if diverged
            racers[name] = {
                "from": first,
                "status": r.status,
                "cost": r.costs[-1],
                "distance": d,
                "learning_rate": r.learning_rate,
                "steps": r.steps,
                "stopped_at": r.stopped_at,
            }
            arrays[f"{name}.path"] = np.array(r.path[first:], dtype=np.float64).reshape(-1, 2)
            arrays[f"{name}.cost"] = np.array(r.costs[first:], dtype=np.float64)
            self.sent[name] = len(r.path)
        header = {
            "type": "race",
            "seq": self.seq,
            "t": race.t,
            "steps": race.steps,
            "start": race.start.tolist(),
            "playing": self.playing,
            "finished": race.finished,
            "racers": racers,
        }
        return encode_frame(wsbase.finite(header), arrays)

    def advance(self, n: int) -> bytes:
        """n race steps then the frame (runs on a compute thread); a finished race stops playing."""
        self.race.step(n)
        if self.race.finished:
            self.playing = False
        return self.frame()


def _seq(msg: dict) -> int | None:
    seq = msg.get("seq")
    return seq if isinstance(seq, int) and not isinstance(seq, bool) and abs(seq) < 2**53 else None


def _number(msg: dict, name: str, lo: float, hi: float, default: float, integer: bool = False) -> float:
    value = msg.get(name, default)
    ok = isinstance(value, int | float) and not isinstance(value, bool) and lo <= value <= hi
    if not ok or (integer and value != int(value)):
        kind = "an integer" if integer else "a number"
        raise wsbase.WireError(
            "invalid_message", name, f"{name} must be {kind} in [{lo:g}, {hi:g}] (got {value!r})"
        )
    return int(value) if integer else float(value)


class RaceSocket:
    """The message loop and the player of one connection."""

    def __init__(self, channel: wsbase.Channel):
        self.channel = channel
        self.session = Session()
        self.lock = asyncio.Lock()
        self.wake = asyncio.Event()
        self.scheduler = get_scheduler()

    async def handle(self, msg: dict) -> None:
        kind, s = msg["type"], self.session
        if kind == "config":
            cfg = wsbase.validate(RaceConfig, msg.get("config"), "config")
            async with self.lock:
                s.seq = _seq(msg)
                try:
                    fresh = await self.scheduler.run(s.configure, cfg)
                except ValueError as e:  # dataset_logistic without training points
                    raise wsbase.WireError("invalid_config", "config.data", str(e)) from None
                if fresh is not None:
                    await self.channel.send_bytes(await self.scheduler.run(surface_frame, fresh, s.seq))
                await self.channel.send_bytes(s.frame())
            self.wake.set()
            return
        if kind not in ("play", "pause", "step", "reset"):
            raise wsbase.WireError(
                "unknown_type", "type", f"unknown message type {kind!r} (config, play, pause, step, reset)"
            )
        if s.race is None:
            raise wsbase.WireError("no_config", "type", f"send a config before {kind!r}")
        if kind == "play":
            s.speed = _number(msg, "speed", *SPEED, s.speed)
            s.playing = True
            self.wake.set()
        elif kind == "pause":
            s.playing = False
            async with self.lock:
                await self.channel.send_bytes(s.frame())
        elif kind == "step":
            n = _number(msg, "n", 1, MAX_STEP, 1, integer=True)
            s.playing = False  # stepping is for looking closely: the player stops
            async with self.lock:
                await self.channel.send_bytes(await self.scheduler.run(s.advance, n))
        else:  # reset
            async with self.lock:
                s.reset()
                await self.channel.send_bytes(s.frame())

    async def play(self) -> None:
        """Stream frames while playing: speed / FPS steps per frame (fractions carried over)."""
        s, carry = self.session, 0.0
        while not self.channel.closed:
            if not (s.playing and s.race is not None and not s.race.finished):
                await self.wake.wait()
                self.wake.clear()
                carry = 0.0
                continue
            tick = time.monotonic()
            carry += s.speed / FPS
            n, carry = int(carry), carry - int(carry)
            async with self.lock:
                if n and s.playing and not s.race.finished:
                    await self.channel.send_bytes(await self.scheduler.run(s.advance, n))
            await asyncio.sleep(max(0.0, 1.0 / FPS - (time.monotonic() - tick)))


@router.websocket("/ws/race")
async def race_socket(websocket: WebSocket) -> None:
    channel = await wsbase.accept(websocket, "race")
    if channel is None:
        return
    async with channel:
        await channel.send_json(wsbase.hello("race", PROTOCOL, **hello_fields()))
        sock = RaceSocket(channel)
        player = asyncio.create_task(sock.play())
        try:
            while (msg := await channel.receive()) is not None:
                try:
                    await sock.handle(msg)
                except wsbase.WireError as err:
                    await channel.send_json({**err.to_message(), "seq": _seq(msg)})
        finally:
            player.cancel()
            await asyncio.gather(player, return_exceptions=True)


__all__ = ["router", "PROTOCOL", "surface_frame", "hello_fields"]
