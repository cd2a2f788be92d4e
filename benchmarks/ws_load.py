"""Load benchmark of /ws/train on loopback: N concurrent clients training TF Playground's default task.

    python benchmarks/ws_load.py                       # 1, 10, 50 clients x 5 s, then capacity with 2 workers
    python benchmarks/ws_load.py --seconds 20          # the issue's 20 s runs
    python benchmarks/ws_load.py --clients 1 --no-capacity
    python benchmarks/ws_load.py --pace 100            # clients at the playground page's default pace
    python benchmarks/ws_load.py --pace 100 --task page   # ... training the page's default experiment

Per run: frames/s per client (median and minimum), epochs/s per client, p50/p95 latency from a command (a
learning-rate change carrying an `id`) to the first frame acknowledging it, bytes per frame, server RSS before
and after, and the machine's idle CPU during the run. The clients run in this process (asyncio, frame headers
only), so they share the machine's cores with the server: the figures are a lower bound for a classroom where
every client is a separate computer.

Capacity: the largest client count (with --workers 2) at which every client still gets >= 60 epochs/s and
>= 10 frames/s with p95 command latency <= 150 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import struct
import subprocess
import sys
import time
import urllib.request
from collections import Counter
from pathlib import Path

import psutil
from websockets.asyncio.client import connect

ROOT = Path(__file__).resolve().parents[1]
# TensorFlow Playground's default: circle, 500 points half for training, [4, 2] tanh, batch 10, lr 0.03
TF_DEFAULT = {"dataset": "circles", "n_samples": 500, "dev_ratio": 0.5, "noise": 0.0, "hidden": [4, 2]}
TF_DEFAULT |= {"activation": "tanh", "optimizer": "gd", "learning_rate": 0.03, "mini_batch_size": 10}
TF_DEFAULT |= {"epochs": 1_000_000}
# the playground page's own default experiment (Adam, 300 training points in batches of 32)
TASKS = {"tf": TF_DEFAULT, "page": {"epochs": 1_000_000}}
TARGET = {"epochs_per_s": 60, "frames_per_s": 10, "p95_ms": 150}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """A `playground serve` subprocess with limits raised for the load test."""

    def __init__(self, workers: int):
        self.port = free_port()
        cmd = [
            sys.executable,
            "-m",
            "playground.cli",
            "serve",
            "--port",
            str(self.port),
            "--workers",
            str(workers),
        ]
        cmd += ["--max-per-client", "1000", "--max-sessions", "1000"]
        self.proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/health", timeout=1).read()
                break
            except OSError:
                if time.monotonic() > deadline or self.proc.poll() is not None:
                    raise RuntimeError("server did not start") from None
                time.sleep(0.2)
        time.sleep(0.5 * workers)  # let every worker finish importing

    def rss_mib(self) -> float:
        p = psutil.Process(self.proc.pid)
        procs = [p, *p.children(recursive=True)]
        return sum(q.memory_info().rss for q in procs if q.is_running()) / 2**20

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(15)
        except subprocess.TimeoutExpired:
            self.proc.kill()


class Client:
    """One simulated student: plays, changes the learning rate every `every` s, records what it sees."""

    def __init__(self, url: str, index: int, pace: int = 0, task: str = "tf"):
        self.url, self.index, self.pace, self.task = url, index, pace, TASKS[task]
        self.frames: list[tuple[float, int, int]] = []  # (time, epoch, bytes)
        self.latencies: list[float] = []
        self._sent: dict[str, float] = {}

    async def run(self, warmup: float, seconds: float, every: float) -> None:
        async with connect(self.url, max_size=2**24, compression=None) as ws:
            self.worker = json.loads(await ws.recv()).get("worker")  # hello: which server process
            await self.on_connect(ws)
            await ws.send(json.dumps({"type": "config", "config": self.task | {"seed": self.index}}))
            if self.pace:  # the playground page's Epochs/s menu (its default is 100)
                await ws.send(json.dumps({"type": "view", "max_epochs_per_second": self.pace}))
            await ws.send(json.dumps({"type": "play"}))
            reader = asyncio.create_task(self._read(ws))
            await asyncio.sleep(warmup)
            self.frames.clear()
            t_end = time.perf_counter() + seconds
            k = 0
            while time.perf_counter() < t_end:
                k += 1
                mid = f"c{self.index}-{k}"
                self._sent[mid] = time.perf_counter()
                lr = 0.03 if k % 2 else 0.031
                await ws.send(json.dumps({"type": "config", "config": {"learning_rate": lr}, "id": mid}))
                await asyncio.sleep(min(every, max(0.0, t_end - time.perf_counter())))
            self.t_end = t_end
            reader.cancel()

    async def on_connect(self, ws) -> None:
        """Hook after the hello, before the client configures its session (class_load.py joins a room)."""

    def on_frame(self, now: float, header: dict) -> None:
        """Hook for every frame header (class_load.py times a teacher's pushes with it)."""

    async def _read(self, ws) -> None:
        async for msg in ws:
            if isinstance(msg, str):
                continue
            now = time.perf_counter()
            (n,) = struct.unpack_from("<I", msg, 0)
            header = json.loads(msg[4 : 4 + n])
            self.on_frame(now, header)
            self.frames.append((now, header["epoch"], len(msg)))
            sent = self._sent.pop(header.get("ack"), None) if header.get("ack") else None
            if sent is not None:
                self.latencies.append(now - sent)

    def stats(self) -> dict:
        f = [x for x in self.frames if x[0] <= self.t_end]
        if len(f) < 2:
            return {"fps": 0.0, "eps": 0.0, "bytes": 0}
        span = f[-1][0] - f[0][0]
        return {
            "fps": (len(f) - 1) / span,
            "eps": (f[-1][1] - f[0][1]) / span,
            "bytes": statistics.mean(x[2] for x in f),
        }


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    v = sorted(values)
    return v[min(len(v) - 1, int(q * len(v)))]


async def load(port: int, n: int, seconds: float, warmup: float, every: float, pace=0, task="tf") -> dict:
    clients = [Client(f"ws://127.0.0.1:{port}/ws/train", i, pace, task) for i in range(n)]
    psutil.cpu_times_percent(interval=None)
    await asyncio.gather(*(c.run(warmup, seconds, every) for c in clients))
    idle = psutil.cpu_times_percent(interval=None).idle
    s = [c.stats() for c in clients]
    lat = [x for c in clients for x in c.latencies]
    return {
        "clients": n,
        "fps_median": statistics.median(x["fps"] for x in s),
        "fps_min": min(x["fps"] for x in s),
        "epochs_per_s_median": statistics.median(x["eps"] for x in s),
        "epochs_per_s_min": min(x["eps"] for x in s),
        "latency_p50_ms": 1000 * percentile(lat, 0.5),
        "latency_p95_ms": 1000 * percentile(lat, 0.95),
        "bytes_per_frame": statistics.mean(x["bytes"] for x in s if x["bytes"]),
        "cpu_idle_percent": idle,
        "clients_per_worker": sorted(Counter(c.worker for c in clients).values(), reverse=True),
    }


def run_one(workers: int, n: int, args) -> dict:
    server = Server(workers)
    try:
        rss0 = server.rss_mib()
        run = load(server.port, n, args.seconds, args.warmup, args.every, args.pace, args.task)
        result = asyncio.run(run)
        result |= {"workers": workers, "rss_before_mib": rss0, "rss_after_mib": server.rss_mib()}
        return result
    finally:
        server.stop()


def meets_target(r: dict) -> bool:
    return (
        r["epochs_per_s_min"] >= TARGET["epochs_per_s"]
        and r["fps_min"] >= TARGET["frames_per_s"]
        and r["latency_p95_ms"] <= TARGET["p95_ms"]
    )


def show(r: dict) -> None:
    parts = [
        f"workers={r['workers']} clients={r['clients']:3d}",
        f"fps med/min {r['fps_median']:5.1f}/{r['fps_min']:5.1f}",
        f"epochs/s med/min {r['epochs_per_s_median']:7.0f}/{r['epochs_per_s_min']:7.0f}",
        f"latency p50/p95 {r['latency_p50_ms']:5.0f}/{r['latency_p95_ms']:5.0f} ms",
        f"{r['bytes_per_frame'] / 1024:5.1f} KiB/frame",
        f"RSS {r['rss_before_mib']:.0f}->{r['rss_after_mib']:.0f} MiB",
        f"idle CPU {r['cpu_idle_percent']:.0f}%",
        f"clients per worker {'/'.join(map(str, r['clients_per_worker']))}",
    ]
    print("  ".join(parts), flush=True)


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--clients", default="1,10,50", help="comma-separated client counts (1 worker)")
    p.add_argument("--seconds", type=float, default=5.0, help="measured seconds per run (the issue says 20)")
    p.add_argument("--warmup", type=float, default=1.5, help="seconds before measuring")
    p.add_argument("--every", type=float, default=0.5, help="seconds between commands per client")
    p.add_argument("--capacity", default="10,20,30,40,50,60", help="client counts to try with --workers 2")
    p.add_argument("--no-capacity", action="store_true")
    p.add_argument("--task", choices=list(TASKS), default="tf", help="TF Playground's default or the page's")
    p.add_argument(
        "--pace",
        type=int,
        default=0,
        help="epochs/s each client asks for (0: unpaced; the page's default: 100)",
    )
    p.add_argument("--json", help="also write the results to this file")
    args = p.parse_args()
    print(f"machine: {os.cpu_count()} cores; load average {os.getloadavg()[0]:.1f}", flush=True)
    results = []
    for n in (int(x) for x in args.clients.split(",")):
        results.append(run_one(1, n, args))
        show(results[-1])
    capacity = 0
    if not args.no_capacity:
        for n in (int(x) for x in args.capacity.split(",")):
            r = run_one(2, n, args)
            results.append(r)
            show(r)
            if not meets_target(r):
                break
            capacity = n
        print(f"capacity (--workers 2, every client >= 60 epochs/s, >= 10 fps, p95 <= 150 ms): {capacity}")
    if args.json:
        Path(args.json).write_text(json.dumps({"results": results, "capacity": capacity}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
