"""A student's page survives its worker's death: `serve --workers 2` (rooms in the private redis-server),
every worker killed with SIGKILL and restarted by the supervisor; the page reconnects and rejoins with its
stored token, keeping its name and its own experiment, and the teacher's card goes amber, then green."""

from __future__ import annotations

import re
import time

from tests.browser.class_support import address, join, new_page, results, start_class
from tests.conftest import LiveServer

STARTUP_SECONDS = 10.0  # playground/server/workers.py: a worker dying younger than this stops the server
# what Chromium logs while the server is down: failed loads and refused sockets, expected here
NETWORK_NOISE = re.compile(r"ERR_|WebSocket connection|Failed to load resource|Failed to fetch")


def card_state(teacher) -> str | None:
    return teacher.evaluate("document.querySelector('#cards .student-card')?.dataset.connected ?? null")


def wait_for(predicate, what: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, what
        time.sleep(0.2)


def test_a_student_rejoins_after_every_worker_is_killed(browser):
    server = LiveServer("--workers", "2")
    try:
        teacher = new_page(browser)
        code, token = start_class(teacher, server.url)
        ana = join(browser, server.url, code, "Ana")
        ana.get_by_label("L2 λ").select_option("0.01")  # her own change, which the rejoin must keep
        wait_for(lambda: [r["config"]["l2"] for r in results(server.url, code, token)] == [0.01], "report")
        wait_for(lambda: card_state(teacher) == "online", "the card is green")
        workers = server.workers()
        assert len(workers) == 2, workers
        time.sleep(max(0.0, max(w.create_time() for w in workers) + STARTUP_SECONDS + 1 - time.time()))
        ana.context.set_offline(True)  # the page cannot come back before the teacher has seen it gone
        for w in workers:
            w.kill()
        wait_for(lambda: card_state(teacher) == "reconnecting", "the card turns amber", timeout=40)
        ana.context.set_offline(False)
        wait_for(lambda: card_state(teacher) == "online", "the card turns green again", timeout=40)
        ana.wait_for_function("document.getElementById('class-bar').dataset.state === 'joined'")
        assert ana.locator("#class-bar .class-name").inner_text() == "Ana"
        assert address(ana)["room"] == code
        assert address(ana)["l2"] == "0.01"

        # the same student, not a second one; the room's copy of her config catches up within a report or two
        # (the first report after a rejoin can precede the restored config: it is taken on the next second)
        def roster():
            return [(r["name"], r["config"]["l2"]) for r in results(server.url, code, token)]

        wait_for(lambda: roster() == [("Ana", 0.01)], "the room has her own config back", timeout=5)
        for pg in (teacher, ana):
            unexpected = [e for e in pg.console_errors if not NETWORK_NOISE.search(e)]
            assert not unexpected, unexpected
            pg.context.close()
    finally:
        server.stop()
