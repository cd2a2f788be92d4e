"""playground.plot: plotly figures with the pages' colours, built from the engine's own numbers."""

from __future__ import annotations

import re

import numpy as np
import plotly.graph_objects as go
import pytest

import playground
from playground.commands.race import race_result
from playground.engine.surfaces import get_surface
from playground.validation import ConfigError


def rgb(text: str) -> tuple[float, ...]:
    return tuple(float(v) for v in re.fullmatch(r"rgb\(([^)]*)\)", text).group(1).split(","))


@pytest.fixture(scope="module")
def moons():
    return playground.train({"dataset": "moons", "hidden": [6], "epochs": 30, "test_ratio": 0.1})


@pytest.fixture(scope="module")
def blobs():
    return playground.train({"dataset": "blobs", "classes": 4, "epochs": 30})


def test_binary_boundary_is_p_class_1_on_the_pages_scale(moons):
    fig = playground.plot.boundary(moons, resolution=40)
    heat = fig.data[0]
    xs, ys, probs = moons.boundary_grid(40)
    assert np.array_equal(heat.x, xs) and np.array_equal(heat.y, ys)
    assert np.array_equal(heat.z, probs[:, :, 1]) and (heat.zmin, heat.zmax) == (0.0, 1.0)
    # colors.js binaryColor: mix(grey (232,234,235), orange #f59322 = (245,147,34), 0.62) at p = 0, grey at
    # 0.5, blue #0877bd = (8,119,189) at 62% at p = 1
    (p0, c0), (p5, c5), (p1, c1) = heat.colorscale
    assert (p0, p5, p1) == (0.0, 0.5, 1.0)
    assert rgb(c0) == pytest.approx((232 + 13 * 0.62, 234 - 87 * 0.62, 235 - 201 * 0.62))
    assert rgb(c5) == (232, 234, 235)
    assert rgb(c1) == pytest.approx((232 - 224 * 0.62, 234 - 115 * 0.62, 235 - 46 * 0.62))


def test_points_are_drawn_per_split_and_class_in_the_class_colours(moons):
    fig = playground.plot.boundary(moons)
    scatters = {t.name: t for t in fig.data if isinstance(t, go.Scatter)}
    for split in ("train", "dev", "test"):
        data = getattr(moons.dataset, split)
        for k, color in ((0, "#f59322"), (1, "#0877bd")):
            trace = scatters[f"{split} class {k}"]
            assert np.array_equal(trace.x, data.X[data.y == k, 0]) and len(trace.y) == np.sum(data.y == k)
            assert (trace.marker.color if split == "train" else trace.marker.line.color) == color
    assert [t.name.split()[0] for t in fig.data[1:]][-1] == "train"  # train points on top


def test_multiclass_boundary_encodes_the_winner_and_its_confidence(blobs):
    fig = playground.plot.boundary(blobs, resolution=30)
    z = np.asarray(fig.data[0].z)
    _, _, probs = blobs.boundary_grid(30)
    K = 4
    assert np.array_equal(np.floor(z * K).astype(int), probs.argmax(axis=2))
    confidence = (probs.max(axis=2) - 1 / K) / (1 - 1 / K)  # colors.js multiColor
    assert np.allclose(z * K - probs.argmax(axis=2), np.clip(confidence, 0, 1) * (1 - 1e-9), atol=1e-12)
    stops = fig.data[0].colorscale
    assert len(stops) == 2 * K and stops[0][0] == 0.0 and stops[-1][0] == 1.0


def test_curves_plot_the_history_columns():
    t = playground.train({"dataset": "circles", "epochs": 12})
    fig = playground.plot.curves(t, grad_norms=True)
    by_axis = {(tr.xaxis, tr.name): tr for tr in fig.data}
    h = playground.history(t, as_frame=False)
    assert np.array_equal(by_axis[("x", "train")].y, h["train_cost"])
    assert np.array_equal(by_axis[("x", "dev")].y, h["dev_cost"])
    assert np.array_equal(by_axis[("x2", "dev")].y, h["dev_accuracy"])
    assert np.array_equal(by_axis[("x3", "output")].y, h["grad_norm_3"]) and fig.layout.yaxis3.type == "log"
    assert by_axis[("x", "train")].line.color == "#1d4e89" and by_axis[("x", "dev")].line.color == "#d1495b"
    no_dev = playground.plot.curves(playground.train({"dataset": "xor", "dev_ratio": 0.0, "epochs": 3}))
    assert {tr.name for tr in no_dev.data} == {"train"}


def test_race_paths_are_the_race_commands_paths():
    config = {
        "surface": "rosenbrock",
        "steps": 150,
        "optimizers": {"gd": {}, "adam": {"learning_rate": 0.05}},
    }
    fig = playground.plot.race(config)
    expected = race_result(config)["paths"]
    paths = {t.legendgroup: t for t in fig.data[1:] if t.mode == "lines+markers"}
    assert set(paths) == {"gd", "adam"}
    for name, path in expected.items():
        xy = np.array(path)
        assert np.array_equal(paths[name].x, xy[:, 0]) and np.array_equal(paths[name].y, xy[:, 1])
    assert paths["adam"].line.color == "#9467bd" and paths["gd"].line.color == "#d62728"
    # log-spaced levels, as the page: log10(J - J_min + delta), delta a millionth of the range
    s = get_surface("rosenbrock")
    xs, ys, z = s.grid(120)
    floor = min(z.min(), s.min_value)
    assert np.allclose(fig.data[0].z, np.log10(z - floor + 1e-6 * (z.max() - floor)))


def test_a_bad_race_config_is_the_schemas_error():
    with pytest.raises(ConfigError) as e:
        playground.plot.race({"surface": "beale", "start": [100, 0]})
    assert e.value.field == "start"


def ewa_by_hand(values, beta, corrected):
    v, out = 0.0, []
    for t, theta in enumerate(values, start=1):
        v = beta * v + (1 - beta) * theta
        out.append(v / (1 - beta**t) if corrected else v)
    return out


def test_ewa_curves_are_the_course_formula():
    values = [40.0, 50.0, 45.0, 60.0, 55.0]
    fig = playground.plot.ewa({"series": None, "values": values, "betas": [0.5, 0.98]})
    lines = {t.name: t for t in fig.data}
    assert np.allclose(lines["β = 0.98 (≈ 50 days)"].y, ewa_by_hand(values, 0.98, True))
    assert lines["β = 0.98 (≈ 50 days)"].y[0] == pytest.approx(40.0)  # the course: corrected v1 = theta1
    purple = lines["β = 0.98 without bias correction"]
    assert purple.y[0] == pytest.approx(0.8) and purple.line.color == "#8e44ad"  # (1 - 0.98) * 40
    assert lines["β = 0.5 (≈ 2 days)"].line.color == "#d4a300"


def test_ewa_of_the_shipped_series_has_dates_and_units():
    fig = playground.plot.ewa({"betas": [0.9], "unit": "F"})
    raw = fig.data[0]
    assert raw.x[0] == "2012-01-01" and fig.layout.xaxis.type == "date"
    assert fig.layout.yaxis.title.text == "temperature (°F)"


@pytest.mark.parametrize("name", ["boundary", "curves", "race", "ewa"])
def test_figures_render_offline(moons, name):
    """A figure written with include_plotlyjs=True carries plotly.js inline: no script is fetched."""
    arg = {"boundary": moons, "curves": moons, "race": {"surface": "saddle"}, "ewa": None}[name]
    html = getattr(playground.plot, name)(arg).to_html(include_plotlyjs=True, full_html=True)
    assert not re.search(r"<script[^>]+src=", html)
    assert len(html) > 1_000_000  # plotly.min.js itself is inline (several MB)
    assert "NaN" not in getattr(playground.plot, name)(arg).to_json()
