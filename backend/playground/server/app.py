"""The FastAPI app: assembles pages, static files, plotly.js, /health and the websocket routers.

`create_app()` is the uvicorn factory (`playground.server.app:create_app`); it reads Settings from the
environment so every `--workers` process gets the same limits.
"""

from __future__ import annotations

import importlib
import os
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from playground.resources import FRONTEND, SHARED
from playground.rooms import hub
from playground.server import equalizer, pages, vendor, wsbase
from playground.server.cohorts import get_pool
from playground.server.scheduler import get_scheduler
from playground.server.settings import Settings

# Endpoint modules written by different people; each exposes `router`. A module not written yet is skipped.
ROUTERS = ("train_ws", "race_ws", "ewa_ws", "tune_ws", "lessons", "rooms_api")


def optional_routers() -> list:
    found = []
    for name in ROUTERS:
        try:
            module = importlib.import_module(f"playground.server.{name}")
        except ModuleNotFoundError as e:
            if e.name != f"playground.server.{name}":
                raise  # a real missing dependency inside the module must not be hidden
            continue
        found.append(module.router)
    return found


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings.from_env()
    wsbase.configure(settings)
    get_scheduler(settings.train_threads)  # create this process's training pool with the configured size
    hub.configure(settings)  # classroom rooms: in memory, in Redis, or off (503)

    @asynccontextmanager
    async def lifespan(_app: FastAPI):
        yield
        await hub.shutdown()

    app = FastAPI(
        title="Training Playground", docs_url=None, redoc_url=None, openapi_url=None, lifespan=lifespan
    )

    @app.get("/health", include_in_schema=False)
    async def health() -> dict:
        # async: answered on the event loop, never queued behind the thread pool
        stacked, cohorts = get_pool().counts()  # sessions training together (server/cohorts.py)
        return {
            "status": "ok",
            "pid": os.getpid(),
            "sessions": wsbase.active_sessions(),
            "training": get_scheduler().busy,
            "stacked": stacked,
            "cohorts": cohorts,
            "equalizer": equalizer.state(),  # --workers N: this worker's pace against the others'
        }

    app.include_router(pages.router)
    app.include_router(vendor.router)
    for router in optional_routers():
        app.include_router(router)
    app.mount("/static", StaticFiles(directory=FRONTEND), name="static")
    app.mount("/shared", StaticFiles(directory=SHARED, check_dir=False), name="shared")
    return app
