"""The playground page's rendering while it trains, measured by the browser's own performance APIs.

Starts `playground serve` on a free loopback port, opens `/` in Debian's headless Chromium (Playwright) at
1280x720, presses Play and, for each scenario, counts over a fixed window:
- frames drawn/s: redraws of the decision-boundary canvas (the page's `__tpStats.framesDrawn` counter);
- frames received/s: binary frames from the server;
- the longest main-thread task (PerformanceObserver "longtask", which reports every task over 50 ms), and
  how many such tasks there were. Targets (issue 4): >= 20 frames drawn/s, no task over 100 ms.

Usage: python benchmarks/page_render.py [--seconds 10] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
SCENARIOS = {
    "default network (circles, [4, 2] tanh)": "?v=1&epochs=1000000",
    "bigger network ([16, 16, 8] relu, x1^2 x2^2 inputs)": (
        "?v=1&epochs=1000000&hidden=16,16,8&activation=relu&init=he&features=x1,x2,x1%5E2,x2%5E2"
    ),
    "blobs, 6 classes": "?v=1&epochs=1000000&dataset=blobs&classes=6&n_samples=1200",
}

OBSERVE = """() => {
  window.__long = [];
  new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__long.push(e.duration); })
    .observe({ type: 'longtask', buffered: false });
  window.__frames = 0;
}"""

SNAPSHOT = """() => ({ drawn: window.__tpStats.framesDrawn, t: performance.now(),
  received: Number(document.getElementById('steps').dataset.frames || 0),
  epoch: Number(document.getElementById('epoch').dataset.value), long: window.__long.slice() })"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server() -> tuple[subprocess.Popen, str]:
    port = free_port()
    cmd = [sys.executable, "-m", "playground.cli", "serve", "--host", "127.0.0.1", "--port", str(port)]
    proc = subprocess.Popen(
        cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT, env=dict(os.environ)
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            with urllib.request.urlopen(url + "/health", timeout=1):
                return proc, url
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("server did not start")


def measure(browser, url: str, query: str, seconds: float) -> dict:
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(url + "/" + query)
    page.wait_for_function("document.body.dataset.ready === 'true'", timeout=20_000)
    page.wait_for_function("document.getElementById('epoch').dataset.run !== undefined", timeout=20_000)
    page.evaluate(OBSERVE)
    page.get_by_role("button", name="Play").click()
    page.wait_for_timeout(1500)  # warm up: JIT, first plotly layouts
    a = page.evaluate(SNAPSHOT)
    page.wait_for_timeout(seconds * 1000)
    b = page.evaluate(SNAPSHOT)
    page.get_by_role("button", name="Pause").click()
    page.close()
    dt = (b["t"] - a["t"]) / 1000
    long = b["long"][len(a["long"]) :]
    return {
        "frames_drawn_per_s": round((b["drawn"] - a["drawn"]) / dt, 1),
        "frames_received_per_s": round((b["received"] - a["received"]) / dt, 1),
        "epochs_per_s": round((b["epoch"] - a["epoch"]) / dt, 1),
        "longest_task_ms": round(max(long), 1) if long else 0.0,
        "tasks_over_50ms": len(long),
        "console_errors": len(errors),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=10.0, help="measuring window per scenario")
    ap.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    proc, url = start_server()
    load_before = os.getloadavg()[0]
    results = {}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
            for name, query in SCENARIOS.items():
                results[name] = measure(browser, url, query, args.seconds)
            browser.close()
    finally:
        proc.terminate()
        proc.wait(10)
    load_after = os.getloadavg()[0]
    load = {"load_avg_1min_before": load_before, "load_avg_1min_after": load_after, "cpus": os.cpu_count()}
    if args.json:
        print(json.dumps({"scenarios": results, "machine": load}, indent=2))
        return 0
    cols = ["frames_drawn_per_s", "frames_received_per_s", "epochs_per_s", "longest_task_ms"]
    cols.append("tasks_over_50ms")
    print(f"{'scenario':<52}" + "".join(f"{c:>22}" for c in cols))
    for name, r in results.items():
        print(f"{name:<52}" + "".join(f"{r[c]:>22}" for c in cols))
    print("targets: >= 20 frames drawn/s at the default network; no task over 100 ms")
    print(
        f"machine: {load['cpus']} CPUs, 1-min load average {load_before:.1f} before, {load_after:.1f} after"
    )
    print("(the server trains on this machine too; under load a task includes time spent waiting for a CPU)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
