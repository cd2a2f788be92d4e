"""The optimizer race: the engine's own optimizer classes (the ones that train networks) on a 2-vector.

Every racer starts at the same point and takes one step per race step on the same surface, with its own
hyperparameters. One race step counts as one epoch for learning-rate decay (epoch t + 1 for step t + 1).
Optional gradient noise is Gaussian with std `noise`, from a stream seeded by (seed, racer) so switching a
racer on or off never changes another racer's path. A racer whose point or cost stops being finite, or that
leaves a box ten times the plot domain, is marked "diverged" and stops; its path ends at its last good point.

`cfg` is duck-typed (RaceConfig's attribute names): surface, start, steps, noise, seed, optimizers (a map
name -> object with learning_rate, beta, beta1, beta2, epsilon), learning_rate (the "same alpha for all"
override, or None), lr_decay, decay_rate, decay_interval. A learning_rate of None means the surface's default.
"""

from __future__ import annotations

import numpy as np

from .datasets import make_dataset
from .optimizers import make_optimizer
from .schedules import decayed_learning_rate
from .surfaces import RACERS, Surface, get_surface, logistic_surface

RUNNING, DIVERGED, ESCAPED, DONE = "running", "diverged", "escaped", "done"


def build_surface(cfg) -> Surface:
    """The surface named by cfg.surface; dataset_logistic is built from `cfg.data_config` (its data fields).

    Raises ValueError when the data has no training point.
    """
    if cfg.surface != "dataset_logistic":
        return get_surface(cfg.surface)
    data_cfg = cfg.data_config
    data = make_dataset(data_cfg)
    return logistic_surface(data.train.X, data.train.y, getattr(data_cfg, "l2", 0.0))


class Racer:
    """One optimizer on the surface. path: [(x, y), ...] and costs: [J, ...], both from the start point."""

    def __init__(
        self, name: str, hp, lr0: float, start: np.ndarray, surface: Surface, noise: float, seed: int
    ):
        self.name = name
        self.lr0 = lr0
        self.optimizer = make_optimizer(name, 2, hp.beta, hp.beta1, hp.beta2, hp.epsilon)
        self.theta = np.array(start, dtype=np.float64)
        self.grad = np.empty(2)
        self.noise = noise
        self.rng = np.random.default_rng([seed, RACERS.index(name)])
        self.path: list[tuple[float, float]] = [(float(start[0]), float(start[1]))]
        self.costs: list[float] = [surface.value(self.theta)]
        self.status = RUNNING
        self.stopped_at: int | None = None  # the step that diverged or escaped (not on the path)
        self.learning_rate = lr0

    @property
    def steps(self) -> int:
        return len(self.path) - 1

    def step(self, surface: Surface, schedule: tuple[str, float, int], limit: np.ndarray) -> None:
        """One optimizer step; `limit` (4,) is the box beyond which the racer stops (escaped)."""
        with np.errstate(all="ignore"):  # overflow is detected below, not warned about
            surface.gradient(self.theta, out=self.grad)
            if self.noise > 0.0:
                self.grad += self.noise * self.rng.standard_normal(2)
            self.learning_rate = decayed_learning_rate(self.lr0, *schedule, epoch=self.steps + 1)
            self.optimizer.step(self.theta, self.grad, self.learning_rate)
            cost = surface.value(self.theta)
        x, y = float(self.theta[0]), float(self.theta[1])
        finite = np.isfinite(cost) and np.isfinite(x) and np.isfinite(y)
        if not (finite and limit[0] <= x <= limit[1] and limit[2] <= y <= limit[3]):
            # Leaving the box downhill (a saddle, unbounded below) is an escape; uphill it is a blow-up.
            self.status = ESCAPED if finite and cost < self.costs[0] else DIVERGED
            self.stopped_at = self.steps + 1
            return
        self.path.append((x, y))
        self.costs.append(cost)


class Race:
    """All enabled racers on one surface, for `steps` steps (cfg.steps, or the surface's default)."""

    def __init__(self, cfg, surface: Surface):
        self.cfg = cfg
        self.surface = surface
        start = surface.start if getattr(cfg, "start", None) is None else cfg.start
        self.start = np.array(start, dtype=np.float64)
        if not surface.in_domain(*self.start):
            raise ValueError(f"start: {list(start)} lies outside the domain {list(surface.domain)}")
        x0, x1, y0, y1 = surface.domain
        w, h = x1 - x0, y1 - y0
        self.limit = np.array([x0 - w, x1 + w, y0 - h, y1 + h])
        self.steps = surface.steps if getattr(cfg, "steps", None) is None else cfg.steps
        self.schedule = (cfg.lr_decay, cfg.decay_rate, cfg.decay_interval)
        same = getattr(cfg, "learning_rate", None)
        self.racers: dict[str, Racer] = {}
        for name in RACERS:  # canonical order, whatever the config's key order
            hp = cfg.optimizers.get(name)
            if hp is None:
                continue
            lr0 = same if same is not None else hp.learning_rate
            lr0 = surface.learning_rates[name] if lr0 is None else lr0
            self.racers[name] = Racer(name, hp, lr0, self.start, surface, cfg.noise, cfg.seed)
        self.t = 0  # race steps taken

    @property
    def finished(self) -> bool:
        return self.t >= self.steps or all(r.status != RUNNING for r in self.racers.values())

    def step(self, n: int = 1) -> int:
        """Advance every running racer by up to n steps (never past `steps`); returns the steps taken."""
        n = max(0, min(n, self.steps - self.t))
        for racer in self.racers.values():
            for _ in range(n):
                if racer.status != RUNNING:
                    break
                racer.step(self.surface, self.schedule, self.limit)
        self.t += n
        if self.t >= self.steps:
            for racer in self.racers.values():
                if racer.status == RUNNING:
                    racer.status = DONE
        return n

    def run(self) -> Race:
        """Run to the end."""
        self.step(self.steps - self.t)
        return self

    def result(self) -> dict:
        """The `playground race` JSON: paths and costs from the start point, plus the divergence map."""
        rs = self.racers.values()
        return {
            "surface": self.surface.name,
            "paths": {r.name: [list(p) for p in r.path] for r in rs},
            "costs": {r.name: list(r.costs) for r in rs},
            "diverged": {r.name: r.stopped_at for r in rs if r.status == DIVERGED},
            "escaped": {r.name: r.stopped_at for r in rs if r.status == ESCAPED},
            "learning_rates": {r.name: r.lr0 for r in rs},
            "minima": [list(m) for m in self.surface.minima],
        }
