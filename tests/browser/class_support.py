"""Helpers of the class-room page tests (tests/browser/test_class_*.py): a teacher's /class page, students in
their own browser contexts (laptop or phone), and the teacher's REST view of the room (real HTTP)."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import httpx

from tests.conftest import ARTIFACTS

LAPTOP = {"viewport": {"width": 1280, "height": 720}}
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "has_touch": True,
    "is_mobile": True,
    "device_scale_factor": 2,
}


def watch_errors(pg) -> list[str]:
    """Collect the page's console errors and uncaught exceptions (tests assert the list stays empty)."""
    errors: list[str] = []
    pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: errors.append(str(e)))
    return errors


def new_page(browser, phone: bool = False):
    """A page in a fresh context (its own storage: one person per context)."""
    context = browser.new_context(**(PHONE if phone else LAPTOP))
    pg = context.new_page()
    pg.console_errors = watch_errors(pg)
    return pg


def screenshot_screen(pg, name: str) -> None:
    """What the screen shows (a phone's viewport), not the whole scrolled page, into artifacts/."""
    ARTIFACTS.mkdir(exist_ok=True)
    pg.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def wait_ready(pg, timeout: int = 15_000) -> None:
    pg.wait_for_function("document.body && document.body.dataset.ready === 'true'", timeout=timeout)


def start_class(pg, base: str, instructions: str = "") -> tuple[str, str]:
    """Start a class from /class's form (default experiment); returns (code, teacher token from storage)."""
    pg.goto(base + "/class")
    wait_ready(pg)
    if instructions:
        pg.fill("#start-instructions", instructions)
    pg.click("#start-button")
    pg.wait_for_function("document.body.dataset.room", timeout=10_000)
    code = pg.evaluate("document.body.dataset.room")
    token = pg.evaluate("JSON.parse(localStorage.getItem('tp-class-teacher')).token")
    return code, token


def join(browser, base: str, code: str, name: str, via: str = "code", phone: bool = False):
    """A student joins: via="code" types the code on /join, via="url" opens /join?code=CODE (the QR's URL)."""
    pg = new_page(browser, phone)
    if via == "url":
        pg.goto(f"{base}/join?code={code}")
        wait_ready(pg)
        assert pg.input_value("#code") == code
    else:
        pg.goto(f"{base}/join")
        wait_ready(pg)
        pg.fill("#code", code.lower())  # codes are case-insensitive
    pg.fill("#name", name)
    pg.click("#join-button")
    wait_joined(pg, code)
    return pg


def wait_joined(pg, code: str, timeout: int = 15_000) -> None:
    pg.wait_for_function(f"document.body && document.body.dataset.room === '{code}'", timeout=timeout)
    pg.wait_for_function("document.getElementById('epoch').dataset.run !== undefined", timeout=timeout)


def results(base: str, code: str, token: str) -> list[dict]:
    r = httpx.get(
        f"{base}/api/rooms/{code}/results", headers={"Authorization": f"Bearer {token}"}, timeout=10
    )
    assert r.status_code == 200, r.text
    return r.json()


def room_state(base: str, code: str, token: str) -> dict:
    r = httpx.get(f"{base}/api/rooms/{code}", headers={"Authorization": f"Bearer {token}"}, timeout=10)
    assert r.status_code == 200, r.text
    return r.json()


def address(pg) -> dict[str, str]:
    """The keys of the page's own address (the playground keeps its experiment there). Read from the page:
    Playwright's `page.url` only follows history.replaceState while its event loop runs."""
    query = urlparse(pg.evaluate("location.href")).query
    return {k: v[0] for k, v in parse_qs(query).items()}
