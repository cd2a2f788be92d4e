"""The /race page in real Chromium: a race runs, its paths are drawn on the contour, the URL reproduces it."""

from __future__ import annotations

import json
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


def link_errors(page) -> dict:
    """field -> message of the link warning's lines."""
    items = page.locator("#race-messages [data-key='link'] li")
    return {items.nth(i).get_attribute("data-field"): items.nth(i).inner_text() for i in range(items.count())}


def test_start_outside_the_domain_is_named_and_the_default_start_used(live_server, page):
    page.goto(live_server.url + "/race?start=999,999&speed=3000")
    wait_finished(page)
    errors = link_errors(page)
    assert list(errors) == ["start"]
    assert "outside the elongated_bowl domain x in [-10, 10], y in [-4, 4]" in errors["start"]
    assert page.locator("#race-messages [data-key='server']").count() == 0  # the server accepted the fallback
    assert page.locator("#start-text").inner_text() == "(-8.00, 2.00)"  # elongated_bowl's own start
    assert racer_traces(page)["Adam"] == 201
    assert "start=" not in page.url  # the address is the link as used
    screenshot(page, "race_bad_start")


def test_every_bad_link_field_gets_a_message_and_its_default(live_server, page):
    query = "gd.lr=-1&surface=nope&steps=abc&noise=-5&racers=gd,foo&start=abc&speed=3000&view=4d&colour=red"
    page.goto(live_server.url + "/race?" + query)
    wait_finished(page)
    errors = link_errors(page)
    assert set(errors) == {"gd.lr", "surface", "steps", "noise", "racers", "start", "view", "colour"}
    assert '"nope" is not one of elongated_bowl' in errors["surface"]
    assert "foo: not a racer" in errors["racers"]
    assert "a number > 0 and ≤ 100" in errors["gd.lr"] and "an integer ≥ 1 and ≤ 20000" in errors["steps"]
    # the good parts are kept (only gd races, fast), the bad ones are the defaults (200 steps, bowl, no noise)
    assert racer_traces(page) == {"Gradient descent": 201}
    assert page.input_value("#surface") == "elongated_bowl"
    gd_alpha = page.locator("#legend tr[data-racer='gd'] td").nth(1).inner_text()
    assert gd_alpha == "0.45"  # the bowl's default α


def test_a_refused_config_keeps_its_message(live_server, page):
    """The server refuses the first config (tampered on the wire): its error, not a 'play' one, stays."""

    def tamper(ws):
        server = ws.connect_to_server()

        def to_server(message):
            msg = json.loads(message)
            if msg.get("type") == "config":
                msg["config"]["start"] = [999, 999]
            server.send(json.dumps(msg))

        ws.on_message(to_server)
        server.on_message(ws.send)

    page.route_web_socket("**/ws/race", tamper)
    page.goto(live_server.url + "/race")
    error = page.locator("#race-messages [data-key='server']")
    error.wait_for()
    page.click("#play")  # a play without an accepted config is refused too
    page.wait_for_timeout(500)
    assert "start: [999, 999] lies outside the elongated_bowl domain" in error.inner_text()
    assert "send a config" not in error.inner_text()


def test_rmsprop_diverging_on_its_first_step_says_why(live_server, page):
    page.goto(live_server.url + "/race?racers=gd,rmsprop&rmsprop.lr=0.5&speed=3000")
    wait_finished(page)
    row = page.locator("#legend tr[data-racer='rmsprop']")
    assert row.get_attribute("data-status") == "diverged"
    why = row.locator(".badge").get_attribute("title")
    # S_1 = (1 - beta2) g^2: the step is alpha g / sqrt(S_1) = alpha / sqrt(0.001) = 31.6 alpha per coordinate
    assert "diverged at step 1" in why and "α/√(1−β2) = 31.6 × α without bias correction" in why
    assert "= 15.8 per coordinate" in why  # 31.62 x 0.5
    cells = [c.strip() for c in row.locator("td.mono").all_inner_texts()]
    assert cells[:2] == ["0.5", "0"]


def test_legend_numbers_share_one_format(live_server, page):
    """One formatter for every legend number: 0 prints as 0 (not 0.00), small and huge as exponents."""
    page.goto(live_server.url + "/race?speed=3000")
    values = "[0, 2.6e-16, 0.00247, -0.0312, 0.45, 14.4, 123456, null]"
    out = page.evaluate(f"import('/static/js/race/legend.js').then(({{ fmt }}) => {values}.map(fmt))")
    assert out == ["0", "2.6e-16", "2.5e-3", "-0.0312", "0.45", "14.4", "1.2e+5", "—"]


def test_legend_fits_in_presenter_mode_with_a_lesson(live_server, page):
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(live_server.url + "/race?speed=3000")
    page.evaluate("localStorage.setItem('tp-presenter', '1')")
    page.goto(live_server.url + "/race?lesson=momentum-rmsprop-adam")
    page.wait_for_function("Number(document.body.dataset.raceStep || 0) > 5", timeout=15_000)
    page.evaluate("localStorage.removeItem('tp-presenter')")
    assert page.evaluate("document.body.classList.contains('with-lesson')")
    wait_finished(page)  # the legend is redrawn every frame: measure it at rest
    cells = page.evaluate(
        """() => {
          const wrap = document.querySelector('.legend-wrap').getBoundingClientRect();
          return Array.from(document.querySelectorAll('#legend td'), (td) => {
            const r = td.getBoundingClientRect();
            return { inside: r.left >= wrap.left && r.right <= wrap.right + 0.5,
                     whole: td.scrollWidth <= td.clientWidth, text: td.innerText,
                     before: getComputedStyle(td, '::before').content };
          });
        }"""
    )
    assert len(cells) == 4 * 5
    assert [c["text"] for c in cells if not (c["inside"] and c["whole"])] == []  # nothing cut off
    labels = [c["before"] for c in cells[1:5]]
    assert labels == ['"α "', '"step "', '"J "', '"→ min "']  # each number keeps its name
    screenshot(page, "race_lesson_presenter")
