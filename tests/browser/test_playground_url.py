"""The experiment in the URL: a shared link reproduces the run, tampering is reported per field, history
works, and the browser's codec (frontend/js/url-state.js) agrees with backend/playground/urlcodec.py."""

from __future__ import annotations

import random

import numpy as np

from playground.config import ExperimentConfig
from playground.engine.ewa import ewa_series
from playground.urlcodec import decode, encode
from tests.browser.playground_support import open_playground, step_epochs, value
from tests.conftest import screenshot
from tests.test_urlcodec import random_config

SCHEMA_JS = """async () => {
  const { readSchema } = await import('/static/js/schema.js');
  const json = await (await fetch('/shared/schema/experiment.json')).json();
  window.__schema = readSchema(json, __DEFAULTS__);
  window.__codec = await import('/static/js/url-state.js');
}"""


def load_codec(page) -> None:
    import json

    page.evaluate(SCHEMA_JS.replace("__DEFAULTS__", json.dumps(ExperimentConfig().model_dump(mode="json"))))


def test_a_shared_link_reproduces_the_same_cost_in_a_fresh_context(live_server, page, browser):
    q = "?v=1&dataset=moons&noise=0.2&hidden=6,3&activation=relu&learning_rate=0.03&mini_batch_size=16&seed=3"
    open_playground(page, live_server.url, q)
    box = page.locator("#boundary").bounding_box()
    page.mouse.click(box["x"] + 0.2 * box["width"], box["y"] + 0.3 * box["height"])  # a drawn point
    page.wait_for_function("location.search.includes('points=')")
    step_epochs(page, 3)
    costs = (value(page, "cost-now"), value(page, "dev-cost-now"))
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page.get_by_role("button", name="Copy link").click()
    page.get_by_role("button", name="Copied").wait_for()
    link = page.evaluate("navigator.clipboard.readText()")
    assert link == page.url and "points=" in link and "seed=3" in link
    other = browser.new_context(viewport={"width": 1280, "height": 720})
    try:
        fresh = other.new_page()
        fresh.goto(link)
        fresh.wait_for_function("document.getElementById('epoch').dataset.run !== undefined")
        step_epochs(fresh, 3)
        assert (value(fresh, "cost-now"), value(fresh, "dev-cost-now")) == costs  # bit for bit
        assert fresh.url == link
    finally:
        other.close()


def test_a_tampered_link_names_the_bad_fields_and_keeps_the_good_ones(live_server, page):
    open_playground(
        page, live_server.url, "?v=1&learning_rate=banana&hidden=4,999&optimizer=momentum&bogus=1"
    )
    alerts = page.get_by_role("alert")
    text = " | ".join(alerts.all_inner_texts())
    assert "learning_rate" in text and "hidden" in text and "bogus" in text, text
    assert "optimizer" not in text
    assert page.get_by_label("Optimizer").input_value() == "momentum"  # the good field survives
    assert page.get_by_label("Learning rate α").input_value() == "0.01"  # the default
    assert page.locator(".net-node.hidden").count() == 6  # default [4, 2]
    assert "optimizer=momentum" in page.url and "banana" not in page.url  # the address is cleaned up
    screenshot(page, "playground_tampered_url")


def test_back_and_forward_restore_the_settings(live_server, page):
    open_playground(page, live_server.url)
    page.get_by_label("Optimizer").select_option("rmsprop")
    page.wait_for_function("location.search.includes('optimizer=rmsprop')")
    page.get_by_label("Learning rate α").select_option("0.003")
    page.wait_for_function("location.search.includes('learning_rate=0.003')")
    page.go_back()
    page.wait_for_function("document.querySelector('[data-field=learning_rate] select').value === '0.01'")
    assert page.get_by_label("Optimizer").input_value() == "rmsprop"
    page.go_back()
    page.wait_for_function("document.querySelector('[data-field=optimizer] select').value === 'adam'")
    page.go_forward()
    page.go_forward()
    page.wait_for_function("document.querySelector('[data-field=learning_rate] select').value === '0.003'")


def test_the_browser_codec_and_the_python_codec_agree(live_server, page):
    open_playground(page, live_server.url)
    load_codec(page)
    rng = random.Random(11)
    configs = [random_config(rng) for _ in range(40)]
    # Python encodes -> the browser decodes, and the browser re-encodes to the very same text
    queries = [encode(c) for c in configs]
    back = page.evaluate(
        """(qs) => qs.map((q) => {
             const r = window.__codec.decodeQuery(q, window.__schema);
             const again = window.__codec.encodeConfig(r.config, window.__schema);
             return { config: r.config, errors: r.errors, again }; })""",
        queries,
    )
    for cfg, q, got in zip(configs, queries, back, strict=True):
        assert got["errors"] == []
        assert got["again"] == q
        assert ExperimentConfig.model_validate(got["config"]).model_dump() == cfg.model_dump()
    # the browser encodes -> Python decodes
    dumped = [c.model_dump(mode="json") for c in configs]
    texts = page.evaluate("(cs) => cs.map((c) => window.__codec.encodeConfig(c, window.__schema))", dumped)
    for cfg, text in zip(configs, texts, strict=True):
        got, errors = decode(text)
        assert errors == [] and got.model_dump() == cfg.model_dump()


def test_tampered_queries_get_the_same_verdict_in_both_codecs(live_server, page):
    open_playground(page, live_server.url)
    load_codec(page)
    queries = [
        "v=2&noise=0.3",
        "learning_rate=0&beta=1&epsilon=-1&seed=1.5&n_samples=1e3",
        "hidden=&activation=relu,relu&features=x1,x1",
        "dev_ratio=0.6&test_ratio=0.6&classes=3&points=AAAAAAM",
        "points=abc&dev_points=***&batch_norm=yes&dataset=mnist&noise=nan&noise=0.2",
        "l2=1e999&keep_prob=%zz&unknown=1&hidden=4,65",
    ]
    js = page.evaluate(
        """(qs) => qs.map((q) => {
             const r = window.__codec.decodeQuery(q, window.__schema);
             return [r.config, r.errors]; })""",
        queries,
    )
    for q, (config, errors) in zip(queries, js, strict=True):
        cfg, py_errors = decode(q)
        assert [[e["field"], e["message"]] for e in errors] == [list(e) for e in py_errors], q
        assert ExperimentConfig.model_validate(config).model_dump() == cfg.model_dump(), q


def test_cost_smoothing_is_the_engines_ewa(live_server, page):
    open_playground(page, live_server.url)
    rng = np.random.default_rng(5)
    values = (np.exp(-np.linspace(0, 4, 300)) + 0.05 * rng.standard_normal(300)).tolist()
    for beta in (0.0, 0.6, 0.9, 0.99):
        got = page.evaluate(
            "async ([v, b]) => (await import('/static/js/ewa-smooth.js')).ewaSmooth(v, b)", [values, beta]
        )
        want = ewa_series(np.array(values), np.array([beta]), bias_correction=True)[0]
        np.testing.assert_allclose(got, want, rtol=1e-13, atol=0)
