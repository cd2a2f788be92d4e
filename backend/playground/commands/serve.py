"""`playground serve`: the web app under uvicorn (default http://127.0.0.1:8000, loopback only)."""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
import threading
import webbrowser
from urllib.parse import urlsplit

from playground.server import workers
from playground.server.logconfig import stdout_logging
from playground.server.settings import ENV_VAR, Settings

APP = "playground.server.app:create_app"
# Every flag also reads PLAYGROUND_<FLAG> (PLAYGROUND_PORT, PLAYGROUND_ALLOW_ORIGIN=a,b, ...); a flag wins
# over its variable. commands/envflags.py derives the variables from the flags below: a new flag gets one.
ENV_PREFIX = "PLAYGROUND_"


def port_number(text: str) -> int:
    """argparse type of --port: an integer in 0..65535 (0 = any free port)."""
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be an integer in 0..65535 (got {text!r})") from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"must be in 0..65535 (got {port})")
    return port


def origin(text: str) -> str:
    """argparse type of --allow-origin: a browser origin, scheme://host[:port] with http or https."""
    parts = urlsplit(text)
    try:
        parts.port  # noqa: B018 - raises ValueError for a port that is no number or out of range
        ok = parts.scheme in ("http", "https") and bool(parts.hostname) and "@" not in parts.netloc
    except ValueError:
        ok = False
    if not ok or parts.path not in ("", "/") or parts.query or parts.fragment:
        raise argparse.ArgumentTypeError(
            f"must be an origin like https://lab.example.org or http://10.0.0.5:8000 (got {text!r})"
        )
    return text


def add_arguments(parser: argparse.ArgumentParser) -> None:
    d = Settings()
    parser.epilog = (
        "Every flag can also be set by an environment variable PLAYGROUND_<FLAG> (e.g. PLAYGROUND_PORT=8000, "
        "PLAYGROUND_ALLOW_ORIGIN=https://a.example,https://b.example); a flag given here wins."
    )
    parser.add_argument(
        "--host", default=d.host, help="bind address (default 127.0.0.1; 0.0.0.0 for a class)"
    )
    parser.add_argument("--port", type=port_number, default=d.port, help="port 0..65535 (default 8000)")
    parser.add_argument("--open", action="store_true", help="open the playground in a browser")
    parser.add_argument("--workers", type=int, default=1, help="uvicorn worker processes (sessions stay put)")
    parser.add_argument(
        "--allow-origin",
        action="append",
        type=origin,
        default=[],
        metavar="URL",
        help="extra browser origin allowed to open websockets (repeatable), e.g. https://lab.example.org",
    )
    parser.add_argument(
        "--no-pin-cpus",
        action="store_true",
        help="with --workers N, let the kernel place the workers (default: each on a CPU of its own when "
        "there are at least N)",
    )
    parser.add_argument(
        "--no-equalize",
        action="store_true",
        help="with --workers N, past capacity let each worker's students go as fast as its CPU allows "
        "(default: a worker slows to the slowest one's pace, so the whole class slows together)",
    )
    parser.add_argument("--max-sessions", type=int, default=d.max_sessions, help="live sessions per worker")
    parser.add_argument("--max-per-client", type=int, default=d.max_per_client, help="sessions per address")
    parser.add_argument(
        "--idle-timeout", type=float, default=d.idle_timeout, help="seconds without a message"
    )
    parser.add_argument("--train-threads", type=int, default=d.train_threads, help="training threads/worker")
    parser.add_argument(
        "--redis",
        default="",  # PLAYGROUND_REDIS, like every flag's variable (envflags.py)
        metavar="URL",
        help="Redis for classroom rooms, shared by workers and hosts (redis://host:6379/0 or unix:///path); "
        "default: in memory with one worker, a private redis-server with several",
    )
    parser.add_argument(
        "--room-ttl", type=float, default=d.room_ttl, help="seconds a room lives without activity"
    )
    parser.add_argument(
        "--join-rate", type=int, default=d.join_rate, help="failed room joins a minute per address"
    )
    parser.add_argument("--log-level", default="warning", choices=["critical", "error", "warning", "info"])


def settings_from(args: argparse.Namespace) -> Settings:
    for name in ("workers", "max_sessions", "max_per_client", "train_threads"):
        if getattr(args, name) < 1:
            raise SystemExit(f"playground serve: --{name.replace('_', '-')} must be at least 1")
    if args.idle_timeout <= 0:
        raise SystemExit("playground serve: --idle-timeout must be positive")
    if args.room_ttl <= 0 or args.join_rate < 1:
        raise SystemExit("playground serve: --room-ttl must be positive and --join-rate at least 1")
    return Settings(
        host=args.host,
        port=args.port,
        allow_origins=tuple(args.allow_origin),
        max_sessions=args.max_sessions,
        max_per_client=args.max_per_client,
        idle_timeout=args.idle_timeout,
        train_threads=args.train_threads,
        redis=args.redis,
        room_ttl=args.room_ttl,
        join_rate=args.join_rate,
    )


def main(args: argparse.Namespace) -> int:
    settings = settings_from(args)
    private = None
    if args.workers > 1 and not settings.redis:  # workers must share rooms: through a Redis of our own
        from playground.rooms.private_redis import MISSING, PrivateRedis

        private = PrivateRedis()
        url = private.start()
        change = {"redis": url} if url else {"rooms_unavailable": MISSING}
        if not url:
            print(f"playground serve: {MISSING}", file=sys.stderr)
        settings = dataclasses.replace(settings, **change)
    try:
        return _serve(args, settings)
    finally:
        if private is not None:
            private.stop()


def _serve(args: argparse.Namespace, settings: Settings) -> int:
    import uvicorn

    os.environ[ENV_VAR] = settings.to_env()  # worker processes read it in create_app()
    if args.open:
        url = f"http://{'127.0.0.1' if args.host in ('0.0.0.0', '::') else args.host}:{args.port}/"
        threading.Timer(1.0, webbrowser.open, (url,)).start()
    options = dict(
        app=APP,
        factory=True,
        host=args.host,
        port=args.port,
        ws="websockets-sansio",
        ws_per_message_deflate=False,
        ws_max_size=settings.ws_max_size,
        log_level=args.log_level,
        log_config=stdout_logging(),  # logs on stdout, for containers
        access_log=False,
        timeout_graceful_shutdown=3,
    )
    if args.workers > 1 and workers.supported():  # the least-loaded worker takes each connection
        return workers.run(options, args.workers, not args.no_pin_cpus, not args.no_equalize)
    uvicorn.run(**options, workers=args.workers)
    return 0
