"""The private redis-server `playground serve --workers N` starts when no `--redis URL` is given.

It listens only on a unix socket in a private temporary directory (mode 0700: other users cannot reach it),
keeps nothing on disk (`--save '' --appendonly no`), and dies with the server: stopped on exit, and asked by
Linux to stop (PR_SET_PDEATHSIG) if the supervisor is killed outright, like the workers.
"""

from __future__ import annotations

import ctypes
import logging
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

logger = logging.getLogger("playground.rooms")
PR_SET_PDEATHSIG = 1
START_SECONDS = 10.0
MISSING = (
    "Classroom rooms need Redis when the server runs several worker processes, and redis-server is not "
    "installed: install it (Debian/Ubuntu: apt-get install redis-server), or serve with --workers 1, or "
    "pass --redis redis://host:6379/0."
)


def _die_with_parent() -> None:
    try:
        ctypes.CDLL(None).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):
        pass


class PrivateRedis:
    def __init__(self, executable: str = "redis-server") -> None:
        self.executable = executable
        self.proc: subprocess.Popen | None = None
        self.dir: Path | None = None

    def start(self) -> str | None:
        """Start redis-server; its unix:// URL, or None (logged) when it is not installed or fails."""
        exe = shutil.which(self.executable)
        if exe is None:
            logger.warning(MISSING)
            return None
        self.dir = Path(tempfile.mkdtemp(prefix="playground-redis-"))  # mkdtemp: mode 0700
        sock = self.dir / "redis.sock"
        cmd = [exe, "--port", "0", "--unixsocket", str(sock), "--unixsocketperm", "700"]
        cmd += ["--save", "", "--appendonly", "no", "--dir", str(self.dir)]
        self.proc = subprocess.Popen(
            cmd, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT, preexec_fn=_die_with_parent
        )
        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline and self.proc.poll() is None:
            if _answers(sock):
                return f"unix://{sock}"
            time.sleep(0.02)
        logger.warning("the private redis-server did not start; classroom rooms are off")
        self.stop()
        return None

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        if self.dir is not None:
            shutil.rmtree(self.dir, ignore_errors=True)
            self.dir = None


def _answers(path: Path) -> bool:
    """Whether a Redis answers PING on the unix socket."""
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
            s.settimeout(1.0)
            s.connect(str(path))
            s.sendall(b"PING\r\n")
            return s.recv(16).startswith(b"+PONG")
    except OSError:
        return False
