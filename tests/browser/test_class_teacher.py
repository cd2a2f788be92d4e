"""The teacher's /class page with three students, each in their own browser context, against a real server:
projector view, push (a pasted link and "Push to class" from the playground), lock (controls disabled on the
students' pages), pause / resume all, the class scatter against the students' own choices, sorting,
spotlight reproducing a student's run bit for bit, the CSV export, and ending the class.

The tests share one class (module fixture) and run in file order, each setting up what it checks."""

from __future__ import annotations

import csv
import io
import time
from urllib.parse import parse_qs, urlparse

import httpx
import pytest
from playwright.sync_api import expect

from tests.browser.class_support import address, join, new_page, results, room_state, start_class, wait_ready
from tests.browser.playground_support import value
from tests.conftest import ARTIFACTS, screenshot

NAMES = ["Ana", "Bo", "Cy"]


@pytest.fixture(scope="module")
def klass(live_server, browser):
    base = live_server.url
    teacher = new_page(browser)
    teacher.on("dialog", lambda d: d.accept())  # "End the class for every student?"
    code, token = start_class(teacher, base, instructions="Find the learning rate with the lowest dev error")
    students = {
        name: join(browser, base, code, name, via="url" if name == "Bo" else "code") for name in NAMES
    }
    teacher.wait_for_function("document.querySelectorAll('#cards .student-card').length === 3")
    yield {"base": base, "teacher": teacher, "code": code, "token": token, "students": students}
    for pg in [teacher, *students.values()]:
        pg.context.close()


@pytest.fixture(autouse=True)
def no_console_errors(klass):
    yield
    for pg in [klass["teacher"], *klass["students"].values()]:
        assert not pg.console_errors, f"console errors: {pg.console_errors}"


def push_link(teacher, link: str) -> None:
    teacher.locator("#push-menu > summary").click()
    teacher.fill("#push-link", link)
    teacher.click("#push-link-form button[type=submit]")


def wait_address(pg, key: str, expected: str, timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while address(pg).get(key) != expected:
        assert time.monotonic() < deadline, f"{key}={address(pg).get(key)!r}, expected {expected!r}"
        time.sleep(0.1)


def wait_state(k, key: str, expected, timeout: float = 10) -> None:
    """Wait until the room state's `key` is `expected` (teacher actions are posted asynchronously)."""
    deadline = time.monotonic() + timeout
    while (got := room_state(k["base"], k["code"], k["token"])[key]) != expected:
        assert time.monotonic() < deadline, f"{key}={got!r}, expected {expected!r}"
        time.sleep(0.1)


def all_completed(k, epochs: int, timeout: float = 30) -> list[dict]:
    """Wait until every student's run reports `epochs` epochs with metrics; the room's results then."""
    deadline = time.monotonic() + timeout
    while True:
        rows = results(k["base"], k["code"], k["token"])
        if len(rows) == len(NAMES) and all(
            r["epoch"] == epochs and r["dev_accuracy"] is not None for r in rows
        ):
            return rows
        assert time.monotonic() < deadline, [(r["name"], r["epoch"]) for r in rows]
        time.sleep(0.25)


def test_projector_view_shows_code_address_and_qr(klass):
    teacher, code = klass["teacher"], klass["code"]
    assert teacher.locator("#join-code").inner_text() == code
    link = teacher.locator("#join-url")
    assert link.get_attribute("href").endswith(f"/join?code={code}")
    # the QR image is the server's SVG of the join URL, loaded (a broken image has no natural size)
    qr = teacher.locator("#qr")
    # relative, like every URL of the pages (the app may sit under a sub-path); it resolves to the app root
    assert qr.get_attribute("src") == f"api/rooms/{code}/qr.svg"
    assert qr.evaluate("img => new URL(img.src).pathname") == f"/api/rooms/{code}/qr.svg"
    teacher.wait_for_function(
        "document.getElementById('qr').complete && document.getElementById('qr').naturalWidth > 0"
    )
    assert teacher.input_value("#instructions") == "Find the learning rate with the lowest dev error"
    # the status comes from GET /api/rooms/CODE, fetched beside the results that drew the three cards: a poll
    # can see the third student in one and not yet the other, so wait for it (the next poll agrees)
    expect(teacher.locator("#room-status")).to_contain_text("3 students")
    # the token is in storage only, never in the page's address
    assert klass["token"] not in teacher.url
    assert teacher.evaluate("document.body.innerHTML").count(klass["token"]) == 0
    screenshot(teacher, "class_projector")


def test_instructions_line_reaches_every_student(klass):
    teacher = klass["teacher"]
    teacher.fill("#instructions", "Now try L2 λ = 0.01")
    teacher.click("#instructions-form button[type=submit]")
    for pg in klass["students"].values():
        pg.wait_for_function(
            "document.querySelector('#class-bar .class-instructions').textContent === 'Now try L2 λ = 0.01'"
        )


def test_push_a_pasted_link_and_push_from_the_playground(klass):
    teacher, students = klass["teacher"], klass["students"]
    push_link(teacher, f"{klass['base']}/?v=1&learning_rate=0.3&epochs=100000")
    for pg in students.values():
        wait_address(pg, "learning_rate", "0.3")
        assert pg.get_by_label("Learning rate α").input_value() == "0.3"
    assert room_state(klass["base"], klass["code"], klass["token"])["experiment"]["learning_rate"] == 0.3
    # "open the playground as teacher": the teacher's playground has a Push to class button (students' do not)
    play = teacher.context.new_page()
    play.console_errors = []
    play.goto(klass["base"] + "/?v=1&learning_rate=0.03&l2=0.001")
    wait_ready(play)
    button = play.locator("#push-to-class")
    assert klass["code"] in button.inner_text()
    for pg in students.values():
        assert pg.locator("#push-to-class").count() == 0
    button.click()
    for pg in students.values():
        wait_address(pg, "learning_rate", "0.03")
        wait_address(pg, "l2", "0.001")
    play.close()


def test_lock_disables_the_locked_controls_on_every_students_page(klass):
    teacher, students = klass["teacher"], klass["students"]
    teacher.locator("#lock-menu > summary").click()
    teacher.evaluate("document.querySelectorAll('#lock-fields input').forEach((c) => (c.checked = false))")
    teacher.locator("#lock-fields label[title=learning_rate]").click()
    teacher.locator("#lock-fields label[title=l2]").click()
    teacher.click("#lock-apply")
    teacher.wait_for_function("document.getElementById('lock-state').textContent.includes('Learning rate α')")
    wait_state(klass, "editable", ["learning_rate", "l2"])  # in the schema's order
    ana = students["Ana"]
    for pg in students.values():
        pg.wait_for_function("document.body.dataset.locked?.includes('noise')")
        assert pg.get_by_label("Noise", exact=True).is_disabled()
        assert pg.get_by_label("Optimizer").is_disabled()
        assert pg.get_by_label("Learning rate α").is_enabled()
        assert pg.get_by_label("L2 λ").is_enabled()
        assert (
            pg.locator(".field[data-field=noise]").get_attribute("title") == "The teacher locked this setting"
        )
    # a locked field changed any other way (drawing a point turns the data into custom points) is refused
    before = address(ana)
    ana.locator("#boundary").click(position={"x": 60, "y": 60})
    ana.wait_for_function(
        "[...document.querySelectorAll('#messages .message')]"
        ".some((m) => m.textContent.includes('The teacher locked'))"
    )
    assert address(ana) == before
    # an editable field still works, and reaches the server
    ana.get_by_label("L2 λ").select_option("0.01")
    wait_address(ana, "l2", "0.01")
    deadline = time.monotonic() + 10
    while {r["name"]: r["config"]["l2"] for r in results(klass["base"], klass["code"], klass["token"])}[
        "Ana"
    ] != 0.01:
        assert time.monotonic() < deadline
        time.sleep(0.2)
    # unlock all: every control comes back
    teacher.locator("#lock-menu > summary").click()
    teacher.click("#lock-none")
    for pg in students.values():
        pg.wait_for_function("document.body.dataset.locked === ''")
        assert pg.get_by_label("Noise", exact=True).is_enabled()


def test_pause_all_and_resume_all(klass):
    teacher, students = klass["teacher"], klass["students"]
    push_link(teacher, f"{klass['base']}/?v=1&epochs=100000")  # a run that cannot finish during the test
    for pg in students.values():
        wait_address(pg, "epochs", "100000")
    teacher.click("#resume-all")
    for pg in students.values():
        pg.wait_for_function("document.getElementById('play').dataset.playing === 'true'", timeout=10_000)
    teacher.click("#pause-all")
    for pg in students.values():
        pg.wait_for_function("document.getElementById('class-bar').dataset.paused === 'true'")
        pg.wait_for_function("document.getElementById('play').dataset.playing === 'false'", timeout=10_000)
        assert pg.locator("#class-bar .class-paused").is_visible()
        assert pg.locator("#play").is_disabled() and pg.locator("#step").is_disabled()
    epochs = {n: int(pg.locator("#epoch").get_attribute("data-value")) for n, pg in students.items()}
    time.sleep(1)
    assert {n: int(pg.locator("#epoch").get_attribute("data-value")) for n, pg in students.items()} == epochs
    teacher.wait_for_function("document.body.dataset.paused === 'true'")
    teacher.click("#resume-all")
    for name, pg in students.items():
        pg.wait_for_function("document.getElementById('class-bar').dataset.paused === 'false'")
        assert pg.locator("#play").is_enabled()
        pg.wait_for_function(
            f"Number(document.getElementById('epoch').dataset.value) > {epochs[name]}", timeout=10_000
        )


def test_class_scatter_points_are_the_students_own_choices(klass):
    teacher, students = klass["teacher"], klass["students"]
    push_link(teacher, f"{klass['base']}/?v=1&epochs=30")
    for pg in students.values():
        wait_address(pg, "epochs", "30")
    chosen = {"Ana": "0.003", "Bo": "0.03", "Cy": "0.3"}
    for name, pg in students.items():
        pg.get_by_label("Learning rate α").select_option(chosen[name])
        wait_address(pg, "learning_rate", chosen[name])
    teacher.click("#resume-all")
    rows = all_completed(klass, 30)
    assert {r["name"]: r["config"]["learning_rate"] for r in rows} == {n: float(v) for n, v in chosen.items()}
    teacher.select_option("#scatter-x", "learning_rate")
    teacher.select_option("#scatter-y", "dev_error")
    want = {r["name"]: (r["config"]["learning_rate"], 1 - r["dev_accuracy"]) for r in rows}
    deadline = time.monotonic() + 10
    while True:
        got = teacher.evaluate(
            """() => {
              const gd = document.getElementById('scatter');
              const out = {};
              for (const tr of gd.data) {
                tr.customdata.forEach((name, i) => (out[name] = [tr.x[i], tr.y[i], tr.meta]));
              }
              return { points: out, xtype: gd.layout.xaxis.type };
            }"""
        )
        if {n: tuple(v[:2]) for n, v in got["points"].items()} == want:
            break
        assert time.monotonic() < deadline, (got, want)
        time.sleep(0.3)
    assert got["xtype"] == "log"  # α is a log-scale field
    best = min(rows, key=lambda r: 1 - r["dev_accuracy"])["name"]
    assert got["points"][best][2] == "best"
    assert [n for n, v in got["points"].items() if v[2] == "best"] == [best]
    assert best in teacher.locator("#best").inner_text()
    # the x choices are the fields the class varies
    assert teacher.locator("#scatter-x option").evaluate_all("os => os.map(o => o.value)") == [
        "learning_rate"
    ]
    # sorting the cards by dev error follows the results
    teacher.select_option("#sort", "dev_error")
    order = [r["name"] for r in sorted(rows, key=lambda r: (1 - r["dev_accuracy"], r["name"].lower()))]
    teacher.wait_for_function(
        "[...document.querySelectorAll('#cards .who')].map((e) => e.textContent).join()"
        f" === {','.join(order)!r}"
    )
    # every card shows the field its student changed from the pushed experiment
    for name in NAMES:
        card = teacher.locator(f"#cards .student-card[data-name={name}]")
        assert card.locator(".changed").inner_text() == f"Learning rate α = {chosen[name]}"
    teacher.evaluate("window.scrollTo(0, 0)")
    screenshot(teacher, "class_dashboard")
    # hiding names: the projector shows "Student N" on the cards and in the scatter's hover text
    teacher.check("#anonymize")
    teacher.wait_for_function(
        "[...document.querySelectorAll('#cards .who')].every((e) => e.textContent.startsWith('Student '))"
    )
    hover = teacher.evaluate("document.getElementById('scatter').data.flatMap((t) => t.text).join(' ')")
    assert not any(n in hover for n in NAMES)
    teacher.uncheck("#anonymize")


def test_spotlight_reproduces_the_students_run_bit_for_bit(klass):
    teacher, ana = klass["teacher"], klass["students"]["Ana"]
    rows = all_completed(klass, 30)
    row = next(r for r in rows if r["name"] == "Ana")
    ana.wait_for_function("Number(document.getElementById('epoch').dataset.value) === 30")
    teacher.locator("#cards .student-card[data-name=Ana] .spot").click()
    assert teacher.locator("#spotlight").is_visible()
    assert "Ana" in teacher.locator("#spotlight-title").inner_text()
    frame = teacher.frame_locator("#spotlight-frame")
    src = teacher.locator("#spotlight-frame").get_attribute("src")
    assert parse_qs(urlparse(src).query) == parse_qs(urlparse(row["url"]).query)
    wait_state(klass, "spotlight", "Ana")
    # the frame's page (same origin) has booted on the student's address
    teacher.wait_for_function(
        """() => {
          const d = document.getElementById('spotlight-frame').contentDocument;
          return !!d && d.location.search.startsWith('?v=1') && d.body?.dataset.ready === 'true';
        }""",
        timeout=15_000,
    )
    inner = teacher.locator("#spotlight-frame").element_handle().content_frame()
    inner.wait_for_function("document.getElementById('epoch').dataset.run !== undefined")
    frame.get_by_role("button", name="Play").click()
    inner.wait_for_function("Number(document.getElementById('epoch').dataset.value) === 30", timeout=20_000)
    for out in ("cost-now", "dev-cost-now"):
        assert value(inner, out) == value(ana, out), out  # same config + seed: the same floats
    assert value(inner, "cost-now") is not None
    teacher.click("#spotlight-close")
    assert teacher.locator("#spotlight").is_hidden()
    wait_state(klass, "spotlight", None)


def test_csv_export_has_one_row_per_student_and_no_token(klass):
    teacher = klass["teacher"]
    rows = {r["name"]: r for r in results(klass["base"], klass["code"], klass["token"])}
    with teacher.expect_download() as dl:
        teacher.click("#export-csv")
    assert dl.value.suggested_filename == f"class-{klass['code']}.csv"
    text = open(dl.value.path(), encoding="utf-8").read()
    assert klass["token"] not in text
    table = list(csv.DictReader(io.StringIO(text)))
    assert sorted(r["name"] for r in table) == NAMES
    for r in table:
        assert r["url"] == rows[r["name"]]["url"]
        assert f"learning_rate={rows[r['name']]['config']['learning_rate']}" in r["changed"]
    with teacher.expect_download() as dl:
        teacher.click("#export-json")
    assert dl.value.suggested_filename == f"class-{klass['code']}.json"
    (ARTIFACTS / "class_export.csv").write_text(text, encoding="utf-8")


def test_push_a_lesson_opens_its_panel_on_every_students_page(klass):
    teacher, students = klass["teacher"], klass["students"]
    preset = httpx.get(f"{klass['base']}/shared/presets/l2-regularization.json", timeout=10).json()
    teacher.locator("#push-menu > summary").click()
    teacher.select_option("#push-lesson", "l2-regularization")
    teacher.click("#push-lesson-form button[type=submit]")
    wait_state(klass, "lesson", "l2-regularization")
    for pg in students.values():
        pg.wait_for_selector("#lesson-panel", timeout=15_000)
        assert pg.locator("#lesson-panel .lesson-title").inner_text() == preset["title"]
        wait_address(pg, "dataset", preset["config"]["dataset"])
        here = address(pg)
        assert (here["lesson"], here["room"]) == ("l2-regularization", klass["code"])
        assert pg.locator("#class-bar").get_attribute("data-state") == "joined"


def test_end_class_returns_every_page_to_solo_use(klass):
    teacher, students = klass["teacher"], klass["students"]
    teacher.locator("#lock-menu > summary").click()
    teacher.evaluate(
        "document.querySelectorAll('#lock-fields input').forEach((c) => (c.checked = c.value === 'l2'))"
    )
    teacher.click("#lock-apply")
    for pg in students.values():
        pg.wait_for_function("document.body.dataset.locked?.includes('noise')")
    teacher.click("#end-class")
    teacher.wait_for_function("document.getElementById('room-status').textContent.includes('ended')")
    assert teacher.locator("#pause-all").is_disabled()
    for pg in students.values():
        pg.wait_for_function("document.getElementById('class-bar').dataset.state === 'ended'")
        assert "ended" in pg.locator("#class-bar .class-note").inner_text()
        assert pg.get_by_label("Noise", exact=True).is_enabled()
        assert "room" not in address(pg)
        assert pg.evaluate("sessionStorage.getItem('tp-class-student')") is None
    # solo again: the student's own changes are theirs, nothing is refused
    ana = students["Ana"]
    ana.get_by_label("Noise", exact=True).fill("0.2")
    wait_address(ana, "noise", "0.2")
    assert ana.locator(".message.error").count() == 0
