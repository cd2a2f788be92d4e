"""`/ws/tune`: the tuning lab's live sweeps (protocol in shared/protocol/tune.md).

A round is a SweepConfig; its trials train in chunks of stacked trials, each chunk in time-boxed jobs on the
process's shared training scheduler (so a sweep takes turns with the live playground sessions), and every
trial is sent the moment its chunk finishes. `start` during a round stops it first; `stop` or a disconnect
stops it at the end of the current job.
"""

from __future__ import annotations

import asyncio
import logging
import math
import threading
import time

from fastapi import APIRouter, WebSocket

from playground.config import ExperimentConfig, SweepConfig
from playground.server import wsbase
from playground.server.scheduler import get_scheduler
from playground.tuning.limits import WEB_BUDGET, WEB_MAX_TRIALS, check_web, field_table
from playground.tuning.runner import plan
from playground.tuning.trial import TrialGroup
from playground.validation import ConfigError

PROTOCOL = 1
# Trials per stacked computation: about five batches of results per round (it streams), at least 10 trials
# per stack (it pays off): 25 trials -> 10 + 10 + 5, 100 -> 5 x 20, 200 -> 5 x 40.
MIN_CHUNK, UPDATES = 10, 5


def chunk_size(trials: int) -> int:
    return max(MIN_CHUNK, math.ceil(trials / UPDATES))


JOB_PERIOD = 0.1  # seconds: a sweep's turn on the scheduler (shrinks as more sessions are busy)

router = APIRouter()
log = logging.getLogger(__name__)


class Round:
    """One running sweep of a session: its number, its stop flag, its asyncio task."""

    def __init__(self, number: int, sweep: SweepConfig):
        self.number, self.sweep = number, sweep
        self.stop_flag = threading.Event()
        self.task: asyncio.Task | None = None

    async def run(self, channel: wsbase.Channel) -> None:
        try:
            await self._run(channel)
        except Exception as e:  # a bug must not pass silently, nor take the connection down
            log.exception("tune round %s failed", self.number)
            await channel.send_error(wsbase.WireError("internal_error", "", f"the round failed: {e}"))
            await channel.send_json({"type": "done", "round": self.number, "stopped": True, "seconds": 0.0})

    async def _run(self, channel: wsbase.Channel) -> None:
        started = time.perf_counter()
        scheduler = get_scheduler(wsbase.settings().train_threads)
        tasks, invalid = await scheduler.run(plan, self.sweep, chunk_size(self.sweep.trials))
        count = len(invalid) + sum(len(items) for _, items in tasks)
        sweep = self.sweep.model_dump(exclude={"base"}, exclude_none=True)
        await channel.send_json({"type": "round", "round": self.number, "trials": count, "sweep": sweep})
        for record in invalid:
            await channel.send_json({"type": "trial", "round": self.number, **record})
        scheduler.busy += 1
        try:
            for base, items in tasks:
                group = await scheduler.run(TrialGroup, base, items)
                while not self.stop_flag.is_set():
                    if await scheduler.run(group.work, scheduler.budget(JOB_PERIOD), self.stop_flag.is_set):
                        break
                if self.stop_flag.is_set():
                    break
                for record in await scheduler.run(group.results):
                    await channel.send_json({"type": "trial", "round": self.number, **record})
        finally:
            scheduler.busy -= 1
        seconds = time.perf_counter() - started
        stopped = self.stop_flag.is_set()
        await channel.send_json(
            {"type": "done", "round": self.number, "stopped": stopped, "seconds": seconds}
        )

    async def stop(self) -> None:
        self.stop_flag.set()
        if self.task is not None:
            await asyncio.gather(self.task, return_exceptions=True)


def parse_sweep(msg: dict) -> SweepConfig:
    sweep = wsbase.validate(SweepConfig, msg.get("sweep"), "sweep")
    try:
        check_web(sweep)
    except ConfigError as err:
        raise wsbase.WireError("invalid_config", f"sweep.{err.field}", err.line()) from None
    return sweep


@router.websocket("/ws/tune")
async def tune_socket(websocket: WebSocket) -> None:
    channel = await wsbase.accept(websocket, "tune")
    if channel is None:
        return
    current: Round | None = None
    rounds = 0
    limits = {"max_trials": WEB_MAX_TRIALS, "budget": WEB_BUDGET}
    async with channel:
        hello = wsbase.hello(
            "tune",
            PROTOCOL,
            fields=field_table(),
            tune_limits=limits,
            defaults=ExperimentConfig().model_dump(),
        )
        await channel.send_json(hello)
        try:
            while (msg := await channel.receive()) is not None:
                kind = msg["type"]
                if kind == "stop":
                    if current is not None:
                        await current.stop()
                    continue
                if kind != "start":
                    await channel.send_error(
                        wsbase.WireError(
                            "unknown_type", "type", f"unknown message type {kind!r}; use start, stop"
                        )
                    )
                    continue
                try:
                    sweep = parse_sweep(msg)
                except wsbase.WireError as err:
                    await channel.send_error(err)
                    continue
                if current is not None:
                    await current.stop()
                rounds += 1
                current = Round(rounds, sweep)
                current.task = asyncio.create_task(current.run(channel))
        finally:
            if current is not None:
                await current.stop()
