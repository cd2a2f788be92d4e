"""The app under a sub-path behind a real nginx (the README's `location /playground/` block, verbatim):
every page loads, trains and links through http://127.0.0.1:<nginx>/playground/, no request leaves the
prefix."""

from __future__ import annotations

import re
import shutil
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from tests.browser.playground_support import open_playground, wait_epoch
from tests.conftest import ROOT, free_port, screenshot

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
PREFIX = "/playground"


def readme_block(start: str) -> str:
    """The README's nginx block that begins with `start` (up to its matching closing brace)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    i = readme.index(start)
    depth = 0
    for j in range(readme.index("{", i), len(readme)):
        depth += {"{": 1, "}": -1}.get(readme[j], 0)
        if depth == 0:
            return readme[i : j + 1]
    raise AssertionError(f"unbalanced README block {start!r}")


def nginx_conf(tmp: Path, listen: int, upstream: int) -> str:
    redirect = re.search(r"location = /playground \{[^}]*\}", (ROOT / "README.md").read_text()).group(0)
    location = readme_block("location /playground/ {").replace("127.0.0.1:8000", f"127.0.0.1:{upstream}")
    temp = "\n".join(
        f"    {k}_temp_path {tmp / k};" for k in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return f"""daemon off;
worker_processes 1;
pid {tmp / "nginx.pid"};
error_log {tmp / "error.log"} warn;
events {{ worker_connections 256; }}
http {{
    access_log {tmp / "access.log"};
{temp}
    {readme_block("map $http_upgrade $connection_upgrade {")}
    server {{
        listen 127.0.0.1:{listen};
        {redirect}
        {location}
    }}
}}
"""


@pytest.fixture(scope="module")
def proxied(live_server, tmp_path_factory):
    """http://127.0.0.1:<port>/playground: nginx in front of the session's live server."""
    assert Path(NGINX).exists(), f"{NGINX} is missing: .ci/run installs Debian's nginx-light"
    tmp = tmp_path_factory.mktemp("nginx")
    port = free_port()
    (tmp / "nginx.conf").write_text(nginx_conf(tmp, port, live_server.port), encoding="utf-8")
    cmd = [NGINX, "-p", str(tmp), "-e", str(tmp / "error.log"), "-c", str(tmp / "nginx.conf")]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}{PREFIX}"
    deadline = time.monotonic() + 20
    while True:
        assert proc.poll() is None, proc.stdout.read().decode(errors="replace")
        try:
            with urllib.request.urlopen(base + "/health", timeout=1) as r:
                assert r.status == 200
                break
        except OSError:
            assert time.monotonic() < deadline, (tmp / "error.log").read_text()
            time.sleep(0.1)
    yield base
    proc.terminate()
    proc.wait(10)


@pytest.fixture()
def requests_seen(page):
    """Every URL the page asks for (HTTP and websockets)."""
    seen: list[str] = []
    page.on("request", lambda r: seen.append(r.url))
    page.on("websocket", lambda ws: seen.append(ws.url))
    return seen


def outside(seen: list[str], base: str) -> list[str]:
    ws = base.replace("http://", "ws://")
    return [u for u in seen if not (u.startswith(base + "/") or u.startswith(ws + "/"))]


def test_the_bare_prefix_redirects_to_the_app(proxied):
    with urllib.request.urlopen(proxied, timeout=5) as r:
        assert r.url == proxied + "/" and b"<html" in r.read().lower()


def test_the_playground_trains_under_the_prefix(proxied, page, requests_seen):
    open_playground(page, proxied)
    page.get_by_role("button", name="Play").click()
    wait_epoch(page, 5)
    assert any(u == proxied.replace("http://", "ws://") + "/ws/train" for u in requests_seen)
    assert not outside(requests_seen, proxied)
    screenshot(page, "subpath_playground")
    page.locator("#topbar a", has_text="Optimizer race").click()
    page.wait_for_url(proxied + "/race")


@pytest.mark.parametrize(
    ("path", "ready"),
    [
        ("/race?surface=elongated_bowl&speed=3000", "document.body.dataset.raceFinished === 'true'"),
        ("/ewa", "window.ewaLab && window.ewaLab.frames > 0"),
        ("/tune", "window.tuneLab !== undefined && document.querySelectorAll('#search input').length > 0"),
        ("/lessons", "document.querySelectorAll('a[href^=\"lessons/\"]').length > 0"),
    ],
)
def test_every_page_works_under_the_prefix(proxied, page, requests_seen, path, ready):
    page.goto(proxied + path)
    page.wait_for_function(ready, timeout=20_000)
    assert not outside(requests_seen, proxied), outside(requests_seen, proxied)


def test_a_lesson_link_opens_its_page_under_the_prefix(proxied, page, requests_seen):
    page.goto(proxied + "/lessons")
    link = page.locator('a[href="lessons/momentum-rmsprop-adam"]')
    link.click()
    page.wait_for_url(re.compile(re.escape(proxied) + r"/race\?.*lesson=momentum-rmsprop-adam"))
    page.wait_for_function("Number(document.body.dataset.raceStep || 0) > 5", timeout=20_000)
    assert not outside(requests_seen, proxied)
