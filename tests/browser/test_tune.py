"""The tuning lab in real Chromium: a small random search streams in, a box selection zooms into a finer
round, each trial opens in the playground by its URL."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from tests.conftest import screenshot

QUERY = "?epochs=25&n_samples=200"
HASH = "#trials=12&method=random&seed=4&p=learning_rate:log:0.0001:1&p=beta1:one_minus_log:0.8:0.999"


def rounds(page) -> list[dict]:
    return page.evaluate(
        "window.tuneLab.rounds.list.map(r => ({number: r.number, parent: r.parent, state: r.state,"
        " params: r.search.params, trials: r.trials.map(t => ({index: t.index, params: t.params,"
        " dev_accuracy: t.dev_accuracy, status: t.status}))}))"
    )


def wait_round_done(page, number: int) -> None:
    page.wait_for_function(
        f"(() => {{ const r = window.tuneLab.rounds.find({number}); return r && r.state === 'done'; }})()",
        timeout=60_000,
    )


def box_select(page, x0: float, x1: float) -> None:
    """Drag a box over the first scatter's plot area between fractions x0..x1 of its width (all heights)."""
    box = page.locator("#scatter .nsewdrag").first.bounding_box()
    y_top, y_bottom = box["y"] + 2, box["y"] + box["height"] - 2
    page.mouse.move(box["x"] + box["width"] * x0, y_top)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * (x0 + x1) / 2, (y_top + y_bottom) / 2, steps=5)
    page.mouse.move(box["x"] + box["width"] * x1, y_bottom, steps=5)
    page.mouse.up()


def test_a_small_sweep_streams_in_and_a_box_zooms_into_a_finer_round(page, live_server):
    page.goto(f"{live_server.url}/tune{QUERY}{HASH}")
    page.wait_for_selector("#start:not([disabled])", timeout=15_000)
    assert page.locator(".param-row").count() == 2  # the search came from the URL
    page.click("#start")
    wait_round_done(page, 1)
    first = rounds(page)[0]
    assert len(first["trials"]) == 12 and first["parent"] is None
    assert page.locator("#trials-table tbody tr").count() == 12
    # log scales on log axes: alpha itself, and 1 - beta1
    layout = page.evaluate(
        "(() => { const l = document.getElementById('scatter')._fullLayout;"
        " return [l.xaxis.type, l.xaxis2.type, l.xaxis.title.text, l.xaxis2.title.text]; })()"
    )
    assert layout == ["log", "log", "learning_rate (log)", "1 − beta1 (log)"]
    assert page.evaluate("document.getElementById('parcoords').data[0].type") == "parcoords"

    # box-select the right half of the learning-rate scatter (larger alphas), then zoom in
    box_select(page, 0.5, 0.98)
    page.wait_for_selector("#zoom:not([disabled])", timeout=5_000)
    page.click("#zoom")
    wait_round_done(page, 2)
    second = rounds(page)[1]
    assert second["parent"] == 1
    picked = second["params"]["learning_rate"]
    assert picked["scale"] == "log" and 1e-4 <= picked["min"] < picked["max"] <= 1.0
    assert picked["min"] > 1e-4 * 10  # the box left out the low decades
    alphas = [t["params"]["learning_rate"] for t in second["trials"]]
    assert len(alphas) == 12 and all(picked["min"] <= a <= picked["max"] for a in alphas)
    assert page.locator("#rounds li").count() == 2
    assert "zoom of 1" in page.locator("#rounds li").nth(1).inner_text()

    # sorting by dev accuracy (descending by default), and each trial opens in the playground
    page.click("#trials-table th button[data-key='dev_accuracy']")
    shown = [float(x) for x in page.locator("#trials-table tbody tr td:nth-child(4)").all_inner_texts()]
    assert shown == sorted(shown) or shown == sorted(shown, reverse=True)
    href = page.locator("#trials-table tbody tr a").first.evaluate("a => a.href")  # resolved (it is relative)
    query = parse_qs(urlsplit(href).query)
    assert urlsplit(href).path == "/" and query["epochs"] == ["25"] and "learning_rate" in query
    screenshot(page, "tune_lab")


def test_a_bad_range_shows_the_servers_error_naming_the_field(page, live_server):
    page.goto(f"{live_server.url}/tune#p=learning_rate:log:0:1")
    page.wait_for_selector("#start:not([disabled])", timeout=15_000)
    page.click("#start")
    message = page.locator("#tune-message")
    message.wait_for(state="visible", timeout=10_000)
    assert "params.learning_rate" in message.inner_text() and "min must be > 0" in message.inner_text()


def test_a_grid_tries_only_its_side_while_random_tries_every_trial(page, live_server):
    params = "&p=learning_rate:log:0.001:1&p=epsilon:log:1e-10:1e-6"
    for method, expected in (
        ("grid", "learning_rate 3, epsilon 3"),
        ("random", "learning_rate 9, epsilon 9"),
    ):
        page.goto("about:blank")  # a hash-only change would not reload the page
        page.goto(f"{live_server.url}/tune?epochs=3&n_samples=100#trials=9&method={method}{params}")
        page.wait_for_selector("#start:not([disabled])", timeout=15_000)
        page.click("#start")
        wait_round_done(page, 1)
        assert f"values tried: {expected}" in page.locator("#rounds li").first.inner_text()


def test_a_broken_hash_is_reported_and_the_defaults_stand_in(page, live_server):
    page.goto(f"{live_server.url}/tune#trials=abc&p=learning_rate:cubic:1:2")
    page.wait_for_selector("#start:not([disabled])", timeout=15_000)
    text = page.locator("#tune-message").inner_text()
    assert "trials" in text and "unknown scale" in text
    assert page.locator("#trials").input_value() == "25"
    assert page.locator(".param-row").count() == 2  # the default search
