"""Playground defects found by QA at 1280x720: notices, history, Step after the end, keyboard in lessons,
run speed, human-level error, test split read-outs, crowded network heads, presenter and high contrast."""

from __future__ import annotations

import time

from conftest import screenshot
from playground_support import epoch, open_playground, run_id

LESSON = "bias-variance"


def boxes(page, selector: str) -> list[dict]:
    return page.eval_on_selector_all(
        selector,
        "els => els.filter(e => e.checkVisibility()).map(e => { const r = e.getBoundingClientRect();"
        " return {x: r.left, y: r.top, r: r.right, b: r.bottom, w: r.width, h: r.height}; })",
    )


def overlap(a: dict, b: dict) -> bool:
    return a["x"] < b["r"] - 0.5 and b["x"] < a["r"] - 0.5 and a["y"] < b["b"] - 0.5 and b["y"] < a["b"] - 0.5


def inside(a: dict, b: dict) -> bool:
    t = 0.5
    return a["x"] >= b["x"] - t and a["r"] <= b["r"] + t and a["y"] >= b["y"] - t and a["b"] <= b["b"] + t


def set_modes(page, base: str, presenter: bool = False, contrast: bool = False) -> None:
    page.goto(f"{base}/lessons")  # same origin: set the stored toggles (a JSON page would 404 on a favicon)
    page.evaluate(
        f"() => {{ localStorage.setItem('tp-presenter', '{int(presenter)}');"
        f" localStorage.setItem('tp-high-contrast', '{int(contrast)}'); }}"
    )


def luminance(rgb: tuple[int, int, int]) -> float:
    """WCAG 2 relative luminance."""
    lin = [c / 255 / 12.92 if c / 255 <= 0.04045 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def rgb(text: str) -> tuple[int, int, int]:
    text = text.strip()
    if text.startswith("#"):
        return tuple(int(text[i : i + 2], 16) for i in (1, 3, 5))
    parts = text[text.index("(") + 1 : text.index(")")].split(",")
    return tuple(int(float(p)) for p in parts[:3])


def test_contrast_formula_matches_wcag_examples():
    # WCAG's own anchors: black on white is 21:1, a colour against itself is 1:1
    assert abs(contrast((0, 0, 0), (255, 255, 255)) - 21.0) < 1e-9
    assert contrast((93, 255, 138), (93, 255, 138)) == 1.0


def test_a_tampered_points_link_keeps_its_error_beside_the_no_points_notice(live_server, page):
    open_playground(page, live_server.url, "?v=1&dataset=custom&points=!!!garbage")
    page.wait_for_timeout(1200)  # the server's answer to the first config has arrived by now
    alerts = " | ".join(page.get_by_role("alert").all_inner_texts())
    assert "Link: points" in alerts, alerts


def test_back_undoes_a_slider_change(live_server, page):
    open_playground(page, live_server.url)
    start = page.evaluate("location.search")
    slider = page.get_by_role("slider", name="Noise")
    before = slider.input_value()
    slider.focus()
    page.keyboard.press("ArrowRight")  # a slider fires `input` (address replaced) then `change` (committed)
    page.wait_for_function(f"location.search !== {start!r}")
    assert "noise=" in page.evaluate("location.search")
    page.go_back()
    page.wait_for_function(f"location.search === {start!r}")
    page.wait_for_function(f"document.querySelector('[data-field=noise] input').value === {before!r}")


def test_step_on_a_finished_run_says_it_starts_over_before_doing_it(live_server, page):
    open_playground(page, live_server.url, "?v=1&epochs=3&speed=max")
    page.get_by_role("button", name="Play").click()
    page.wait_for_function("document.getElementById('run-state').textContent === 'completed'")
    run = run_id(page)
    step = page.get_by_role("button", name="Step", exact=True)
    step.click()
    page.get_by_text("Step starts it over from epoch 0").wait_for()
    page.wait_for_timeout(400)
    assert epoch(page) == 3 and run_id(page) == run  # nothing thrown away yet
    step.click()
    page.wait_for_function(f"document.getElementById('epoch').dataset.run !== '{run}'")
    page.wait_for_function("Number(document.getElementById('epoch').dataset.value) === 1")


def test_run_events_sit_in_the_run_bar_and_clear_when_the_run_restarts(live_server, page):
    open_playground(page, live_server.url, "?v=1&epochs=3&speed=max")
    page.get_by_role("button", name="Play").click()
    note = "document.getElementById('run-note').textContent.startsWith('Completed at epoch 3')"
    page.wait_for_function(note)
    assert page.locator("#messages .message").filter(has_text="Completed").count() == 0
    page.get_by_role("button", name="Reset").click()
    page.wait_for_function("document.getElementById('run-note').textContent === ''")


def test_notices_cover_no_plot_and_stay_left_of_the_lesson_panel(live_server, page):
    q = f"?v=1&learning_rate=abc&nonsense=1&noise=9&lesson={LESSON}"
    open_playground(page, live_server.url, q)
    page.wait_for_selector("#lesson-panel")
    page.wait_for_timeout(500)
    notes = boxes(page, "#messages .message")
    assert len(notes) == 3, page.locator("#messages").inner_text()
    others = boxes(page, "#cost-plot, #acc-plot, #grad-plot, #boundary, #net-body, .runbar, #lesson-panel")
    assert len(others) == 7
    for n in notes:
        for o in others:
            assert not overlap(n, o), (n, o)
    screenshot(page, "playground_notices_lesson")


def test_the_arrow_key_on_the_canvas_moves_the_cursor_not_the_lesson(live_server, page):
    open_playground(page, live_server.url, f"?lesson={LESSON}")
    page.wait_for_selector("#lesson-panel")
    page.locator("#boundary").focus()
    page.keyboard.press("ArrowRight")
    assert page.locator(".lesson-steps li.current").count() == 0
    page.locator("#lesson-panel .lesson-title").click()  # focus off the canvas: → is the lesson's again
    page.keyboard.press("ArrowRight")
    assert page.locator(".lesson-steps li.current").count() == 1


def test_speed_caps_epochs_per_second_and_is_kept_in_the_link(live_server, page):
    open_playground(page, live_server.url, "?v=1&epochs=100000")
    speed = page.get_by_label("Epochs/s")
    assert speed.input_value() == "100" and "speed=" not in page.url  # the default keeps links short
    speed.select_option("5")
    page.wait_for_function("location.search.includes('speed=5')")
    t0 = time.monotonic()
    page.get_by_role("button", name="Play").click()
    page.wait_for_timeout(1500)
    reached, elapsed = epoch(page), time.monotonic() - t0
    page.get_by_role("button", name="Pause").click()
    # an upper bound only (a slow machine trains fewer): 5 epochs/s over the elapsed time, one frame of slack
    assert 1 <= reached <= 5 * elapsed + 2, (reached, elapsed)
    page.reload()
    page.wait_for_function("document.body.dataset.ready === 'true'")
    assert page.get_by_label("Epochs/s").input_value() == "5"


def test_a_bad_speed_in_the_link_is_named(live_server, page):
    open_playground(page, live_server.url, "?v=1&speed=fast")
    page.get_by_role("alert").filter(has_text="Link: speed").wait_for()
    assert page.get_by_label("Epochs/s").input_value() == "100"


def test_human_level_error_feeds_the_avoidable_bias(live_server, page):
    open_playground(page, live_server.url, "?v=1&epochs=5&speed=max&dataset=spiral")
    page.get_by_role("button", name="Play").click()
    page.wait_for_function("document.getElementById('run-state').textContent === 'completed'")
    train = float(page.locator("#train-error").inner_text().rstrip("%"))
    assert float(page.locator("#bias").inner_text().rstrip("%")) == train
    page.get_by_label("Human-level error").fill("10")
    page.get_by_label("Human-level error").press("Enter")
    page.get_by_role("button", name="Step", exact=True).click()  # a new frame carries the new diagnosis
    page.get_by_role("button", name="Step", exact=True).click()
    page.wait_for_function("document.getElementById('epoch').dataset.value === '1'")
    page.wait_for_function(
        "Math.abs(parseFloat(document.getElementById('bias').textContent) -"
        " (parseFloat(document.getElementById('train-error').textContent) - 10)) < 0.11"
    )


def test_test_split_read_outs_show_only_where_a_frame_carries_them(live_server, page):
    open_playground(page, live_server.url)
    assert page.locator("#test-cost-box").is_hidden() and page.locator("#test-error-box").is_hidden()
    shown = page.evaluate(
        """async () => {
          const s = await import('/static/js/playground/status-view.js');
          const h = {epoch: 1, run: 1, step: 1, learning_rate: 0.1, stopped: null, playing: false,
                     train: {train_cost: 0.5, dev_cost: 0.6, test_cost: 0.25, test_accuracy: 0.875}};
          s.showCounters(h);
          s.showTestError(h);
          return [document.getElementById('test-cost-now').textContent,
                  document.getElementById('test-error').textContent,
                  document.getElementById('test-cost-box').hidden];
        }"""
    )
    assert shown == ["0.2500", "12.5%", False]


def test_eight_hidden_layers_keep_readable_heads(live_server, page):
    open_playground(page, live_server.url, "?v=1&dataset=blobs&classes=5&hidden=9,2,2,2,2,2,2,2")
    page.wait_for_function("document.querySelectorAll('.net-head').length === 8")
    page.wait_for_timeout(300)
    units = boxes(page, ".net-units")
    selects = boxes(page, ".net-head select")
    assert [t.strip() for t in page.locator(".net-units").all_inner_texts()] == ["9"] + ["2"] * 7
    for group in (units, selects):
        for a, b in zip(group, group[1:], strict=False):
            assert a["r"] <= b["x"], (a, b)  # side by side, never over each other
    assert "9 neurons" in page.locator(".net-head").first.get_attribute("title")
    screenshot(page, "playground_eight_layers")


def check_playground_layout(page) -> None:
    """Nothing overlaps or spills at 1280x720: nav links, feature nodes, plots, the bias/variance panel."""
    vw = 1280
    lesson = boxes(page, "#lesson-panel")
    for link in boxes(page, "#topbar nav a, #topbar .nav-toggle"):
        assert link["r"] <= vw and link["b"] <= 44.5, link
    body = boxes(page, "#net-body")[0]
    for node in boxes(page, ".net-node"):
        assert inside(node, body), (node, body)
    heads = boxes(page, ".net-head select")
    hidden = boxes(page, ".net-node.hidden")
    for h in heads:
        for n in hidden:
            assert not overlap(h, n), (h, n)
    cost, acc = boxes(page, "#cost-plot")[0], boxes(page, "#acc-plot")[0]
    diag = boxes(page, ".diag")[0]
    assert cost["h"] >= 150 and acc["h"] >= 150, (cost, acc)
    assert cost["b"] <= diag["y"] + 0.5 and acc["b"] <= diag["y"] + 0.5
    curves = boxes(page, ".curves-panel")[0]
    assert inside(boxes(page, "#smoothing")[0], curves)
    copy = boxes(page, "#copy-link")[0]
    font = page.evaluate("parseFloat(getComputedStyle(document.getElementById('copy-link')).fontSize)")
    assert copy["h"] < 2.2 * font  # one line of text
    grads = boxes(page, "#grad-plot")[0]
    assert grads["h"] >= 150
    if lesson:
        for el in boxes(page, ".runbar, .workspace, #messages"):
            assert el["r"] <= lesson[0]["x"] + 0.5, (el, lesson)


def ytick_labels_apart(page, plot: str) -> None:
    ticks = boxes(page, f"#{plot} .ytick text")
    ticks.sort(key=lambda t: t["y"])
    assert len(ticks) >= 2
    for a, b in zip(ticks, ticks[1:], strict=False):
        assert a["b"] <= b["y"] + 0.5, (plot, a, b)
    assert len(boxes(page, f"#{plot} .xtick text")) >= 2, plot  # the x axis is still there


def train_a_little(page) -> None:
    page.get_by_role("button", name="Play").click()
    page.wait_for_function("document.getElementById('run-state').textContent === 'completed'", timeout=30_000)
    page.wait_for_timeout(900)  # the paced plots catch up


def test_presenter_mode_layout_and_plot_fonts(live_server, page):
    open_playground(page, live_server.url, "?v=1&hidden=4,2&epochs=150&speed=max")
    normal = page.evaluate("document.getElementById('cost-plot').layout.font.size")
    set_modes(page, live_server.url, presenter=True)
    open_playground(page, live_server.url, "?v=1&hidden=4,2&epochs=150&speed=max")
    train_a_little(page)
    screenshot(page, "playground_presenter")
    assert page.evaluate("document.getElementById('cost-plot').layout.font.size") > normal
    assert page.evaluate("document.getElementById('grad-plot').layout.font.size") > normal
    check_playground_layout(page)
    for plot in ("cost-plot", "grad-plot"):
        ytick_labels_apart(page, plot)


def test_presenter_mode_with_a_lesson_is_usable(live_server, page):
    set_modes(page, live_server.url, presenter=True)
    open_playground(page, live_server.url, f"?v=1&hidden=4,2&epochs=150&speed=max&lesson={LESSON}")
    page.wait_for_selector("#lesson-panel")
    train_a_little(page)
    screenshot(page, "playground_presenter_lesson")
    check_playground_layout(page)


def test_normal_mode_with_a_lesson_is_usable(live_server, page):
    open_playground(page, live_server.url, f"?v=1&hidden=4,2&epochs=150&speed=max&lesson={LESSON}")
    page.wait_for_selector("#lesson-panel")
    train_a_little(page)
    screenshot(page, "playground_lesson")
    check_playground_layout(page)


def test_high_contrast_badge_and_curves_stand_out_on_black(live_server, page):
    set_modes(page, live_server.url, contrast=True)
    open_playground(page, live_server.url, "?v=1&hidden=4,2&epochs=60&speed=max")
    train_a_little(page)
    badge = page.evaluate(
        "(() => { const s = getComputedStyle(document.getElementById('run-state'));"
        " return [s.color, s.backgroundColor]; })()"
    )
    assert contrast(rgb(badge[0]), rgb(badge[1])) >= 7, badge
    black = (0, 0, 0)
    for plot in ("cost-plot", "acc-plot", "grad-plot"):
        colors = page.evaluate(f"document.getElementById('{plot}').data.map(t => t.line.color)")
        assert colors
        for c in colors:
            assert contrast(rgb(c), black) >= 4.5, (plot, c)
    screenshot(page, "playground_high_contrast")
    set_modes(page, live_server.url, presenter=True, contrast=True)
    open_playground(page, live_server.url, f"?v=1&hidden=4,2&epochs=60&speed=max&lesson={LESSON}")
    train_a_little(page)
    screenshot(page, "playground_presenter_high_contrast_lesson")
    check_playground_layout(page)


def test_speed_is_no_experiment_field_in_either_codec(live_server, page):
    from playground.config import ExperimentConfig
    from playground.urlcodec import decode

    query = "v=1&noise=0.2&speed=max&lesson=dropout"
    cfg, errors = decode(query)
    assert errors == [] and cfg.noise == 0.2
    open_playground(page, live_server.url)
    js_errors = page.evaluate(
        """async ([query, defaults]) => {
          const { decodeQuery } = await import('/static/js/url-state.js');
          const { readSchema } = await import('/static/js/schema.js');
          const schema = readSchema(await (await fetch('/shared/schema/experiment.json')).json(), defaults);
          return decodeQuery(query, schema).errors;
        }""",
        [query, ExperimentConfig().model_dump(mode="json")],
    )
    assert js_errors == []
