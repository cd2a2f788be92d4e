"""The playground page in real Chromium against a real server: loading, training, live changes, editor."""

from __future__ import annotations

import json
import urllib.request

from tests.browser.playground_support import (
    canvas_digest,
    class_colours_on_canvas,
    epoch,
    next_paint,
    open_playground,
    run_id,
    step_epochs,
    value,
    wait_epoch,
)
from tests.conftest import screenshot

VERDICTS = ("high bias", "high variance", "high bias and high variance", "low bias and low variance")


def schema(base: str) -> dict:
    with urllib.request.urlopen(base + "/shared/schema/experiment.json") as r:
        return json.load(r)["properties"]


def test_loads_with_named_controls_bounded_by_the_schema(live_server, page):
    open_playground(page, live_server.url)
    for name in ("Play", "Step", "Reset", "Copy link"):
        assert page.get_by_role("button", name=name, exact=True).count() == 1, name
    assert page.get_by_label("Epoch", exact=True).inner_text() == "0"
    props = schema(live_server.url)
    # sliders and number boxes carry the schema's bounds, selects its choices
    noise = page.get_by_label("Noise", exact=True)
    assert (float(noise.get_attribute("min")), float(noise.get_attribute("max"))) == (
        props["noise"]["minimum"],
        props["noise"]["maximum"],
    )
    assert int(page.get_by_label("Number of points").get_attribute("max")) == props["n_samples"]["maximum"]
    opts = page.get_by_label("Optimizer").locator("option").evaluate_all("os => os.map(o => o.value)")
    assert opts == props["optimizer"]["enum"]
    lr = page.get_by_label("Learning rate α").locator("option")
    lr = lr.evaluate_all("os => os.map(o => Number(o.value))")
    assert max(lr) == props["learning_rate"]["maximum"]
    assert min(lr) > props["learning_rate"]["exclusiveMinimum"]
    for group in ("Optimization", "Regularization", "Initialization"):
        assert page.locator("summary", has_text=group).count() == 1
    labels = ("Momentum β", "Adam β1", "Mini-batch size", "L2 λ", "Keep prob", "Batch norm", "Weight init")
    for label in labels:
        assert page.get_by_label(label, exact=True).count() == 1, label
    assert page.locator("#topbar a[aria-current='page']").inner_text() == "Playground"
    screenshot(page, "playground_loaded")


def test_training_changes_the_boundary_and_lowers_the_dev_cost(live_server, page):
    # enough epochs that the run is still going when we look (the default 500 take well under a second)
    open_playground(page, live_server.url, "?v=1&epochs=100000")
    before = canvas_digest(page)
    step_epochs(page, 1)
    first_dev = value(page, "dev-cost-now")
    page.get_by_role("button", name="Play").click()
    page.get_by_role("button", name="Pause").wait_for(timeout=5_000)  # the name follows the state
    wait_epoch(page, 60)
    page.get_by_role("button", name="Pause").click()
    page.get_by_role("button", name="Play").wait_for()
    later_dev = value(page, "dev-cost-now")
    assert later_dev < 0.5 * first_dev, (first_dev, later_dev)
    next_paint(page)
    assert canvas_digest(page) != before
    verdict = page.locator("#verdict").get_attribute("data-verdict")
    assert verdict in VERDICTS
    screenshot(page, "playground_trained")


def test_a_hyperparameter_changes_mid_run_without_a_reset(live_server, page):
    open_playground(page, live_server.url, "?v=1&epochs=100000")
    page.get_by_role("button", name="Play").click()
    wait_epoch(page, 30)
    run = run_id(page)
    at_change = epoch(page)
    page.get_by_label("Learning rate α").select_option("0.1")
    page.wait_for_function("document.getElementById('lr-now').textContent === '0.1'")
    wait_epoch(page, at_change + 30)
    assert run_id(page) == run  # same run: no rebuild, no reset
    assert epoch(page) > at_change
    assert "learning_rate=0.1" in page.url
    page.get_by_role("button", name="Pause").click()


def test_space_bar_plays_and_pauses(live_server, page):
    open_playground(page, live_server.url, "?v=1&epochs=100000")
    page.locator("body").press(" ")
    page.get_by_role("button", name="Pause").wait_for()
    page.locator("body").press(" ")
    page.get_by_role("button", name="Play").wait_for()


def test_the_network_editor_rebuilds_the_network(live_server, page):
    open_playground(page, live_server.url)
    page.get_by_role("button", name="Add hidden layer").click()
    page.wait_for_function("location.search.includes('hidden=4,2,2')")
    page.get_by_role("button", name="Add neuron to layer 1").click()
    page.wait_for_function("location.search.includes('hidden=5,2,2')")
    page.get_by_label("Activation of layer 2").select_option("relu")
    page.wait_for_function("location.search.includes('activation=tanh,relu,tanh')")
    page.get_by_role("button", name="Input x₁²").click()
    page.wait_for_function("decodeURIComponent(location.search).includes('features=x1,x2,x1^2')")
    assert page.get_by_role("button", name="Input x₁²").get_attribute("aria-pressed") == "true"
    # the diagram follows: one button per hidden neuron (5 + 2 + 2)
    page.wait_for_function("document.querySelectorAll('.net-node.hidden').length === 9")
    step_epochs(page, 1)
    assert page.locator("#epoch").get_attribute("data-value") == "1"
    page.get_by_role("button", name="Neuron 2 of layer 1").click()
    assert "Neuron 2 of layer 1" in page.locator("#output-title").text_content()
    screenshot(page, "playground_network_editor")
    page.get_by_role("button", name="Remove hidden layer").click()
    page.wait_for_function("location.search.includes('hidden=5,2&')")


def test_multiclass_blobs_get_one_colour_per_class(live_server, page):
    open_playground(page, live_server.url, "?v=1&dataset=blobs&classes=4&epochs=60")
    assert page.get_by_role("radio").count() == 4  # the class picker offers every class
    page.get_by_role("button", name="Play").click()
    page.wait_for_function("document.getElementById('run-state').textContent === 'completed'", timeout=30_000)
    assert page.locator(".net-node.output").count() == 4
    counts = class_colours_on_canvas(page)
    assert sum(1 for c in counts[:4] if c >= 20) == 4, counts  # four regions, each in its class colour
    assert float(page.locator("#train-error").inner_text().rstrip("%")) < 20
    screenshot(page, "playground_blobs")


def test_a_huge_learning_rate_diverges_and_says_so(live_server, page):
    q = "?v=1&init=random&init_scale=100&optimizer=gd&learning_rate=10&activation=linear"
    open_playground(page, live_server.url, q)
    page.get_by_role("button", name="Play").click()
    page.wait_for_function("document.getElementById('run-state').textContent === 'diverged'", timeout=20_000)
    assert page.get_by_role("alert").filter(has_text="Diverged").count() == 1
    assert page.get_by_role("button", name="Play").count() == 1  # paused
    screenshot(page, "playground_diverged")


def test_presenter_mode_enlarges_text(live_server, page):
    open_playground(page, live_server.url)
    size = page.evaluate("parseFloat(getComputedStyle(document.getElementById('step')).fontSize)")
    page.get_by_role("button", name="Large text").click()
    bigger = page.evaluate("parseFloat(getComputedStyle(document.getElementById('step')).fontSize)")
    assert bigger >= 1.25 * size
    screenshot(page, "playground_presenter")


def test_gradient_check_weight_hover_and_view_toggles(live_server, page):
    open_playground(page, live_server.url)
    step_epochs(page, 2)
    page.get_by_role("button", name="Gradient check").click()
    page.wait_for_function("document.getElementById('gradcheck-result').dataset.verdict === 'fine'")
    assert "difference" in page.locator("#gradcheck-result").inner_text()
    # hovering a link shows its weight: the link from x1 to the first hidden neuron starts at x1's node
    node = page.get_by_role("button", name="Input x₁", exact=True).bounding_box()
    first = page.get_by_role("button", name="Neuron 1 of layer 1", exact=True).bounding_box()
    page.mouse.move(node["x"] + node["width"] + 3, node["y"] + node["height"] / 2)
    tip = page.get_by_role("tooltip")
    tip.wait_for()
    assert tip.inner_text().startswith("weight x₁ → neuron")
    assert first["x"] > node["x"]
    before = canvas_digest(page)
    # each toggle repaints on the next animation frame (a fixed 100 ms wait could end before it)
    page.get_by_label("Discretize").check()
    next_paint(page)
    discretized = canvas_digest(page)
    assert discretized != before
    page.get_by_label("Show dev").uncheck()
    next_paint(page)
    assert canvas_digest(page) not in (before, discretized)
    page.get_by_label("Log scale").check()
    page.wait_for_function("document.getElementById('cost-plot').layout?.yaxis?.type === 'log'")
    page.get_by_label("Smoothing").fill("0.9")
    page.wait_for_function("document.getElementById('cost-plot').data.some((t) => t.name === 'train (raw)')")
    page.get_by_role("button", name="High contrast").click()
    screenshot(page, "playground_high_contrast")


def test_every_control_is_reachable_with_the_keyboard(live_server, page):
    open_playground(page, live_server.url)
    names = set()
    for _ in range(120):
        page.keyboard.press("Tab")
        names.add(
            page.evaluate(
                """() => { const e = document.activeElement;
                   return e.getAttribute('aria-label') || (e.labels && e.labels[0] ? e.labels[0].textContent
                          : e.textContent.trim()) || e.id; }"""
            )
        )
    for want in ("Play", "Step", "Reset", "Copy link", "Dataset", "Noise", "Optimizer", "Learning rate α"):
        assert want in names, (want, sorted(names))
    assert any(n.startswith("Decision boundary") for n in names)  # the drawing canvas takes focus
    assert "Add hidden layer" in names and "Neuron 1 of layer 1" in names
    # keyboard drawing: arrows move a cursor on the canvas, Enter adds a point of the selected class
    page.locator("#boundary").focus()
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("Enter")
    page.wait_for_function("location.search.includes('dataset=custom')")
