"""The product in 简体中文: every page and every lesson, opened with ?lang=zh-CN and played, shows no visible
text node holding an English word outside a short reviewed allowlist (names the course itself keeps in Latin
letters, file formats, symbols); no console errors (the `page` fixture fails the test on any). Screenshots of
each page in Chinese go to artifacts/zh-<name>.png."""

from __future__ import annotations

import pytest
from conftest import screenshot
from playground_support import play_lesson, wait_epoch
from zh_support import assert_chinese, english_words

from playground.lessons import all_lessons

LESSONS = all_lessons()


def test_english_words_are_found():
    """The detector itself: English prose is caught, names and symbols are not."""
    assert english_words("Train error 5%") == ["Train", "error"]
    assert english_words("Adam β1, RMSprop, x1² + n_prev, 1e-7, CSV") == []
    assert english_words("192.168.1.20:8000/join") == english_words("?code=AB3K7MXQ") == []
    assert english_words("Join at 192.168.1.20:8000/join") == ["Join", "at"]
    # a join code is data: all letters one time in ten (JDPKWMJV failed a run); only the shown code passes
    assert english_words("教室 JDPKWMJV", frozenset({"JDPKWMJV"})) == []
    assert english_words("教室 JDPKWMJV Join", frozenset({"JDPKWMJV"})) == ["Join"]
    assert english_words("教室 JDPKWMJV") == ["JDPKWMJV"]


def open_zh(page, url: str, ready: str) -> None:
    page.goto(url)
    page.wait_for_function(ready, timeout=20_000)


def test_playground_in_chinese_trained_with_a_diagnosis(page, live_server):
    ready = "document.body.dataset.ready === 'true'"
    open_zh(page, f"{live_server.url}/?lang=zh-CN&epochs=30&test_ratio=0.2", ready)
    page.get_by_role("button", name="运行", exact=True).click()
    wait_epoch(page, 30)
    page.wait_for_function("document.getElementById('verdict').dataset.verdict !== 'unknown'")
    page.locator("#gradcheck").click()
    page.wait_for_function("document.getElementById('gradcheck-result').dataset.verdict === 'fine'")
    page.wait_for_timeout(300)
    assert_chinese(page)
    assert page.locator("#run-state").inner_text() == "已完成"
    screenshot(page, "zh-playground")


def test_playground_phone_layout_in_chinese(browser, live_server):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{live_server.url}/")  # no lang in the URL: the browser's preferred language decides
    page.wait_for_function("document.body.dataset.ready === 'true'", timeout=20_000)
    assert page.evaluate("document.documentElement.lang") == "zh-CN"
    assert "lang=zh-CN" in page.url  # the address (and so Copy link) carries the page's language
    screenshot(page, "zh-playground-phone")
    context.close()
    assert errors == []


@pytest.mark.parametrize(
    "path, ready, name",
    [
        ("/race?speed=3000", "Number(document.body.dataset.raceStep || 0) > 5", "race"),
        ("/ewa", "window.ewaLab && window.ewaLab.frames > 0", "ewa"),
        ("/tune", "!document.getElementById('start').disabled", "tune"),
        ("/lessons", "document.querySelectorAll('#lesson-list li').length === 21", "lessons"),
    ],
)
def test_page_in_chinese(page, live_server, path, ready, name):
    sep = "&" if "?" in path else "?"
    open_zh(page, f"{live_server.url}{path}{sep}lang=zh-CN", ready)
    page.wait_for_timeout(500)
    assert_chinese(page)
    screenshot(page, f"zh-{name}")


@pytest.mark.parametrize("lesson", LESSONS, ids=[x.slug for x in LESSONS])
def test_lesson_in_chinese(page, live_server, lesson):
    page.goto(f"{live_server.url}{lesson.url}&lang=zh-CN")
    panel = page.locator("#lesson-panel")
    panel.wait_for(timeout=15_000)
    assert panel.locator(".lesson-title").inner_text() == lesson.i18n["zh-CN"].title
    play_lesson(page, lesson, play="运行", search="开始搜索")
    for _ in lesson.steps:  # every step applied, as a student pressing → would
        page.get_by_role("button", name="下一步 →").click()
    page.get_by_role("button", name="应用这个改动").click()
    page.wait_for_timeout(800)
    assert_chinese(page)
    screenshot(page, f"zh-lesson-{lesson.slug}")


def test_errors_in_chinese_from_code_and_field(page, live_server):
    """A bad link value and a config the server refuses read in Chinese: the page renders them from the
    error's field and the shape of its reason, with the field's label from the catalogue."""
    open_zh(page, f"{live_server.url}/?lang=zh-CN&learning_rate=50&dev_ratio=0&early_stopping=10", "true")
    notices = page.locator("#messages .message")
    link = page.locator('#messages [data-key="learning_rate"]')
    link.wait_for(timeout=15_000)
    assert link.inner_text().startswith("链接：学习率 α（learning_rate）：必须至多为 10。该项使用默认值。")
    refused = page.locator('#messages [data-key="early_stopping"]')
    refused.wait_for(timeout=15_000)
    expected = "未应用：early stopping 耐心值（early_stopping）：early stopping 需要验证集"
    assert refused.inner_text().startswith(expected)
    assert notices.count() >= 2
    assert_chinese(page)
    screenshot(page, "zh-playground-errors")
