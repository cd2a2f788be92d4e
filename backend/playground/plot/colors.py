"""The pages' colours, so a notebook figure reads like the page (frontend/js/plots/colors.js and friends)."""

from __future__ import annotations

import numpy as np

# frontend/js/plots/colors.js: TensorFlow Playground's orange/blue first, then four more classes
CLASS_COLORS = ("#f59322", "#0877bd", "#2ca25f", "#8e44ad", "#d7301f", "#7f6a00")
NEUTRAL = (232, 234, 235)  # the heatmap's "unsure" grey
NEUTRAL_RGB = "rgb(232,234,235)"
BACKGROUND = "#e8eaeb"
# frontend/js/plots/curves.js (light mode)
TRAIN, DEV = "#1d4e89", "#d1495b"
LAYER_COLORS = (
    "#1d4e89",
    "#d1495b",
    "#2a9d8f",
    "#e9a03b",
    "#6a4c93",
    "#8d6e63",
    "#00798c",
    "#c44536",
    "#52796f",
)
# frontend/js/race/spec.js and contour.js
RACER_COLORS = {"gd": "#d62728", "momentum": "#1f77b4", "rmsprop": "#2ca02c", "adam": "#9467bd"}
RACER_LABELS = {"gd": "Gradient descent", "momentum": "Momentum", "rmsprop": "RMSprop", "adam": "Adam"}
VIRIDIS = ((0.0, "#440154"), (0.25, "#3b528b"), (0.5, "#21918c"), (0.75, "#5ec962"), (1.0, "#fde725"))
# frontend/js/ewa/plots.js: the course's three betas, then the rest
EWA_COURSE_COLORS = {0.5: "#d4a300", 0.9: "#d62728", 0.98: "#2ca02c"}
EWA_OTHER_COLORS = ("#1f77b4", "#ff7f0e", "#8c564b", "#e377c2", "#17becf", "#7f7f7f", "#bcbd22")
EWA_RAW = "rgba(90, 101, 117, 0.45)"
EWA_UNCORRECTED = "#8e44ad"


def hex_to_rgb(color: str) -> np.ndarray:
    """ "#rrggbb" -> (3,) float64 in 0..255."""
    n = int(color[1:], 16)
    return np.array([(n >> 16) & 255, (n >> 8) & 255, n & 255], dtype=np.float64)


def mix(color: str, t: float) -> str:
    """colors.js' mix(NEUTRAL, color, t) as an "rgb(r,g,b)" string (t = 0: grey, 1: the colour)."""
    a, b = np.array(NEUTRAL, dtype=np.float64), hex_to_rgb(color)
    r, g, bl = a + (b - a) * t
    return f"rgb({r:.2f},{g:.2f},{bl:.2f})"
