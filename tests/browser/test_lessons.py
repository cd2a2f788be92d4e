"""Every lesson opens its page already set up, plays, and shows its panel; no console errors (the `page`
fixture fails the test on any). Screenshots of each lesson go to artifacts/lesson-<slug>.png."""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.parse

import pytest
from conftest import ROOT, screenshot
from playground_support import epoch, play_lesson, wait_epoch

from playground.api import run
from playground.lessons import all_lessons
from playground.urlcodec import decode

LESSONS = all_lessons()


@pytest.mark.parametrize("lesson", LESSONS, ids=[x.slug for x in LESSONS])
def test_lesson_opens_set_up_and_plays(page, live_server, lesson):
    page.goto(f"{live_server.url}/lessons/{lesson.slug}")
    panel = page.locator("#lesson-panel")
    panel.wait_for(timeout=15_000)
    assert panel.locator(".lesson-title").inner_text() == lesson.title
    assert f"lesson={lesson.slug}" in page.url
    play_lesson(page, lesson)
    screenshot(page, f"lesson-{lesson.slug}")


def test_playground_lesson_url_holds_the_preset_and_try_this_applies_it(page, live_server):
    lesson = next(x for x in LESSONS if x.slug == "l2-regularization")
    page.goto(f"{live_server.url}/lessons/{lesson.slug}")
    page.wait_for_function("document.body.dataset.ready === 'true'", timeout=15_000)
    query = urllib.parse.urlsplit(page.url).query
    cfg, errors = decode(query)
    assert errors == []
    assert cfg == lesson.validated_config()  # the address alone reproduces the lesson's experiment
    page.get_by_role("button", name="Apply this change").click()
    page.wait_for_function("location.search.includes('l2=0.3')")
    cfg, _ = decode(urllib.parse.urlsplit(page.url).query)
    assert cfg.l2 == 0.3 and cfg.hidden == lesson.validated_config().hidden


def test_lesson_steps_follow_the_arrow_key(page, live_server):
    page.goto(f"{live_server.url}/lessons/bias-variance")
    page.wait_for_function("document.body.dataset.ready === 'true'", timeout=15_000)
    page.locator("#lesson-panel").wait_for()
    page.keyboard.press("ArrowRight")  # step 1: no change
    page.keyboard.press("ArrowRight")  # step 2: 120 points and three layers of 32
    page.wait_for_function("location.search.includes('hidden=32,32,32')")
    assert "n_samples=120" in page.url
    assert page.locator(".lesson-steps li.current").inner_text().startswith("Now keep only a tenth")


def test_gradient_checking_lesson_shows_the_broken_backprop(page, live_server):
    page.goto(f"{live_server.url}/lessons/gradient-checking")
    page.wait_for_function("document.body.dataset.ready === 'true'", timeout=15_000)
    page.get_by_role("button", name="Apply this change").click()
    result = page.locator("#gradcheck-result")
    page.wait_for_function("document.getElementById('gradcheck-result').textContent.includes('broken')")
    difference = float(result.inner_text().split()[1].rstrip(":"))
    assert difference > 1e-3  # the course's "probably a bug" threshold
    assert epoch(page) == 0  # checking never trains


def test_reproduce_in_python_runs_and_gives_the_page_config(page, live_server):
    page.goto(f"{live_server.url}/lessons/dropout")
    page.wait_for_function("document.body.dataset.ready === 'true'", timeout=15_000)
    page.get_by_text("Reproduce in Python").click()
    pre = page.locator(".lesson-reproduce pre")
    pre.filter(has_text="playground run").wait_for()  # the details' toggle event fills it
    text = pre.inner_text()
    assert "playground run dropout.json" in text
    script = text.split("# or in Python:\n", 1)[1]
    out = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120, check=True
    ).stdout
    result = json.loads(out)
    expected = run(next(x for x in LESSONS if x.slug == "dropout").validated_config())
    assert result["train_cost"] == expected["train_cost"]  # same config, same bits


def test_lessons_index_lists_every_lesson(page, live_server):
    page.goto(f"{live_server.url}/lessons")
    page.locator(".lesson-card").first.wait_for()
    assert page.locator(".lesson-card").count() == len(LESSONS)
    screenshot(page, "lessons-index")


def test_unknown_lesson_is_a_clear_404(live_server):
    import urllib.error
    import urllib.request

    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(f"{live_server.url}/lessons/no-such-lesson")
    assert err.value.code == 404
    assert "no lesson named" in err.value.read().decode()


def test_exports_boundary_png_and_curves_keep_plotlys_png_button(page, live_server):
    page.goto(f"{live_server.url}/lessons/softmax")
    page.wait_for_function("document.body.dataset.ready === 'true'", timeout=15_000)
    with page.expect_download() as dl:
        page.get_by_role("button", name="Save PNG").click()
    path = dl.value.path()
    with open(path, "rb") as f:
        assert f.read(8) == b"\x89PNG\r\n\x1a\n"
    assert dl.value.suggested_filename == "decision-boundary.png"
    page.get_by_role("button", name="Play").click()
    wait_epoch(page, 2)
    page.locator("#cost-plot .modebar-btn[data-title='Download plot as a PNG']").wait_for(state="attached")


def test_space_plays_and_pauses_the_race(page, live_server):
    page.goto(f"{live_server.url}/lessons/momentum-rmsprop-adam")
    page.wait_for_function("Number(document.body.dataset.raceStep || 0) > 0", timeout=15_000)
    page.locator("body").click(position={"x": 5, "y": 700})  # focus the page, not a control
    page.keyboard.press(" ")
    page.wait_for_function("document.querySelector('#play').textContent.includes('Play')")
    paused_at = int(page.evaluate("document.body.dataset.raceStep"))
    page.wait_for_timeout(300)
    assert int(page.evaluate("document.body.dataset.raceStep")) == paused_at
