"""The HTTP side of `playground serve`: pages, static files, /shared, plotly.js from its package, /health."""

from __future__ import annotations

import gzip
import urllib.error
import urllib.request

import pytest

from playground.server.pages import FRONTEND, PAGES
from playground.server.vendor import PLOTLY_JS, accepts_gzip


def get(url: str, headers: dict | None = None) -> tuple[int, dict, bytes]:
    req = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, {k.lower(): v for k, v in r.headers.items()}, r.read()
    except urllib.error.HTTPError as e:
        return e.code, {k.lower(): v for k, v in e.headers.items()}, e.read()


@pytest.mark.parametrize("path", list(PAGES))
def test_each_page_serves_its_file_or_404_while_missing(live_server, path):
    status, headers, body = get(live_server.url + path)
    file = FRONTEND / PAGES[path]
    if file.exists():
        assert status == 200 and body == file.read_bytes() and headers["content-type"].startswith("text/html")
    else:
        assert status == 404


def test_static_and_shared_files_and_no_escape(live_server):
    status, _, body = get(live_server.url + "/static/js/socket.js")
    assert status == 200 and body == (FRONTEND / "js" / "socket.js").read_bytes()
    status, _, body = get(live_server.url + "/shared/schema/experiment.json")
    assert status == 200 and b'"learning_rate"' in body
    assert get(live_server.url + "/static/%2e%2e/backend/playground/config.py")[0] == 404
    assert get(live_server.url + "/static/../pyproject.toml")[0] == 404
    assert get(live_server.url + "/no-such-page")[0] == 404


def test_plotly_comes_from_the_package_gzipped_once_and_cached(live_server):
    raw = PLOTLY_JS.read_bytes()
    status, headers, body = get(live_server.url + "/vendor/plotly.min.js", {"Accept-Encoding": "gzip"})
    assert status == 200 and headers["content-encoding"] == "gzip" and gzip.decompress(body) == raw
    assert len(body) < len(raw) / 2
    assert "max-age" in headers["cache-control"] and headers["vary"] == "Accept-Encoding"
    etag = headers["etag"]
    status, headers2, body2 = get(live_server.url + "/vendor/plotly.min.js", {"Accept-Encoding": "gzip"})
    assert headers2["etag"] == etag and body2 == body  # the same bytes: compressed once
    assert get(live_server.url + "/vendor/plotly.min.js", {"If-None-Match": etag})[0] == 304
    status, headers3, body3 = get(live_server.url + "/vendor/plotly.min.js", {"Accept-Encoding": "gzip;q=0"})
    assert status == 200 and "content-encoding" not in headers3 and body3 == raw


@pytest.mark.parametrize(
    ("header", "ok"),
    [
        ("gzip", True),
        ("br, gzip;q=0.5", True),
        ("*", True),
        ("gzip;q=0", False),
        ("identity", False),
        ("", False),
    ],
)
def test_accept_encoding_parsing(header, ok):
    assert accepts_gzip(header) is ok


def test_health_reports_status_sessions_and_training(live_server):
    import json

    status, headers, body = get(live_server.url + "/health")
    data = json.loads(body)
    assert status == 200 and data["status"] == "ok" and data["pid"] == live_server.proc.pid
    assert {"sessions", "training"} <= set(data)
