"""Classroom load: a teacher's dashboard plus N students in one room, side by side with N students alone.

    python benchmarks/class_load.py                     # 50 students, 20 s each, --workers 2
    python benchmarks/class_load.py --clients 10 --seconds 5

Both runs use `playground serve --workers 2` (the room run shares rooms through the private redis-server
serve starts) and benchmarks/ws_load.py's simulated students (the same client, imported): each plays TF
Playground's default task and changes its learning rate every 0.5 s. In the room run each student first
joins the room; during the warm-up the teacher pushes the experiment `--pushes` times (each push restarts
every student's run, so it is timed before the measured window) and resumes the class, and over the measured
window the teacher polls the results once a second, as the /class page does.

Reported: frames/s and epochs/s per student (median/min), command latency p50/p95, and for the room run the
push latency (from the teacher's POST to the frame each student renders with the push applied, over every
student and push: p50/p95/max), the dashboard's poll time and the longest gap between two refreshes, and
whether every poll listed every student online. The clients run in this process and share the machine with
the server: the figures are a lower bound.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import time
from pathlib import Path

import httpx
import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))
import ws_load  # noqa: E402 - benchmarks/ is not a package
from calibrate import TF_DEFAULT  # noqa: E402

TARGET = {"ratio": 0.9, "dashboard_gap_s": 1.0, "push_p95_ms": 500}


class Student(ws_load.Client):
    """A ws_load client that first joins the room and timestamps the frames that apply a room event."""

    def __init__(self, url: str, index: int, code: str, joined: asyncio.Queue, warmup: float):
        super().__init__(url, index)
        self.code, self._joined, self.warmup = code, joined, warmup
        self.applied: dict[int, float] = {}  # room event seq -> when its first frame arrived
        self.measure_from = float("inf")  # when this student's measured window begins (ws_load's warm-up)

    async def on_connect(self, ws) -> None:
        await ws.send(json.dumps({"type": "join", "room": self.code, "name": f"student {self.index}"}))
        while True:
            msg = await ws.recv()
            if isinstance(msg, str) and json.loads(msg)["type"] in ("joined", "error"):
                assert json.loads(msg)["type"] == "joined", msg
                break
        self.measure_from = time.perf_counter() + self.warmup  # Client.run's warm-up starts right after
        self._joined.put_nowait(self.index)

    def on_frame(self, now: float, header: dict) -> None:
        seq = header.get("room_event")
        if seq is not None and seq not in self.applied:
            self.applied[seq] = now


async def teacher(base: str, code: str, token: str, students: list[Student], n: int, joined, args) -> dict:
    auth = {"Authorization": f"Bearer {token}"}
    out = {"push_ms": [], "poll_ms": [], "gaps": [], "all_online": True}
    async with httpx.AsyncClient(base_url=base, headers=auth, timeout=30) as http:
        for _ in range(n):
            await joined.get()
        await asyncio.sleep(1.0)
        for _ in range(args.pushes):
            sent = time.perf_counter()
            r = await http.post(f"/api/rooms/{code}/push", json={"experiment": TF_DEFAULT})
            seq = r.json()["seq"]
            deadline = time.perf_counter() + 5
            while any(seq not in s.applied for s in students) and time.perf_counter() < deadline:
                await asyncio.sleep(0.01)
            out["push_ms"] += [1000 * (s.applied.get(seq, float("inf")) - sent) for s in students]
            await http.post(f"/api/rooms/{code}/resume")
            await asyncio.sleep(0.5)
        # a push restarts every run: it must be over before the first student's measured window begins
        start = min(s.measure_from for s in students)
        out["pushes_overlap_s"] = max(0.0, time.perf_counter() - start)
        await asyncio.sleep(max(0.0, start - time.perf_counter()))
        t_end, last = time.perf_counter() + args.seconds, None
        while time.perf_counter() < t_end:
            t0 = time.perf_counter()
            rows = (await http.get(f"/api/rooms/{code}/results")).json()
            done = time.perf_counter()
            out["poll_ms"].append(1000 * (done - t0))
            if last is not None:
                out["gaps"].append(done - last)
            last = done
            online = sum(r["connected"] == "online" for r in rows)
            out["all_online"] &= len(rows) == n and online == n
            await asyncio.sleep(max(0.0, 1.0 - (time.perf_counter() - t0)))
    return out


def summary(clients: list[ws_load.Client], idle: float) -> dict:
    s = [c.stats() for c in clients]
    lat = [x for c in clients for x in c.latencies]
    return {
        "fps_median": statistics.median(x["fps"] for x in s),
        "fps_min": min(x["fps"] for x in s),
        "eps_median": statistics.median(x["eps"] for x in s),
        "eps_min": min(x["eps"] for x in s),
        "cmd_p50_ms": 1000 * ws_load.percentile(lat, 0.5),
        "cmd_p95_ms": 1000 * ws_load.percentile(lat, 0.95),
        "cpu_idle_percent": idle,
    }


async def room_run(port: int, n: int, args) -> dict:
    base = f"http://127.0.0.1:{port}"
    created = httpx.post(base + "/api/rooms", json={"experiment": TF_DEFAULT}, timeout=30).json()
    joined: asyncio.Queue = asyncio.Queue()
    url = f"ws://127.0.0.1:{port}/ws/train"
    students = [Student(url, i, created["code"], joined, args.warmup) for i in range(n)]
    psutil.cpu_times_percent(interval=None)
    runs = [s.run(args.warmup, args.seconds, args.every) for s in students]
    dash = teacher(base, created["code"], created["teacher_token"], students, n, joined, args)
    *_, board = await asyncio.gather(*runs, dash)
    out = summary(students, psutil.cpu_times_percent(interval=None).idle)
    push = board["push_ms"]
    out |= {
        "push_p50_ms": ws_load.percentile(push, 0.5),
        "push_p95_ms": ws_load.percentile(push, 0.95),
        "push_max_ms": max(push) if push else float("nan"),
        "poll_p50_ms": ws_load.percentile(board["poll_ms"], 0.5),
        "poll_p95_ms": ws_load.percentile(board["poll_ms"], 0.95),
        "max_gap_s": max(board["gaps"]) if board["gaps"] else float("nan"),
        "polls": len(board["poll_ms"]),
        "all_online": board["all_online"],
        "pushes_overlap_s": board["pushes_overlap_s"],
    }
    return out


async def alone_run(port: int, n: int, args) -> dict:
    clients = [ws_load.Client(f"ws://127.0.0.1:{port}/ws/train", i) for i in range(n)]
    psutil.cpu_times_percent(interval=None)
    await asyncio.gather(*(c.run(args.warmup, args.seconds, args.every) for c in clients))
    return summary(clients, psutil.cpu_times_percent(interval=None).idle)


def measure(kind: str, n: int, args) -> dict:
    server = ws_load.Server(2)
    try:
        run = room_run if kind == "room" else alone_run
        return asyncio.run(run(server.port, n, args)) | {"load_avg": os.getloadavg()[0]}
    finally:
        server.stop()


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--clients", type=int, default=50)
    p.add_argument("--seconds", type=float, default=20.0)
    p.add_argument("--warmup", type=float, default=15.0, help="seconds before measuring (pushes happen here)")
    p.add_argument("--every", type=float, default=0.5, help="seconds between a student's commands")
    p.add_argument("--pushes", type=int, default=3)
    args = p.parse_args()
    assert args.warmup >= 1.0 + 1.5 * args.pushes, "--warmup too short for the pushes"
    print(
        f"{args.clients} students, {args.seconds:.0f} s, --workers 2; load before {os.getloadavg()}",
        flush=True,
    )
    alone = measure("alone", args.clients, args)
    room = measure("room", args.clients, args)
    print(f"{'':24s}{'alone':>12s}{'in a room':>12s}{'room/alone':>12s}")
    for key in ("fps_median", "fps_min", "eps_median", "eps_min", "cmd_p50_ms", "cmd_p95_ms"):
        ratio = room[key] / alone[key] if alone[key] else float("nan")
        print(f"{key:24s}{alone[key]:12.1f}{room[key]:12.1f}{ratio:12.2f}")
    print(
        f"{'cpu idle %, load avg':24s}{alone['cpu_idle_percent']:6.0f}/{alone['load_avg']:5.1f}"
        f"{room['cpu_idle_percent']:6.0f}/{room['load_avg']:5.1f}"
    )
    print(
        f"push latency to every student p50/p95/max {room['push_p50_ms']:.0f}/{room['push_p95_ms']:.0f}/"
        f"{room['push_max_ms']:.0f} ms; dashboard: {room['polls']} polls, p50/p95 {room['poll_p50_ms']:.0f}/"
        f"{room['poll_p95_ms']:.0f} ms, longest gap {room['max_gap_s']:.2f} s, every poll all online: "
        f"{room['all_online']}"
    )
    ok = (
        room["eps_median"] >= TARGET["ratio"] * alone["eps_median"]
        and room["fps_median"] >= TARGET["ratio"] * alone["fps_median"]
        and room["push_p95_ms"] <= TARGET["push_p95_ms"]
        and room["max_gap_s"] <= TARGET["dashboard_gap_s"] + 0.2
    )
    if room["pushes_overlap_s"] > 0:
        overlap = room["pushes_overlap_s"]
        print(f"INVALID: the pushes ran {overlap:.1f} s into the measured window; raise --warmup")
    print("targets (within 10%, push p95 <= 500 ms, dashboard >= 1/s):", "met" if ok else "NOT met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
