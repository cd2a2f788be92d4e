"""The EWA lab page in real Chromium: curves drawn, beta slider moves the live curve, units, paste, URL."""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlsplit

import pytest

from playground.commands.ewa import ewa_result
from tests.conftest import screenshot

TRACES = "Array.from(document.getElementById('ewa-plot').data, t => ({name: t.name, y: Array.from(t.y)}))"


def open_lab(page, live_server, query: str = "") -> None:
    page.goto(f"{live_server.url}/ewa{query}")
    page.wait_for_function("window.ewaLab && window.ewaLab.frames > 0", timeout=15_000)


def traces(page) -> dict[str, list[float]]:
    return {t["name"]: t["y"] for t in page.evaluate(TRACES)}


def live_curve(page) -> tuple[str, list[float]]:
    (name,) = [n for n in traces(page) if n.startswith("live") and "without" not in n]
    return name, traces(page)[name]


def wait_frames(page, before: int) -> None:
    page.wait_for_function(f"window.ewaLab.frames > {before}", timeout=15_000)


def test_default_curves_are_the_courses(page, live_server):
    open_lab(page, live_server)
    names = list(traces(page))
    assert names[0] == "daily temperature"
    for label in ("β = 0.5 (≈ 2 days)", "β = 0.9 (≈ 10 days)", "β = 0.98 (≈ 50 days)"):
        assert label in names
    assert "live β = 0.95 without bias correction" in names
    cli = ewa_result({"betas": [0.5, 0.9, 0.98, 0.95]})
    assert traces(page)["β = 0.9 (≈ 10 days)"] == cli["averages"]["0.9"]  # the engine's numbers, bit for bit
    plot = "document.getElementById('ewa-plot').data"
    colours = page.evaluate(f"Object.fromEntries(Array.from({plot}, t => [t.name, t.line?.color]))")
    # the course's colours follow the beta, not the position: 0.5 yellow, 0.9 red, 0.98 green
    assert colours["β = 0.5 (≈ 2 days)"] == "#d4a300" and colours["β = 0.9 (≈ 10 days)"] == "#d62728"
    assert colours["β = 0.98 (≈ 50 days)"] == "#2ca02c"
    assert colours["live β = 0.95 without bias correction"] == "#8e44ad"
    purple = traces(page)["live β = 0.95 without bias correction"]
    assert purple[0] == pytest.approx(0.05 * cli["values"][0])  # starts too low: (1 - beta) * theta_1


def test_moving_beta_changes_the_live_curve(page, live_server):
    open_lab(page, live_server)
    name_before, before = live_curve(page)
    n = page.evaluate("window.ewaLab.frames")
    page.locator("#beta-slider").fill("0.5")
    wait_frames(page, n)
    page.wait_for_function(
        "Array.from(document.getElementById('ewa-plot').data).some(t => t.name.startsWith('live β = 0.5 '))"
    )
    name_after, after = live_curve(page)
    assert name_before.startswith("live β = 0.95") and name_after == "live β = 0.5 (≈ 2 days)"
    assert after != before
    assert after == ewa_result({"betas": [0.5]})["averages"]["0.5"]
    # beta 0.5 follows the data much more closely than 0.95
    raw = traces(page)["daily temperature"]
    gap = lambda ys: sum(abs(a - b) for a, b in zip(ys, raw, strict=True)) / len(raw)  # noqa: E731
    assert gap(after) < gap(before)
    assert parse_qs(urlsplit(page.url).query)["beta"] == ["0.5"]
    assert "1/(1−β) = 2 days" in page.inner_text("#beta-window")
    screenshot(page, "ewa_lab_beta_0.5")


def test_unit_toggle_converts_before_averaging(page, live_server):
    open_lab(page, live_server)
    celsius = traces(page)["daily temperature"]
    n = page.evaluate("window.ewaLab.frames")
    page.click("#unit-F")
    wait_frames(page, n)
    t = traces(page)
    assert t["daily temperature"] == pytest.approx([c * 1.8 + 32 for c in celsius])
    assert t["live β = 0.95 without bias correction"][0] == pytest.approx(0.05 * (celsius[0] * 1.8 + 32))
    assert "°F" in page.evaluate("document.getElementById('ewa-plot').layout.yaxis.title.text")
    assert "unit=F" in page.url


def test_paste_names_the_bad_line_then_accepts_a_good_series(page, live_server):
    open_lab(page, live_server)
    page.click("#paste-box summary")
    page.fill("#paste-text", "temp\n40\n41\nforty-two\n")
    page.click("#paste-apply")
    page.wait_for_selector("#paste-error:not([hidden])")
    assert 'line 4: "forty-two" is not a number' in page.inner_text("#paste-error")
    n = page.evaluate("window.ewaLab.frames")
    page.fill("#paste-text", "40\n40\n40\n40")
    page.click("#paste-apply")
    wait_frames(page, n)
    t = traces(page)
    assert t["your series"] == [40, 40, 40, 40]
    assert t["β = 0.98 (≈ 50 days)"] == pytest.approx([40, 40, 40, 40])  # constant stays constant
    assert parse_qs(urlsplit(page.url).query)["values"] == ["40,40,40,40"]
    assert page.text_content("#series-title") == "Your own series"


def test_url_state_back_forward_and_bad_fields(page, live_server):
    open_lab(page, live_server, "?betas=0.8&beta=2")
    assert "beta: each beta must be" in page.inner_text("#url-errors")
    assert page.evaluate("window.ewaLab.state.betas") == [0.8]
    assert page.evaluate("window.ewaLab.state.beta") == 0.95  # bad field falls back to the default
    n = page.evaluate("window.ewaLab.frames")
    page.select_option("#series-select", "seattle_2015")
    wait_frames(page, n)
    assert "series=seattle_2015" in page.url
    n = page.evaluate("window.ewaLab.frames")
    page.go_back()
    wait_frames(page, n)
    assert page.evaluate("window.ewaLab.state.series") == "seattle_2012"
    state = json.loads(page.evaluate("JSON.stringify(window.ewaLab.state)"))
    assert state["betas"] == [0.8]


def test_without_bias_correction_every_curve_starts_too_low(page, live_server):
    open_lab(page, live_server, "?values=10,10,10&betas=0.98,0.9")
    assert page.evaluate("document.getElementById('ewa-plot').data[1].line.color") == "#2ca02c"  # 0.98 green
    n = page.evaluate("window.ewaLab.frames")
    page.uncheck("#bias-correction")
    wait_frames(page, n)
    t = traces(page)
    assert not [name for name in t if "without" in name]  # the main curves are the uncorrected ones now
    assert t["β = 0.9 (≈ 10 days)"] == pytest.approx([1.0, 1.9, 2.71])  # 10 (1 - 0.9^t)
    assert "bias_correction=false" in page.url


def test_upload_a_csv_file(page, live_server, tmp_path):
    csv = tmp_path / "london.csv"
    csv.write_text("date,temp\n2024-01-01,4\n2024-01-02,6\n2024-01-03,8\n")
    open_lab(page, live_server)
    page.click("#paste-box summary")
    n = page.evaluate("window.ewaLab.frames")
    page.set_input_files("#paste-file", str(csv))
    wait_frames(page, n)
    assert traces(page)["your series"] == [4, 6, 8]
    assert page.input_value("#paste-text").startswith("date,temp")
    csv.write_text("1\n2\n3,4\n")
    page.set_input_files("#paste-file", str(csv))
    page.wait_for_selector("#paste-error:not([hidden])")
    assert "line 3: expected one value like the lines above" in page.inner_text("#paste-error")


def test_a_pasted_series_is_plotted_as_given_whatever_the_unit(page, live_server):
    open_lab(page, live_server, "?unit=F")
    assert traces(page)["daily temperature"][0] > 32  # the shipped series is in °F (Seattle, winter: ~40 °F)
    page.click("#paste-box summary")
    n = page.evaluate("window.ewaLab.frames")
    page.fill("#paste-text", "3\n5\n7")
    page.click("#paste-apply")
    wait_frames(page, n)
    t = traces(page)
    assert t["your series"] == [3, 5, 7]  # not 37.4, 41, 44.6: a paste has no unit to convert from
    assert t["β = 0.5 (≈ 2 days)"] == pytest.approx([3, 13 / 3, 41 / 7])  # v 1.5, 3.25, 5.125 / (1 - 0.5^t)
    title = page.evaluate("document.getElementById('ewa-plot').layout.yaxis.title.text")
    assert title == "value (as given, no unit)"
    assert page.is_disabled("#unit-F") and page.is_disabled("#unit-C")
    assert "plotted as given" in page.inner_text("#unit-note")
    screenshot(page, "ewa_paste_in_F")
    n = page.evaluate("window.ewaLab.frames")
    page.select_option("#series-select", "seattle_2013")  # a shipped series again: °F applies again
    wait_frames(page, n)
    assert traces(page)["daily temperature"][0] > 32
    assert "°F" in page.evaluate("document.getElementById('ewa-plot').layout.yaxis.title.text")
    assert page.is_hidden("#unit-note") and page.is_enabled("#unit-F")


def test_series_options_start_with_what_tells_them_apart(page, live_server):
    open_lab(page, live_server)
    options = page.eval_on_selector_all("#series-select option", "(os) => os.map((o) => [o.value, o.text])")
    labels = dict(options)
    assert labels["seattle_2012"] == "2012 – Seattle daily mean temperature (NOAA)"
    assert labels["seattle_2012_2015"] == "2012-2015 – Seattle daily mean temperature (NOAA)"
    shipped = [text for value, text in options if value.startswith("seattle")]
    assert len({text[:9] for text in shipped}) == len(shipped)  # the first characters differ


def test_caption_follows_bias_correction(page, live_server):
    open_lab(page, live_server)
    assert "purple curve is the live β without bias correction" in page.inner_text("#curves-caption")
    n = page.evaluate("window.ewaLab.frames")
    page.uncheck("#bias-correction")
    wait_frames(page, n)
    caption = page.inner_text("#curves-caption")
    assert "Bias correction is off" in caption and "The purple curve is" not in caption
    assert not [name for name in traces(page) if "without" in name]  # indeed no purple curve
    screenshot(page, "ewa_no_bias_caption")
