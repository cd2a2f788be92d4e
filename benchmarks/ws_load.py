"""Load benchmark of /ws/train on loopback: N concurrent clients training TF Playground's default task.

    python benchmarks/ws_load.py                       # 1, 10, 50 clients x 5 s, then capacity with 2 workers
    python benchmarks/ws_load.py --seconds 20          # the issue's 20 s runs
    python benchmarks/ws_load.py --clients 1 --no-capacity
    python benchmarks/ws_load.py --pace 100            # clients at the playground page's default pace
    python benchmarks/ws_load.py --pace 100 --task page   # ... training the page's default experiment

Per run: frames/s per client (median and minimum), epochs/s per client, p50/p95 latency from a command (a
learning-rate change carrying an `id`) to the first frame acknowledging it, bytes per frame, server RSS before
and after, and the machine's idle CPU during the run. The clients run in one load-generator process per CPU
(asyncio, frame headers only; `--generator-cpu C` puts them all on one), so they share the machine's cores
with the server: the figures are a lower bound for a classroom where every client is a separate computer.

Capacity: the largest client count (with --workers 2) at which every client still gets >= 60 epochs/s and
>= 10 frames/s with p95 command latency <= 150 ms. It is stated beside a calibration measured first in the
same run (benchmarks/calibrate.py: the task's lone epochs/s headless, TF's task against the README's
reference, frame render ms, the machine's load), and every run reports the CPU other processes took meanwhile
and how the server's CPU split between its event loops and its training threads.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import socket
import statistics
import struct
import subprocess
import sys
import threading
import time
import urllib.request
from collections import Counter
from pathlib import Path

import psutil
from calibrate import TASKS, CpuMeter, calibrate, show_calibration
from cpu_hogs import CpuHogs
from cpu_share import CpuShare
from websockets.asyncio.client import connect

ROOT = Path(__file__).resolve().parents[1]
TARGET = {"epochs_per_s": 60, "frames_per_s": 10, "p95_ms": 150}
DRIFT = 0.15  # calibrations before and after a run this far apart (relative): the machine changed meanwhile


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """A `playground serve` subprocess with limits raised for the load test."""

    def __init__(self, workers: int, share: CpuShare | None = None, flags: tuple[str, ...] = ()):
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
        cmd += ["--max-per-client", "1000", "--max-sessions", "1000", *flags]
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
        if share is not None:  # each process its own quota: see cpu_share.py
            p = psutil.Process(self.proc.pid)
            for q in [p, *p.children(recursive=True)]:
                share.put(q.pid)

    def rss_mib(self) -> float:
        p = psutil.Process(self.proc.pid)
        procs = [p, *p.children(recursive=True)]
        return sum(q.memory_info().rss for q in procs if q.is_running()) / 2**20

    def health(self) -> dict:
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/health", timeout=2) as r:
            return json.loads(r.read())

    def thread_cpu(self) -> dict[str, float]:
        """CPU-seconds so far of the server's event loops (each process's main thread) and of every other
        thread (the training threads, the small pool that validates configs), over all its processes."""
        out = {"event_loop": 0.0, "other_threads": 0.0}
        p = psutil.Process(self.proc.pid)
        for q in [p, *p.children(recursive=True)]:
            try:
                for t in q.threads():
                    out["event_loop" if t.id == q.pid else "other_threads"] += t.user_time + t.system_time
            except psutil.Error:
                pass
        return out

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
        self.frames_all, self.last_epoch = 0, 0  # since connecting, warm-up included (for CPU per frame)
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
            self.frames_all, self.last_epoch = self.frames_all + 1, header["epoch"]
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


def cpus_of(pid: int) -> list[int]:
    """The CPUs a server process may run on (its pinning), [] once it is gone."""
    try:
        return sorted(psutil.Process(pid).cpu_affinity())
    except psutil.Error:
        return []


def per_worker(records: list[dict]) -> list[dict]:
    """Per server process (fullest first): clients, frames/s and epochs/s median and minimum (fairness inside
    one worker, apart from how the kernel split the clients)."""
    out = []
    for pid in {r["worker"] for r in records}:
        mine = [r["stats"] for r in records if r["worker"] == pid]
        fps, eps = [x["fps"] for x in mine], [x["eps"] for x in mine]
        out.append(
            {
                "pid": pid,
                "cpus": cpus_of(pid),
                "clients": len(mine),
                "fps_median": statistics.median(fps),
                "fps_min": min(fps),
                "epochs_per_s_median": statistics.median(eps),
                "epochs_per_s_min": min(eps),
            }
        )
    return sorted(out, key=lambda w: -w["clients"])


def generator_plan(n: int, only_cpu: int | None) -> list[tuple[int, list[int]]]:
    """(CPU, client indices) per load-generator process: by default one process per CPU, clients dealt in
    turn, so that the simulated students' CPU falls evenly on the cores the workers are pinned to (all in
    one process, its core's worker lost 35-40% of its epochs/s: see the README, tenth session)."""
    if only_cpu is not None:
        return [(only_cpu, list(range(n)))]
    cpus = sorted(os.sched_getaffinity(0))
    return [(cpu, list(range(k, n, len(cpus)))) for k, cpu in enumerate(cpus) if k < n]


async def _clients(port: int, indices: list[int], opts: dict) -> list[dict]:
    clients = [Client(f"ws://127.0.0.1:{port}/ws/train", i, opts["pace"], opts["task"]) for i in indices]
    await asyncio.gather(*(c.run(opts["warmup"], opts["seconds"], opts["every"]) for c in clients))
    return [
        {"worker": c.worker, "stats": c.stats(), "latencies": c.latencies}
        | {"frames_all": c.frames_all, "last_epoch": c.last_epoch}
        for c in clients
    ]


def generate(port: int, indices: list[int], cpu: int, opts: dict, out) -> None:
    """One load-generator process (multiprocessing target): its clients on `cpu`, their records sent to
    `out` with this process's CPU-seconds."""
    os.sched_setaffinity(0, {cpu})
    records = asyncio.run(_clients(port, indices, opts))
    t = psutil.Process().cpu_times()  # since this process started: its imports are the generator's too
    out.send({"records": records, "cpu_seconds": t.user + t.system})
    out.close()


def load(port: int, n: int, seconds: float, warmup: float, every: float, pace=0, task="tf", only_cpu=None):
    """Run n clients in generator processes (generator_plan) and sum up what they saw."""
    opts = {"seconds": seconds, "warmup": warmup, "every": every, "pace": pace, "task": task}
    ctx = multiprocessing.get_context("spawn")  # no threads of this process carried into a fork
    psutil.cpu_times_percent(interval=None)
    parts = []
    for cpu, indices in generator_plan(n, only_cpu):
        ours, theirs = ctx.Pipe(duplex=False)
        proc = ctx.Process(target=generate, args=(port, indices, cpu, opts, theirs), daemon=True)
        proc.start()
        theirs.close()
        parts.append((proc, ours))
    got = [ours.recv() for _, ours in parts]  # EOFError if a generator died: the run is void
    for proc, _ in parts:
        proc.join(10)
    idle = psutil.cpu_times_percent(interval=None).idle
    records = [r for g in got for r in g["records"]]
    s = [r["stats"] for r in records]
    lat = [x for r in records for x in r["latencies"]]
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
        "clients_per_worker": sorted(Counter(r["worker"] for r in records).values(), reverse=True),
        "per_worker": per_worker(records),
        "frames_all": sum(r["frames_all"] for r in records),
        "epochs_all": sum(r["last_epoch"] for r in records),
        "generators": [{"cpu": cpu, "clients": len(ix)} for cpu, ix in generator_plan(n, only_cpu)],
        "generator_cpu_seconds": sum(g["cpu_seconds"] for g in got),
    }


def sample_stacked(
    server: Server, warmup: float, done: threading.Event, out: list[float], board: list[list]
) -> None:
    """Every 0.5 s after the warm-up: the share of the answering worker's training sessions stacked, and
    every worker's (epochs/s, duty) as the equalizer's board shows them (server/equalizer.py; none with one
    worker)."""
    if done.wait(warmup):
        return
    while not done.wait(0.5):
        try:
            h = server.health()
            out.append(h["stacked"] / max(1, h["training"]))  # of the sessions training there
            if h.get("equalizer"):
                board.append(h["equalizer"]["workers"])
        except (OSError, KeyError, TypeError):
            pass


def run_one(workers: int, n: int, args, share: CpuShare | None = None) -> dict:
    server = Server(workers, share, tuple(args.serve_flag))
    try:
        rss0 = server.rss_mib()
        meter, threads0 = CpuMeter(server.proc.pid, os.getpid()), server.thread_cpu()
        meter.start()
        stacked: list[float] = []  # sessions training stacked, per /health answer (one worker's each)
        board: list[list] = []
        done = threading.Event()
        sampler = threading.Thread(
            target=sample_stacked, args=(server, args.warmup, done, stacked, board), daemon=True
        )
        sampler.start()
        result = load(
            server.port, n, args.seconds, args.warmup, args.every, args.pace, args.task, args.generator_cpu
        )
        done.set()
        sampler.join(5)
        result["stacked_fraction_median"] = statistics.median(stacked) if stacked else float("nan")
        result["equalizer_board"] = board  # per sample, per worker: {epochs_per_s, duty} or None
        duties = [[w["duty"] for w in col if w] for col in zip(*board, strict=True)]  # per worker, in time
        result["equalizer_duty_median"] = [statistics.median(d) if d else 1.0 for d in duties]
        machine, threads = meter.stop(), server.thread_cpu()
        wall = args.warmup + args.seconds
        loop_s, other_s = (threads[k] - threads0[k] for k in ("event_loop", "other_threads"))
        result["server_cpu"] = {
            "event_loop_cores": loop_s / wall,
            "training_cores": other_s / wall,  # training threads (+ the config-validation pool)
            "event_loop_us_per_frame": 1e6 * loop_s / max(1, result["frames_all"]),
            "training_us_per_epoch": 1e6 * other_s / max(1, result["epochs_all"]),  # frames rendered included
        }
        # the generator processes ended before the meter stopped: their own count moves them from "others"
        gen = result["generator_cpu_seconds"] / machine["seconds"]
        machine["cores_others"] = max(0.0, machine["cores_others"] - gen)
        machine["cores_load_generator"] = gen
        result |= {"workers": workers, "rss_before_mib": rss0, "rss_after_mib": server.rss_mib()}
        return result | {"machine": machine}
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
        f"stacked {100 * r['stacked_fraction_median']:.0f}%",
    ]
    if any(d < 1 for d in r["equalizer_duty_median"]):  # a worker slowed to another's pace
        duty = "/".join(f"{d:.2f}" for d in r["equalizer_duty_median"])
        parts.append(f"equalizer duty (median per worker) {duty}")
    c, m = r["server_cpu"], r["machine"]
    parts += [
        "\n    per worker: "
        + "; ".join(
            f"{w['clients']} clients (CPU {','.join(map(str, w['cpus'])) or '?'}) "
            f"fps {w['fps_median']:.1f}/{w['fps_min']:.1f} epochs/s "
            f"{w['epochs_per_s_median']:.0f}/{w['epochs_per_s_min']:.0f}"
            for w in r["per_worker"]
        ),
        f"\n    server CPU: event loops {c['event_loop_cores']:.2f} cores "
        f"({c['event_loop_us_per_frame']:.0f} us/frame), training threads {c['training_cores']:.2f} cores "
        f"({c['training_us_per_epoch']:.0f} us/epoch incl. rendering); machine: load average "
        f"{m['load_average_1min']:.1f}, other processes {m['cores_others']:.2f} cores, load generator "
        f"{m['cores_load_generator']:.2f}",
    ]
    print("  ".join(parts), flush=True)


def model(r: dict, cal: dict, cores=(2, 4, 8, 16), speeds=(1.0, 0.5)) -> list[dict]:
    """Students a server of `cores` cores holds at the target, modelled from run `r`'s measured CPU per
    student and the calibration: see the README ("Capacity model") for what is measured and what is not."""
    c = r["server_cpu"]
    frames, epochs = r["frames_all"], r["epochs_all"]
    render_us = 1000 * cal["render_ms_median"]
    # the training threads' CPU is epochs x (cost per member-epoch) + frames x (render): take the render out
    epoch_us = max(0.0, c["training_us_per_epoch"] - frames * render_us / max(1, epochs))
    frame_us = render_us + c["event_loop_us_per_frame"]
    student_us = TARGET["epochs_per_s"] * epoch_us + TARGET["frames_per_s"] * frame_us  # CPU-us per second
    rows = []
    for speed in speeds:
        scale = cal["cpu_speed_vs_reference"] / speed  # CPU costs grow as the CPU slows
        per_core = 1e6 / (student_us * scale)
        rows.append(
            {"speed_vs_reference": speed, "student_cpu_ms_per_s": student_us * scale / 1000}
            | {f"{n}_cores": int(n * per_core) for n in cores}
        )
    return rows


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
    p.add_argument(
        "--cpu-share",
        type=float,
        help="emulate a slower machine: the calibration and each server process get at most this share "
        "of one core (cpu_share.py; root, Linux)",
    )
    p.add_argument(
        "--contend",
        type=int,
        nargs="?",
        const=1,
        default=0,
        metavar="HOGS",
        help="emulate a shared host on a bad day: HOGS busy processes (default 1) beside each core during "
        "the calibration and the runs (cpu_hogs.py)",
    )
    p.add_argument(
        "--generator-cpu",
        type=int,
        help="run the simulated clients on this CPU only (default: where the kernel puts them)",
    )
    p.add_argument(
        "--serve-flag",
        action="append",
        default=[],
        metavar="FLAG",
        help="pass a flag to `playground serve` (repeatable), e.g. --serve-flag=--no-equalize",
    )
    p.add_argument("--json", help="also write the results to this file")
    args = p.parse_args()
    print(f"machine: {os.cpu_count()} cores; load average {os.getloadavg()[0]:.1f}", flush=True)
    share = CpuShare(args.cpu_share) if args.cpu_share else None
    hogs = CpuHogs(args.contend) if args.contend else None
    if hogs is not None:
        print(f"emulated shared host: {contended(args)} beside each of CPUs {hogs.cpus}", flush=True)
        hogs.start()
    try:
        return measure(args, share)
    finally:
        if share is not None:
            share.close()
        if hogs is not None:
            hogs.stop()


def contended(args) -> str:
    return "a busy process" if args.contend == 1 else f"{args.contend} busy processes"


def calibrate_under(task: str, share: CpuShare | None) -> dict:
    """calibrate(task), under the server's CPU quota when there is one (the clients stay outside it)."""
    if share is not None:
        share.put(os.getpid())
    try:
        return calibrate(task)
    finally:
        if share is not None:
            share.release(os.getpid())


def drifted(before: dict, after: dict) -> bool:
    """Whether the machine's speed moved by more than DRIFT between two calibrations (then a run between them
    did not see the speed either one states)."""
    a, b = before["speed_vs_reference"], after["speed_vs_reference"]
    return abs(a - b) > DRIFT * max(a, b)


def run_bracketed(workers: int, n: int, args, share: CpuShare | None, before: dict) -> dict:
    """run_one, then a calibration right after it: the run saw the machine somewhere between the two."""
    r = run_one(workers, n, args, share)
    r["calibration_after"] = after = calibrate_under(args.task, share)
    show(r)
    moved = "; the machine's speed changed during the run: compare with care" * drifted(before, after)
    print(
        f"    calibration after this run: TF's task {100 * after['speed_vs_reference']:.0f}% of the "
        f"reference (before it {100 * before['speed_vs_reference']:.0f}%){moved}",
        flush=True,
    )
    return r


def measure(args, share: CpuShare | None) -> int:
    if share is not None:
        print(f"emulated slower machine: every server process at most {share.share:g} of a core", flush=True)
    cal = first = calibrate_under(args.task, share)
    print(show_calibration(cal), flush=True)
    results = []
    for n in (int(x) for x in args.clients.split(",") if x):  # "": no 1-worker runs
        results.append(run_bracketed(1, n, args, share, cal))
        cal = results[-1]["calibration_after"]
    capacity = 0
    if not args.no_capacity:
        for n in (int(x) for x in args.capacity.split(",") if x):
            r = run_bracketed(2, n, args, share, cal)
            results.append(r)
            cal = r["calibration_after"]
            if not meets_target(r):
                break
            capacity = n
        speeds = [100 * c["speed_vs_reference"] for c in [first] + [r["calibration_after"] for r in results]]
        print(
            f"capacity (--workers 2, every client >= 60 epochs/s, >= 10 fps, p95 <= 150 ms): {capacity} at "
            f"calibration {first['tf_task_epochs_per_s']:,.0f} epochs/s on TF's task = "
            f"{100 * first['speed_vs_reference']:.0f}% of the README's reference "
            f"({first['reference_epochs_per_s']:,}; per CPU-second "
            f"{100 * first['cpu_speed_vs_reference']:.0f}%; "
            f"after the runs {min(speeds):.0f}-{max(speeds):.0f}%); "
            f"{args.task} task alone {first['lone_epochs_per_s']:,.0f} "
            f"epochs/s, frame {first['render_ms_median']:.2f} ms"
            + (f" (emulated: --cpu-share {share.share:g})" if share is not None else "")
            + (f" (emulated: --contend, {contended(args)} beside each core)" if args.contend else "")
        )
    modelled = model(max(results, key=lambda r: r["clients"]), first) if results else []
    for row in modelled:
        cells = ", ".join(f"{k.split('_')[0]} cores {v}" for k, v in row.items() if k.endswith("_cores"))
        print(
            f"model at {100 * row['speed_vs_reference']:.0f}% of the reference speed: "
            f"{row['student_cpu_ms_per_s']:.1f} ms CPU per student-second at the target -> {cells}"
        )
    if args.json:
        out = {"results": results, "capacity": capacity, "calibration": first, "model": modelled}
        out["cpu_share"] = share.share if share is not None else None
        out["contend"] = args.contend  # busy processes beside each core (0: none)
        Path(args.json).write_text(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
