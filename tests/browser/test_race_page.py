"""The /race page in real Chromium: a race runs, its paths are drawn on the contour, the URL reproduces it."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from tests.conftest import screenshot


def wait_finished(page, timeout=20_000):
    page.wait_for_function("document.body.dataset.raceFinished === 'true'", timeout=timeout)


def racer_traces(page) -> dict:
    """name -> number of points of each racer's trail on the contour plot."""
    return page.evaluate(
        """() => Object.fromEntries(document.querySelector('#contour').data
              .filter((t) => t.type === 'scatter' && t.mode === 'lines+markers')
              .map((t) => [t.name, t.x.length]))"""
    )


def test_race_runs_and_draws_every_path(live_server, page):
    page.goto(live_server.url + "/race?surface=elongated_bowl&speed=3000")
    wait_finished(page)
    trails = racer_traces(page)
    assert trails == {"Gradient descent": 201, "Momentum": 201, "RMSprop": 201, "Adam": 201}
    assert page.locator("#contour .contourlayer path, #contour .contour").count() > 0  # the surface is drawn
    rows = page.locator("#legend tr[data-racer]")
    assert rows.count() == 4
    assert page.locator("#legend tr[data-racer='gd'] td").nth(2).inner_text() == "200"
    assert page.locator("#topbar a[aria-current='page']").inner_text() == "Optimizer race"
    shot = screenshot(page, "race_elongated_bowl")
    assert shot.stat().st_size > 20_000


def test_click_sets_the_start_and_step_reset_work(live_server, page):
    page.goto(live_server.url + "/race?surface=course_quadratic&speed=3000")
    wait_finished(page)
    box = page.locator("#contour .nsewdrag").first.bounding_box()  # the plot area
    page.mouse.click(box["x"] + box["width"] * 0.75, box["y"] + box["height"] * 0.25)  # upper right
    page.wait_for_function("location.search.includes('start=')")
    x, y = (float(v) for v in parse_qs(urlsplit(page.url).query)["start"][0].split(","))
    assert 7 < x < 11 and 7 < y < 11  # course_quadratic's domain is [-2, 12]^2
    page.wait_for_function("document.body.dataset.raceStep === '0'")  # a new start restarts the race
    assert racer_traces(page)["Adam"] == 1
    page.click("#step")
    page.wait_for_function("document.body.dataset.raceStep === '1'")
    assert racer_traces(page)["Adam"] == 2
    page.click("#reset")
    page.wait_for_function("document.body.dataset.raceStep === '0'")


def test_controls_write_the_url_and_back_restores(live_server, page):
    page.goto(live_server.url + "/race?speed=3000")
    wait_finished(page)
    page.select_option("#surface", "rosenbrock")
    page.wait_for_function("location.search.includes('surface=rosenbrock')")
    page.uncheck("#racer-rmsprop")
    page.wait_for_function("location.search.includes('racers=')")
    query = parse_qs(urlsplit(page.url).query)
    assert query["racers"] == ["gd,momentum,adam"] and query["surface"] == ["rosenbrock"]
    page.wait_for_function("!document.querySelector('#contour').data.some((t) => t.name === 'RMSprop')")
    page.go_back()
    page.wait_for_function("document.querySelector('#racer-rmsprop').checked")
    assert page.input_value("#surface") == "rosenbrock"
    page.go_back()
    page.wait_for_function("document.querySelector('#surface').value === 'elongated_bowl'")


def test_shared_url_reproduces_a_diverging_race(live_server, page):
    url = "/race?surface=course_quadratic&start=1,2&racers=gd,adam&gd.lr=1.2&steps=40&speed=3000"
    page.goto(live_server.url + url)
    wait_finished(page)
    gd = page.locator("#legend tr[data-racer='gd']")
    assert gd.get_attribute("data-status") == "diverged"  # factor 1 - 2 * 1.2 = -1.4 per step
    assert page.locator("#legend tr[data-racer='adam']").get_attribute("data-status") == "done"
    assert page.locator("#start-text").inner_text() == "(1.00, 2.00)"
    screenshot(page, "race_diverged")
