"""A config the server refuses must not leave page and server on different experiments.

Custom data without a training point is a schema error since the QA round (the CLI needs it). Clearing all
points is therefore refused; the points drawn next must still train as custom data, not land on the
generated dataset the server kept.
"""

from __future__ import annotations

import json

from tests.browser.playground_support import open_playground, step_epochs
from tests.browser.test_playground_draw import data_to_client
from tests.conftest import screenshot


def watch_server_configs(page) -> list[dict]:
    """Every `config` reply of /ws/train (the experiment the server really runs), newest last."""
    seen: list[dict] = []

    def on_socket(ws):
        if ws.url.endswith("/ws/train"):
            ws.on("framereceived", lambda payload: _keep_config(payload, seen))

    page.on("websocket", on_socket)
    return seen


def _keep_config(payload, seen: list[dict]) -> None:
    if isinstance(payload, str):
        msg = json.loads(payload)
        if msg.get("type") == "config":
            seen.append(msg["config"])


def test_points_drawn_after_a_refused_clear_train_as_custom_data(live_server, page):
    configs = watch_server_configs(page)
    open_playground(page, live_server.url)
    page.get_by_role("button", name="Clear points").click()
    notice = page.get_by_text("No training points yet")
    notice.wait_for(timeout=10_000)
    screenshot(page, "playground_cleared_no_points")
    for x1, x2 in [(-3, -3), (-2, -3)]:
        page.mouse.click(*data_to_client(page, x1, x2))
    page.get_by_role("radio", name="Class 1").click()
    page.mouse.click(*data_to_client(page, 3, 3))
    page.wait_for_function("new URLSearchParams(location.search).get('points')?.length === 20")  # 3 x 5 bytes
    step_epochs(page, 1)
    page.wait_for_timeout(300)  # the last config reply is in (it precedes the frame)
    server = configs[-1]
    assert server["dataset"] == "custom", server["dataset"]
    assert sorted(p[2] for p in server["points"]) == [0, 0, 1]
