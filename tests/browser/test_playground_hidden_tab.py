"""A hidden playground tab says so (`view` visible false): it keeps training, the frames drop their grids."""

from __future__ import annotations

import json
import struct

from tests.browser.playground_support import canvas_digest, epoch, next_paint, open_playground, wait_epoch
from tests.conftest import screenshot

SET_HIDDEN = """(hidden) => {
  Object.defineProperty(document, "hidden", { value: hidden, configurable: true });
  const state = hidden ? "hidden" : "visible";
  Object.defineProperty(document, "visibilityState", { value: state, configurable: true });
  document.dispatchEvent(new Event("visibilitychange"));
}"""


def watch(page) -> tuple[list[dict], list[dict]]:
    """(`view` messages the page sent, headers of the frames it received), newest last."""
    sent: list[dict] = []
    frames: list[dict] = []

    def on_frame(payload) -> None:
        if isinstance(payload, bytes):
            (n,) = struct.unpack_from("<I", payload, 0)
            frames.append(json.loads(payload[4 : 4 + n]))

    def on_sent(payload) -> None:
        msg = json.loads(payload) if isinstance(payload, str) else {}
        if msg.get("type") == "view":
            sent.append(msg)

    def on_socket(ws) -> None:
        if ws.url.endswith("/ws/train"):
            ws.on("framereceived", on_frame)
            ws.on("framesent", on_sent)

    page.on("websocket", on_socket)
    return sent, frames


def wait_until(page, condition, what: str, timeout_ms: int = 15_000) -> None:
    """Poll a Python condition on what Playwright saw (its events arrive between page calls)."""
    for _ in range(timeout_ms // 50):
        if condition():
            return
        page.wait_for_timeout(50)
    raise AssertionError(f"never: {what}")


def shown(page, header: dict) -> None:
    """Until the page has handled the frame with this header (its step counter got there; Playwright sees a
    frame arrive before the page's script has run on it) and painted what that frame scheduled."""
    page.wait_for_function(f"Number(document.getElementById('steps').dataset.value) >= {header['step']}")
    next_paint(page)


def test_a_hidden_tab_trains_on_without_grids_and_gets_them_back_when_shown(live_server, page):
    sent, frames = watch(page)
    open_playground(page, live_server.url)
    page.get_by_role("button", name="Play").click()
    wait_epoch(page, 3)
    page.evaluate(SET_HIDDEN, True)
    wait_until(page, lambda: sent and sent[-1].get("visible") is False, "the page said it is hidden")
    n = len(frames)
    wait_until(page, lambda: any(h["grid"] == 0 for h in frames[n:]), "a frame without grids")
    shown(page, next(h for h in frames[n:] if h["grid"] == 0))  # and the last picture before it is drawn
    picture, start = canvas_digest(page), epoch(page)
    page.wait_for_function(f"Number(document.getElementById('epoch').dataset.value) >= {start + 20}")
    hidden = frames[n:][[h["grid"] for h in frames[n:]].index(0) :]
    assert all(
        h["grid"] == 0 and "boundary" not in h["arrays"] and "neurons" not in h["arrays"] for h in hidden
    )
    assert canvas_digest(page) == picture  # the picture waits; the epoch counter and curves go on
    page.evaluate(SET_HIDDEN, False)
    wait_until(page, lambda: sent[-1].get("visible") is True, "the page said it is visible")
    m = len(frames)

    def with_grids() -> list[dict]:
        return [h for h in frames[m:] if h["grid"] == 100 and "boundary" in h["arrays"]]

    wait_until(page, with_grids, "grids")
    shown(page, with_grids()[0])
    assert canvas_digest(page) != picture
    screenshot(page, "playground_visible_again")
