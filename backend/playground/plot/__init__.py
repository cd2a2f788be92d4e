"""Plotly figures of the playground's views, for notebooks: the same colours and conventions as the pages.

    >>> import playground
    >>> trainer = playground.train({"dataset": "moons"})
    >>> playground.plot.boundary(trainer)          # decision boundary + train/dev/test points
    >>> playground.plot.curves(trainer)            # train/dev cost and accuracy per epoch
    >>> playground.plot.race({"surface": "rosenbrock"})
    >>> playground.plot.ewa({"betas": [0.9, 0.98]})

Each returns a plain ``plotly.graph_objects.Figure``. plotly.js comes from the installed plotly package,
never a CDN: in Jupyter the default renderer embeds it, and ``fig.write_html(path, include_plotlyjs=True)``
writes a file that opens offline (see the README).
"""

from playground.plot.boundary import boundary
from playground.plot.curves import curves
from playground.plot.ewa import ewa
from playground.plot.race import race

__all__ = ["boundary", "curves", "ewa", "race"]
