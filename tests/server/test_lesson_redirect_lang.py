"""/lessons/<slug> opens the lesson's page and keeps the language a shared link names (i18n)."""

from __future__ import annotations

import http.client
import json
from urllib.parse import urljoin, urlsplit


def location(base: str, path: str) -> tuple[int, str]:
    u = urlsplit(base)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=10)
    conn.request("GET", path)
    r = conn.getresponse()
    r.read()
    conn.close()
    return r.status, r.getheader("location") or ""


def test_the_redirect_carries_lang(live_server):
    # relative, so it also works under a proxy's sub-path; from /lessons/<slug> it reaches the app root
    assert location(live_server.url, "/lessons/dropout?lang=zh-CN") == (307, "../?lesson=dropout&lang=zh-CN")
    assert location(live_server.url, "/lessons/dropout") == (307, "../?lesson=dropout")
    assert urljoin("/lessons/dropout", "../?lesson=dropout&lang=zh-CN") == "/?lesson=dropout&lang=zh-CN"


def test_the_index_lists_the_chinese_titles(live_server):
    u = urlsplit(live_server.url)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=10)
    conn.request("GET", "/lessons.json")
    lessons = json.loads(conn.getresponse().read())
    conn.close()
    assert len(lessons) == 21
    assert all(x["i18n"]["zh-CN"]["title"] and x["i18n"]["zh-CN"]["title"] != x["title"] for x in lessons)
