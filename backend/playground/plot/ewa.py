"""The EWA lab's main figure: a series and its exponentially weighted averages (frontend/js/ewa/plots.js).

The numbers are the lab's own (playground/ewa_lab.py, through the engine's ewa helper, the one momentum and
Adam use): v_t = beta v_{t-1} + (1 - beta) theta_t, bias-corrected as v_t / (1 - beta^t) when the config
says so. The course's betas keep the course's colours (0.5 yellow, 0.9 red, 0.98 green); the curve without
bias correction is the course's purple.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from playground.config import EwaConfig
from playground.ewa_lab import compute, window_days
from playground.plot.colors import EWA_COURSE_COLORS, EWA_OTHER_COLORS, EWA_RAW, EWA_UNCORRECTED
from playground.validation import parse_model


def _days(beta: float) -> str:
    d = window_days(beta)
    d = round(d) if d >= 10 else round(d, 1)
    return f"≈ {d:g} day{'' if d == 1 else 's'}"


def ewa(
    config: EwaConfig | dict | None = None, uncorrected: bool = True, title: str | None = None
) -> go.Figure:
    """A Figure of an EwaConfig (or its dict, validated; ConfigError on bad input; None = the lab's default,
    Seattle 2012 with β = 0.5, 0.9, 0.98). uncorrected=True (with bias correction on) adds the largest
    beta's curve without it, the course's purple curve that starts near 0."""
    cfg = config if isinstance(config, EwaConfig) else parse_model(EwaConfig, config or {})
    result = compute(cfg)
    dates = result.series.dates
    x = list(dates) if dates else np.arange(1, result.values.size + 1)
    own = cfg.values is not None
    traces = [
        go.Scatter(x=x, y=result.values, mode="markers", marker=dict(color=EWA_RAW, size=4),
                   name="your series" if own else "daily temperature")
    ]  # fmt: skip
    other = 0
    for i, beta in enumerate(result.betas):
        color = EWA_COURSE_COLORS.get(beta)
        if color is None:
            color, other = EWA_OTHER_COLORS[other % len(EWA_OTHER_COLORS)], other + 1
        name = f"β = {beta:g} ({_days(beta)})"
        traces.append(
            go.Scatter(x=x, y=result.averages[i], mode="lines", line=dict(color=color, width=2), name=name)
        )
    if uncorrected and cfg.bias_correction:
        i = int(np.argmax(result.betas))
        traces.append(
            go.Scatter(x=x, y=result.uncorrected[i], mode="lines", line=dict(color=EWA_UNCORRECTED, width=2),
                       name=f"β = {result.betas[i]:g} without bias correction")
        )  # fmt: skip
    unit = "°F" if cfg.unit == "F" else "°C"
    fig = go.Figure(traces)
    fig.update_layout(
        title=title or result.series.description or "Exponentially weighted averages",
        xaxis=dict(title="date" if dates else "day", type="date" if dates else "linear"),
        yaxis=dict(title="value (as given, no unit)" if own else f"temperature ({unit})", zeroline=False),
        legend=dict(orientation="h", y=-0.2), hovermode="x", width=900, height=420, plot_bgcolor="#ffffff",
        margin=dict(l=56, r=12, t=40, b=40),
    )  # fmt: skip
    return fig
