"""Students joining a class in real Chromium against a real server: by code and by the QR's URL, the class
bar, refused joins with the way back to /join, names shown as text, and the phone view (390x844, touch)."""

from __future__ import annotations

from tests.browser.class_support import (
    address,
    join,
    new_page,
    results,
    screenshot_screen,
    start_class,
    wait_ready,
)


def close(*pages) -> None:
    for pg in pages:
        errors = pg.console_errors
        pg.context.close()
        assert not errors, f"console errors: {errors}"


def test_join_by_code_and_by_url_lands_on_the_playground_in_the_room(live_server, browser):
    base = live_server.url
    teacher = new_page(browser)
    code, token = start_class(teacher, base, instructions="Find the best learning rate")
    ana = join(browser, base, code, "Ana", via="code")
    bo = join(browser, base, code, "Bo", via="url")
    for pg, name in ((ana, "Ana"), (bo, "Bo")):
        bar = pg.locator("#class-bar")
        assert bar.is_visible()
        assert code in bar.locator(".class-code").inner_text()
        assert bar.locator(".class-name").inner_text() == name
        assert bar.locator(".class-instructions").inner_text() == "Find the best learning rate"
        # the room is kept in the address, and url-state.js does not report it as an unknown experiment key
        assert address(pg)["room"] == code
        assert pg.locator(".message.error").count() == 0
    # the server has both students, and the teacher's dashboard shows one card each
    assert sorted(r["name"] for r in results(base, code, token)) == ["Ana", "Bo"]
    teacher.wait_for_function("document.querySelectorAll('#cards .student-card').length === 2")
    assert teacher.locator("#cards .student-card .who").all_inner_texts() == ["Ana", "Bo"]
    close(ana, bo, teacher)


def test_refused_joins_say_why_and_lead_back_to_join(live_server, browser):
    base = live_server.url
    teacher = new_page(browser)
    code, _ = start_class(teacher, base)
    ana = join(browser, base, code, "Ana")
    # the same name (ignoring case) is taken: the page says so and stays usable alone
    twin = new_page(browser)
    twin.goto(f"{base}/join?code={code}")
    wait_ready(twin)
    twin.fill("#name", "ana")
    twin.click("#join-button")
    twin.wait_for_function("document.getElementById('class-bar')?.dataset.state === 'failed'", timeout=15_000)
    assert "already has that name" in twin.locator("#class-bar .class-note").inner_text()
    assert "room" not in address(twin)  # back to solo use
    twin.locator("#class-bar .class-back").click()
    twin.wait_for_url(f"**/join?code={code}&error=name_taken")
    wait_ready(twin)
    assert twin.input_value("#code") == code
    assert "already has that name" in twin.locator("#join-error").inner_text()
    assert twin.locator("#name").get_attribute("aria-invalid") == "true"
    # an unknown (well-formed) code
    twin.fill("#code", "ABCDEFGH")
    twin.fill("#name", "Cy")
    twin.click("#join-button")
    twin.wait_for_function("document.getElementById('class-bar')?.dataset.state === 'failed'", timeout=15_000)
    assert "No open class" in twin.locator("#class-bar .class-note").inner_text()
    # a malformed code never leaves /join
    twin.goto(f"{base}/join")
    wait_ready(twin)
    twin.fill("#code", "ABC")
    twin.fill("#name", "Cy")
    twin.click("#join-button")
    assert twin.locator("#join-error").is_visible()
    assert twin.url.endswith("/join")
    close(ana, twin, teacher)


def test_names_are_text_never_html(live_server, browser):
    base = live_server.url
    teacher = new_page(browser)
    code, _ = start_class(teacher, base)
    name = "<b>Eve</b><img>"
    eve = join(browser, base, code, name)
    assert eve.locator("#class-bar .class-name").inner_text() == name
    assert eve.locator("#class-bar b, #class-bar img").count() == 0
    teacher.wait_for_function("document.querySelectorAll('#cards .student-card').length === 1")
    card = teacher.locator("#cards .student-card")
    assert card.locator(".who").inner_text() == name
    assert card.locator("b, img").count() == 0
    close(eve, teacher)


def test_phone_view_joins_by_touch_with_large_targets(live_server, browser):
    base = live_server.url
    teacher = new_page(browser)
    code, _ = start_class(teacher, base, instructions="Try a smaller L2 λ")
    phone = new_page(browser, phone=True)
    phone.goto(f"{base}/join?code={code}")
    wait_ready(phone)
    for sel in ("#code", "#name", "#join-button"):
        box = phone.locator(sel).bounding_box()
        assert box["height"] >= 44 and box["width"] >= 44, (sel, box)
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390, (sel, box)  # nothing off the screen
    phone.locator("#name").tap()
    phone.keyboard.type("Dee")
    screenshot_screen(phone, "class_join_phone")
    phone.locator("#join-button").tap()
    phone.wait_for_function(f"document.body && document.body.dataset.room === '{code}'", timeout=15_000)
    leave = phone.locator("#class-bar .class-leave")
    box = leave.bounding_box()
    assert box["height"] >= 44 and box["width"] >= 44, box
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling
    assert phone.locator("#class-bar .class-instructions").inner_text() == "Try a smaller L2 λ"
    screenshot_screen(phone, "class_student_phone")
    # leaving by touch: the student goes on alone, the teacher sees the student offline
    leave.tap()
    phone.wait_for_function("!document.body.dataset.room && document.getElementById('class-bar').hidden")
    assert "room" not in address(phone)
    teacher.wait_for_function(
        "document.querySelector('#cards .student-card')?.dataset.connected === 'offline'", timeout=10_000
    )
    close(phone, teacher)
