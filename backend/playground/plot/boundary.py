"""The decision boundary with the data points, as on the playground page (frontend/js/plots/boundary.js).

The page paints P(class 1) for two classes orange (0) -> grey (0.5) -> blue (1), at most 62% of the class
colour (colors.js' binaryColor), and for K > 2 classes the winning class's colour, paler when unsure:
15% + 47% * confidence, confidence = (p_max - 1/K) / (1 - 1/K) (multiColor). Both are linear in one number
per cell, so a plotly heatmap with a piecewise colour scale gives exactly the page's colours: z = p for two
classes, z = (k + confidence) / K for K classes (each class owns a band of the scale). Points as on the page:
train = filled dots with a white edge, dev = white rings, test = white squares, in the class colours.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from playground.plot.colors import BACKGROUND, CLASS_COLORS, NEUTRAL_RGB, mix
from playground.run_history import trainer_of

BAND = 1.0 - 1e-9  # keeps a fully confident cell of class k inside class k's band


def colorscale(n_classes: int) -> list[list]:
    """The heatmap's colour scale over z in [0, 1] (see the module docstring)."""
    if n_classes <= 2:
        return [[0.0, mix(CLASS_COLORS[0], 0.62)], [0.5, NEUTRAL_RGB], [1.0, mix(CLASS_COLORS[1], 0.62)]]
    scale = []
    for k in range(n_classes):
        color = CLASS_COLORS[k % len(CLASS_COLORS)]
        scale += [[k / n_classes, mix(color, 0.15)], [(k + BAND) / n_classes, mix(color, 0.62)]]
    scale[-1][0] = 1.0
    return scale


def heat_values(probs: np.ndarray) -> np.ndarray:
    """probs (r, r, K) -> z (r, r) in [0, 1] as the colour scale reads it."""
    K = probs.shape[2]
    if K <= 2:
        return probs[:, :, -1]
    k = probs.argmax(axis=2)
    confidence = np.clip((probs.max(axis=2) - 1.0 / K) / (1.0 - 1.0 / K), 0.0, 1.0)
    return (k + confidence * BAND) / K


SYMBOLS = {"train": "circle", "dev": "circle", "test": "square"}  # dev: a ring (white fill), test: a square


def point_traces(dataset, splits=("train", "dev", "test")) -> list[go.Scatter]:
    """One scatter per (split, class) with points: test, dev, then train on top (the page's order)."""
    traces = []
    for split in reversed(splits):
        data = getattr(dataset, split)
        for k in np.unique(data.y):
            X = data.X[data.y == k]
            color = CLASS_COLORS[int(k) % len(CLASS_COLORS)]
            filled = split == "train"
            marker = dict(
                symbol=SYMBOLS[split],
                size=7 if filled else 8,
                color=color if filled else "rgba(255,255,255,0.85)",
                line=dict(color="#ffffff" if filled else color, width=1 if filled else 2),
            )
            traces.append(
                go.Scatter(x=X[:, 0], y=X[:, 1], mode="markers", marker=marker, name=f"{split} class {k}")
            )
    return traces


def boundary(
    obj, resolution: int = 100, splits=("train", "dev", "test"), title: str | None = None
) -> go.Figure:
    """A plotly Figure of the decision boundary of a trained Trainer or fitted PlaygroundClassifier.

    resolution: grid cells per side (the page's default 100); splits: which points to draw.
    Coordinates are the raw (x1, x2) of the data; the axes span the dataset's plot bounds.
    """
    trainer = trainer_of(obj)
    xs, ys, probs = trainer.boundary_grid(resolution)
    K = probs.shape[2]
    label = "P(class 1)" if K <= 2 else "winning class"
    heat = go.Heatmap(
        x=xs, y=ys, z=heat_values(probs), zmin=0.0, zmax=1.0, colorscale=colorscale(K), showscale=False,
        customdata=probs.max(axis=2), name="network",
        hovertemplate=f"x1 %{{x:.3g}}, x2 %{{y:.3g}}<br>{label}: %{{z:.3f}}<extra></extra>"
        if K <= 2 else "x1 %{x:.3g}, x2 %{y:.3g}<br>max P: %{customdata:.3f}<extra></extra>",
    )  # fmt: skip
    x0, x1, y0, y1 = trainer.dataset.bounds
    fig = go.Figure([heat, *point_traces(trainer.dataset, splits)])
    fig.update_layout(
        title=title or f"Decision boundary after {trainer.epoch} epochs",
        width=560, height=560, plot_bgcolor=BACKGROUND, legend=dict(orientation="h", y=-0.12),
        xaxis=dict(range=[x0, x1], title="x1", zeroline=False, constrain="domain"),
        yaxis=dict(range=[y0, y1], title="x2", zeroline=False, scaleanchor="x", scaleratio=1),
        margin=dict(l=50, r=10, t=40, b=40),
    )  # fmt: skip
    return fig
