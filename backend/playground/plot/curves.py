"""Train/dev cost and accuracy per epoch, as the playground page's curves (frontend/js/plots/curves.js)."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from playground.plot.colors import DEV, LAYER_COLORS, TRAIN
from playground.run_history import history_columns


def _line(x, y, name, color, show):
    # a few epochs: points, as the page draws them (a line through 3 epochs hides them)
    mode = "lines" if len(x) > 20 else "lines+markers"
    return go.Scatter(
        x=x, y=y, name=name, mode=mode, line=dict(color=color, width=2), legendgroup=name, showlegend=show
    )


def curves(obj, grad_norms: bool = False, title: str | None = None) -> go.Figure:
    """A Figure of the cost (left) and the accuracy (right) per epoch, train and dev, of a trained Trainer or
    fitted PlaygroundClassifier; grad_norms=True adds a third panel with ||dW^[l]|| per layer (log scale).

    NaN (no dev set, a diverged epoch) leaves a gap, never a made-up point.
    """
    h = history_columns(obj)
    epoch = h["epoch"]
    panels = ["Cost", "Accuracy"] + (["Gradient norms ‖dW‖"] if grad_norms else [])
    fig = make_subplots(rows=1, cols=len(panels), subplot_titles=panels, horizontal_spacing=0.08)
    for col, metric in enumerate(("cost", "accuracy"), start=1):
        for split, color in (("train", TRAIN), ("dev", DEV)):
            y = h[f"{split}_{metric}"]
            if np.isnan(y).all():
                continue  # no dev split: no dev curve (and no legend entry for it)
            fig.add_trace(_line(epoch, y, split, color, show=col == 1), row=1, col=col)
        fig.update_xaxes(title_text="epoch", row=1, col=col)
    if grad_norms:
        layers = sorted(k for k in h if k.startswith("grad_norm_"))
        for i, key in enumerate(layers):
            name = "output" if i == len(layers) - 1 else f"layer {i + 1}"
            fig.add_trace(_line(epoch, h[key], name, LAYER_COLORS[i % len(LAYER_COLORS)], True), row=1, col=3)
        fig.update_yaxes(type="log", row=1, col=3)
        fig.update_xaxes(title_text="epoch", row=1, col=3)
    fig.update_yaxes(range=[0, 1.02], row=1, col=2)
    fig.update_layout(
        title=title, height=340, width=380 * len(panels), plot_bgcolor="#ffffff",
        legend=dict(orientation="h", y=-0.25), margin=dict(l=50, r=10, t=50 if title else 30, b=40),
    )  # fmt: skip
    fig.update_xaxes(gridcolor="#e3e7ee", zeroline=False)
    fig.update_yaxes(gridcolor="#e3e7ee", zeroline=False)
    return fig
