"""Server settings: one frozen object, passed from `playground serve` to every uvicorn worker.

With `--workers N` uvicorn imports the app in fresh processes, so the settings travel as JSON in the
environment variable PLAYGROUND_SETTINGS. Every limit here is per worker process.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field

ENV_VAR = "PLAYGROUND_SETTINGS"


@dataclass(frozen=True)
class Settings:
    """Limits and knobs of one server process (defaults are the classroom defaults)."""

    host: str = "127.0.0.1"
    port: int = 8000
    # Extra origins allowed to open websockets ("http://lab.example"); the server's own is always ok.
    allow_origins: tuple[str, ...] = field(default_factory=tuple)
    max_sessions: int = 200  # live websockets per worker process
    max_per_client: int = 24  # per client address (a classroom behind NAT shares one address: raise it)
    idle_timeout: float = 900.0  # seconds without a client message before the server closes the socket
    max_message_bytes: int = 256 * 1024  # per client message: 5000 drawn points fit with room to spare
    max_messages_per_s: float = 100.0  # per socket; a slider drag sends ~30-60 a second
    max_bytes_per_s: float = 2 * 1024 * 1024  # per socket: eight 256 KiB drawings a second
    train_threads: int = 1  # training threads per process (NumPy holds the GIL on small arrays)
    # Classroom rooms (shared/protocol/class.md): "" keeps rooms in this process's memory; a redis:// or
    # unix:// URL shares them between workers and hosts. `rooms_unavailable` (a message) turns the rooms API
    # off with 503: several workers without a Redis to share rooms through.
    redis: str = ""
    rooms_unavailable: str = ""
    room_ttl: float = 6 * 3600.0  # seconds a room lives without activity
    join_rate: int = 60  # failed joins per minute per client address (guessing codes fails; joins are free)

    @property
    def ws_max_size(self) -> int:
        """Protocol cap (uvicorn closes with 1009 above it); between the caps the app answers an error."""
        return 4 * self.max_message_bytes

    def to_env(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_env(cls) -> Settings:
        raw = os.environ.get(ENV_VAR)
        if not raw:
            return cls()
        data = json.loads(raw)
        data["allow_origins"] = tuple(data.get("allow_origins", ()))
        return cls(**data)
