"""The optimizer race on its cost surface, as the race page draws it (frontend/js/race/contour.js).

Contour lines (30 levels, viridis) of J, or of log10(J - J_min + delta) on the surfaces whose levels read
better on a log scale (delta = a millionth of the range, so the minimum stays finite), the minima as stars,
saddle points as crosses, the start as an open circle, and each racer's path in the page's colours, its last
point an X where the racer diverged or ran off the plot. The race itself is the engine's (commands/race.py).
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from playground.config import RaceConfig
from playground.engine.race import DIVERGED, ESCAPED, Race
from playground.plot.colors import RACER_COLORS, RACER_LABELS, VIRIDIS

LEVELS = 30


def level_transform(surface, z: np.ndarray):
    """(f, label): the map applied to J before drawing levels (contour.js' levelTransform)."""
    if not surface.log_levels:
        return (lambda v: v), "J"
    lo, hi = float(np.nanmin(z)), float(np.nanmax(z))
    floor = min(lo, surface.min_value if surface.min_value is not None else lo)
    delta = max(1e-12, 1e-6 * (hi - floor))
    return (lambda v: np.log10(np.asarray(v) - floor + delta)), "log₁₀ J"


def _as_race(race: Race | RaceConfig | dict) -> Race:
    if isinstance(race, Race):
        return race if race.finished else race.run()
    from playground.commands.race import make_race  # validation and its errors, as `playground race` has them

    return make_race(race).run()


def _markers(points, symbol, name):
    if not points:
        return []
    xy = np.asarray(points, dtype=np.float64).reshape(-1, 2)
    marker = dict(symbol=symbol, size=13, color="#111", line=dict(color="#fff", width=1))
    return [go.Scatter(x=xy[:, 0], y=xy[:, 1], mode="markers", name=name, marker=marker)]


def race(config: Race | RaceConfig | dict, resolution: int = 120, title: str | None = None) -> go.Figure:
    """A Figure of the race for a RaceConfig (or its dict, validated as `playground race` does; ConfigError on
    bad input) or a Race (run to its end first). The axes keep the surface's true aspect ratio."""
    r = _as_race(config)
    surface = r.surface
    xs, ys, z = surface.grid(resolution)
    f, label = level_transform(surface, z)
    zt = f(z)
    lo, hi = float(np.nanmin(zt)), float(np.nanmax(zt))
    contours = dict(coloring="lines", start=lo, end=hi, size=(hi - lo) / LEVELS)
    traces = [
        go.Contour(
            x=xs, y=ys, z=zt, colorscale=[list(s) for s in VIRIDIS], showscale=False, autocontour=False,
            contours=contours, line=dict(width=1.2), name=label, hoverinfo="skip",
        ),
        *_markers(surface.minima, "star", "minimum"),
        *_markers(surface.saddles, "x-thin-open", "saddle point"),
        *_markers([tuple(r.start)], "circle-open", "start"),
    ]  # fmt: skip
    for name, racer in r.racers.items():
        path = np.asarray(racer.path)
        color, label_r = RACER_COLORS[name], RACER_LABELS[name]
        traces.append(
            go.Scatter(
                x=path[:, 0], y=path[:, 1], mode="lines+markers", name=f"{label_r} (α = {racer.lr0:g})",
                line=dict(color=color, width=2), marker=dict(color=color, size=3), legendgroup=name,
            )
        )  # fmt: skip
        stopped = racer.status in (DIVERGED, ESCAPED)
        head = dict(
            color=color, size=13, symbol="x" if stopped else "circle", line=dict(color="#fff", width=2)
        )
        traces.append(
            go.Scatter(x=path[-1:, 0], y=path[-1:, 1], mode="markers", marker=head, showlegend=False,
                       legendgroup=name, name=f"{label_r} {racer.status}")
        )  # fmt: skip
    x0, x1, y0, y1 = surface.domain
    fig = go.Figure(traces)
    fig.update_layout(
        title=title or f"{surface.name}: {surface.formula}", plot_bgcolor="#ffffff", hovermode="closest",
        width=640, height=int(min(620, max(320, 560 * (y1 - y0) / (x1 - x0) + 120))),
        xaxis=dict(range=[x0, x1], title="x", zeroline=False, constrain="domain"),
        yaxis=dict(range=[y0, y1], title="y", zeroline=False, scaleanchor="x", constrain="domain"),
        legend=dict(orientation="h", y=-0.15), margin=dict(l=50, r=10, t=40, b=40),
    )  # fmt: skip
    return fig
