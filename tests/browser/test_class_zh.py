"""The class pages in 简体中文: the teacher's start form, projector view and dashboard, /join, and a student's
playground in the room with its class bar, opened in Chinese-preferring browsers, show no visible English
word outside the reviewed allowlist (zh_support.py) and no console errors. Screenshots to artifacts/."""

from __future__ import annotations

from zh_support import assert_chinese

from tests.browser.class_support import (
    LAPTOP,
    PHONE,
    screenshot_screen,
    wait_joined,
    wait_ready,
    watch_errors,
)


def zh_page(browser, phone: bool = False):
    context = browser.new_context(**(PHONE if phone else LAPTOP), locale="zh-CN")
    pg = context.new_page()
    pg.console_errors = watch_errors(pg)
    return pg


def test_class_pages_in_chinese(live_server, browser):
    base = live_server.url
    teacher = zh_page(browser)
    teacher.goto(base + "/class")  # no lang in the URL: the browser's preferred language decides
    wait_ready(teacher)
    assert_chinese(teacher)
    teacher.click("#start-button")
    teacher.wait_for_function("document.body.dataset.room", timeout=10_000)
    code = teacher.evaluate("document.body.dataset.room")

    students = []
    for name, phone in (("小明", True), ("小红", False)):
        pg = zh_page(browser, phone)
        pg.goto(f"{base}/join?code={code}")
        wait_ready(pg)
        if phone:
            assert_chinese(pg, min_nodes=5, names=(code,))  # the join form: header, code, name, button
            screenshot_screen(pg, "zh-class-join-phone")
        pg.fill("#name", name)
        pg.click("#join-button")
        wait_joined(pg, code)
        students.append(pg)
    teacher.wait_for_function("document.querySelectorAll('#cards .student-card').length === 2")
    cards = "[...document.querySelectorAll('#cards .student-card')]"
    teacher.wait_for_function(f"{cards}.every((c) => c.querySelector('.who').textContent)")
    teacher.wait_for_timeout(1500)  # a dashboard refresh with the students' first reports
    assert_chinese(teacher, names=(code,))
    screenshot_screen(teacher, "zh-class-dashboard")
    for pg in students:
        assert pg.evaluate("document.documentElement.lang") == "zh-CN"
        assert_chinese(pg, names=(code,))
    screenshot_screen(students[0], "zh-class-student-phone")
    for pg in [teacher, *students]:
        assert pg.console_errors == [], pg.console_errors
        pg.context.close()
