"""The gradient-norm plot has one point per epoch and layer, even for a run that ends within one frame."""

from __future__ import annotations

import numpy as np
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from playground.config import ExperimentConfig
from playground.engine.trainer import Trainer
from tests.browser.playground_support import open_playground
from tests.conftest import screenshot

STATE = """(() => {
  const p = document.getElementById('grad-plot'), e = document.getElementById('epoch');
  return {epoch: e.dataset.value, run: e.dataset.run, traces: (p.data || []).map(t => t.x.length),
          visibility: document.visibilityState,
          badges: [...document.querySelectorAll('.badge')].filter(b => b.offsetParent)
            .map(b => b.textContent),
          play: document.querySelector('#play')?.textContent};
})()"""
# full batch: epoch e ends with step e, so the plot's first point is the very first step
CFG = {"dataset": "moons", "hidden": [8, 8, 8], "activation": "sigmoid", "mini_batch_size": 0, "epochs": 6}


def test_gradient_norms_are_plotted_per_epoch_from_epoch_one(live_server, page):
    query = "?v=1&dataset=moons&hidden=8,8,8&activation=sigmoid&mini_batch_size=0&epochs=6"
    open_playground(page, live_server.url, query)
    page.get_by_role("button", name="Play", exact=True).click()
    try:
        page.wait_for_function(
            "(document.getElementById('grad-plot').data || []).length === 4"
            " && document.getElementById('grad-plot').data[0].x.length === 6",
            timeout=20_000,
        )
    except PlaywrightTimeout:  # say what the page held, not only that it waited (visible badges only)
        raise AssertionError(f"the plot did not get 4 x 6 points: {page.evaluate(STATE)}") from None
    plot = page.evaluate(
        "(() => { const p = document.getElementById('grad-plot');"
        " return {x: p.data.map(t => Array.from(t.x)), y: p.data.map(t => Array.from(t.y)),"
        " names: p.data.map(t => t.name), axis: p.layout.xaxis.title.text}; })()"
    )
    screenshot(page, "grad_norms_per_epoch")
    assert plot["axis"] == "epoch" and plot["names"] == ["layer 1", "layer 2", "layer 3", "output"]
    assert all(x == [1, 2, 3, 4, 5, 6] for x in plot["x"])
    # the numbers are the engine's: ||dW|| per layer at each full-batch step
    ref = Trainer(ExperimentConfig(**CFG))
    expected = []
    for _ in range(6):
        ref.train_steps(1)
        expected.append(ref.grad_norms())
    np.testing.assert_allclose(np.array(plot["y"]).T, np.array(expected), rtol=1e-6)
