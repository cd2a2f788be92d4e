"""2D toy datasets: seven generators plus drawn (`custom`) points, split into train / dev / test.

Every generator draws ``n_samples`` points in roughly the square [-5, 5]^2 (TensorFlow Playground's
scale), with classes as balanced as ``n_samples`` allows, from ``np.random.default_rng(data_seed)`` only,
so the same config gives the same points bit for bit. ``noise`` (0..1) is mapped per generator to a
jitter that starts clean near 0 and makes the classes overlap heavily near 1 (see each generator).

Plot domain (``Dataset.bounds``): TensorFlow Playground's fixed square [-6, 6]^2 when every point of
every split lies inside it (so the boundary view does not jump as the seed or the noise change);
otherwise a square around the data: centred on the middle of the data's extent, side = the larger
extent + 10% margin on each side (at least 2, so a single point still gets a non-degenerate box).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .augment import jittered_copies

GENERATED = ("circles", "moons", "xor", "gaussian", "spiral", "flower", "blobs")
MULTICLASS = ("blobs", "spiral", "custom")
DEFAULT_HALF = 6.0  # the [-6, 6]^2 plot domain


@dataclass(frozen=True)
class Split:
    """One split: X (m, 2) float64 raw coordinates, y (m,) int64 labels 0..K-1. m may be 0."""

    X: np.ndarray
    y: np.ndarray

    @property
    def size(self) -> int:
        return int(self.y.shape[0])

    @classmethod
    def empty(cls) -> Split:
        return cls(np.zeros((0, 2)), np.zeros(0, dtype=np.int64))


@dataclass(frozen=True)
class Dataset:
    """train / dev / test splits, the number of classes K, and the plot domain.

    bounds: (x1_min, x1_max, x2_min, x2_max).
    """

    train: Split
    dev: Split
    test: Split
    n_classes: int
    bounds: tuple[float, float, float, float]


# ---------------------------------------------------------------- generators: (rng, counts, noise) -> X, y


def _labels(counts: list[int]) -> np.ndarray:
    """(sum(counts),) int64: counts[k] copies of k, in class order."""
    return np.repeat(np.arange(len(counts), dtype=np.int64), counts)


def _angles(rng: np.random.Generator, m: int) -> np.ndarray:
    return rng.uniform(0.0, 2.0 * np.pi, m)


def _polar(r: np.ndarray, t: np.ndarray) -> np.ndarray:
    """(m, 2) points r * (cos t, sin t)."""
    return np.column_stack((r * np.cos(t), r * np.sin(t)))


def circles(rng, counts, noise):
    """Class 0: a disc of radius 2.5; class 1: a ring of radii 3.5..5. Gaussian jitter, std = 2.5 * noise."""
    r = np.concatenate((rng.uniform(0.0, 2.5, counts[0]), rng.uniform(3.5, 5.0, counts[1])))
    X = _polar(r, _angles(rng, r.size))
    return X + rng.normal(0.0, 2.5 * noise, X.shape), _labels(counts)


def moons(rng, counts, noise):
    """Two interleaved half circles (scikit-learn's moons, scaled by 3, centred); jitter std = 3 * noise."""
    t0 = rng.uniform(0.0, np.pi, counts[0])
    t1 = rng.uniform(0.0, np.pi, counts[1])
    upper = np.column_stack((np.cos(t0), np.sin(t0)))
    lower = np.column_stack((1.0 - np.cos(t1), 0.5 - np.sin(t1)))
    X = 3.0 * (np.vstack((upper, lower)) - (0.5, 0.25))
    return X + rng.normal(0.0, 3.0 * noise, X.shape), _labels(counts)


def xor(rng, counts, noise):
    """Uniform in [-5, 5]^2 quadrants, kept 0.3 away from the axes; class 1 where x1 * x2 > 0.

    Each class takes its two quadrants in turn. Jitter std = 2.5 * noise (labels keep their quadrant).
    """
    parts = []
    for k, m in enumerate(counts):
        mag = rng.uniform(0.3, 5.0, (m, 2))
        s1 = np.where(rng.random(m) < 0.5, 1.0, -1.0)
        s2 = s1 if k == 1 else -s1  # same signs -> x1*x2 > 0 -> class 1
        parts.append(mag * np.column_stack((s1, s2)))
    X = np.vstack(parts)
    return X + rng.normal(0.0, 2.5 * noise, X.shape), _labels(counts)


def gaussian(rng, counts, noise):
    """Two Gaussian clusters: class 0 around (-2, -2), class 1 around (2, 2); std = 0.7 + 1.8 * noise."""
    std = 0.7 + 1.8 * noise
    X = np.vstack([rng.normal(c, std, (m, 2)) for c, m in zip((-2.0, 2.0), counts, strict=True)])
    return X, _labels(counts)


def spiral(rng, counts, noise):
    """K interleaved spiral arms (TensorFlow Playground's spiral): r = 5 i/n, t = 1.75 * 2 pi i/n + 2 pi k/K.

    Jitter std = noise (at noise 1 neighbouring arms blur into each other).
    """
    K = len(counts)
    parts = []
    for k, m in enumerate(counts):
        s = np.arange(m) / max(m, 1)
        t = 1.75 * 2.0 * np.pi * s + 2.0 * np.pi * k / K
        parts.append(_polar(5.0 * s, t))
    X = np.vstack(parts)
    return X + rng.normal(0.0, noise, X.shape), _labels(counts)


def flower(rng, counts, noise):
    """The course's planar "flower": r = 4 sin(4t), two classes on alternate petals.

    As in the course's ``load_planar_dataset`` (a = 4), with t and r both jittered by std = 2 * noise
    (the course's 0.2 at the default noise 0.1).
    """
    parts = []
    for j, m in enumerate(counts):
        t = np.linspace(j * 3.12, (j + 1) * 3.12, m) + rng.normal(0.0, 2.0 * noise, m)
        r = 4.0 * np.sin(4.0 * t) + rng.normal(0.0, 2.0 * noise, m)
        parts.append(np.column_stack((r * np.sin(t), r * np.cos(t))))
    return np.vstack(parts), _labels(counts)


def blobs(rng, counts, noise):
    """K round Gaussian blobs with centres evenly spaced on a circle of radius 3.5; std = 0.5 + 2 * noise."""
    K = len(counts)
    std = 0.5 + 2.0 * noise
    parts = []
    for k, m in enumerate(counts):
        a = np.pi / 2 + 2.0 * np.pi * k / K
        parts.append(rng.normal((3.5 * np.cos(a), 3.5 * np.sin(a)), std, (m, 2)))
    return np.vstack(parts), _labels(counts)


GENERATORS = {
    "circles": circles,
    "moons": moons,
    "xor": xor,
    "gaussian": gaussian,
    "spiral": spiral,
    "flower": flower,
    "blobs": blobs,
}


# ---------------------------------------------------------------- assembly


def n_classes_of(dataset: str, classes: int) -> int:
    """Output classes: `classes` for blobs, spiral and custom; 2 for the other generators."""
    return int(classes) if dataset in MULTICLASS else 2


def class_counts(n: int, k: int) -> list[int]:
    """n points over k classes as evenly as possible (the first n % k classes get one more)."""
    return [n // k + (1 if c < n % k else 0) for c in range(k)]


def plot_bounds(*arrays: np.ndarray) -> tuple[float, float, float, float]:
    """The plot domain around all points (see the module docstring). arrays: (m_i, 2) each, m_i may be 0."""
    X = np.vstack([a.reshape(-1, 2) for a in arrays]) if arrays else np.zeros((0, 2))
    h = DEFAULT_HALF
    if X.shape[0] == 0 or np.abs(X).max() <= h:
        return (-h, h, -h, h)
    lo, hi = X.min(axis=0), X.max(axis=0)
    centre = (lo + hi) / 2.0
    half = max(0.6 * float((hi - lo).max()), 1.0)  # 0.5 * span * 1.2: 10% margin each side
    return (
        float(centre[0] - half),
        float(centre[0] + half),
        float(centre[1] - half),
        float(centre[1] + half),
    )


def _split_of(points) -> Split:
    """[[x1, x2, label], ...] -> Split (empty-safe)."""
    a = np.asarray(points, dtype=np.float64).reshape(-1, 3)
    return Split(np.ascontiguousarray(a[:, :2]), a[:, 2].astype(np.int64))


def custom_dataset(points, dev_points, test_points, classes: int) -> Dataset:
    """Drawn points as given (no shuffling). Any split may be empty; labels must lie in 0..classes-1."""
    train, dev, test = _split_of(points), _split_of(dev_points), _split_of(test_points)
    for name, s in (("points", train), ("dev_points", dev), ("test_points", test)):
        if s.size and (s.y.min() < 0 or s.y.max() >= classes):
            raise ValueError(f"{name}: labels must lie in 0..{classes - 1}")
    return Dataset(train, dev, test, int(classes), plot_bounds(train.X, dev.X, test.X))


def generate(dataset: str, n_samples: int, noise: float, classes: int, data_seed: int):
    """All points of a generator, in class order: X (n, 2) float64, y (n,) int64."""
    if dataset not in GENERATORS:
        raise ValueError(f"dataset: unknown generator {dataset!r} (allowed: {', '.join(GENERATED)}, custom)")
    rng = np.random.default_rng(data_seed)
    counts = class_counts(int(n_samples), n_classes_of(dataset, classes))
    X, y = GENERATORS[dataset](rng, counts, float(noise))
    return np.ascontiguousarray(X, dtype=np.float64), y, rng


def split_sizes(n: int, dev_ratio: float, test_ratio: float) -> tuple[int, int, int]:
    """(train, dev, test) sizes: dev and test rounded to the nearest point, train takes the rest."""
    n_dev, n_test = int(round(n * dev_ratio)), int(round(n * test_ratio))
    return n - n_dev - n_test, n_dev, n_test


def make_dataset(cfg) -> Dataset:
    """The dataset an ExperimentConfig-like ``cfg`` describes; deterministic in ``cfg.data_seed``.

    Generated points are shuffled with the same seeded generator, then cut into test, dev and train (in that
    order) by ``test_ratio`` and ``dev_ratio``. Raises ValueError when there is no training point.
    """
    if cfg.dataset == "custom":
        ds = custom_dataset(cfg.points, cfg.dev_points, cfg.test_points, cfg.classes)
    else:
        X, y, rng = generate(cfg.dataset, cfg.n_samples, cfg.noise, cfg.classes, cfg.data_seed)
        perm = rng.permutation(y.size)
        X, y = X[perm], y[perm]
        _, n_dev, n_test = split_sizes(y.size, cfg.dev_ratio, cfg.test_ratio)
        cuts = (0, n_test, n_test + n_dev, y.size)
        test, dev, train = (Split(X[a:b].copy(), y[a:b].copy()) for a, b in zip(cuts, cuts[1:], strict=False))
        ds = Dataset(train, dev, test, n_classes_of(cfg.dataset, cfg.classes), plot_bounds(X))
    if ds.train.size == 0:
        raise ValueError("points: draw at least one training point")
    return with_augmentation(ds, cfg)


def with_augmentation(ds: Dataset, cfg) -> Dataset:
    """The training split plus `augment_copies` jittered copies of each training point (dev/test untouched).

    The jitter comes from its own stream of data_seed, so turning augmentation on never changes the split.
    """
    copies = int(getattr(cfg, "augment_copies", 0))
    if copies <= 0:
        return ds
    rng = np.random.default_rng(np.random.SeedSequence(cfg.data_seed).spawn(2)[1])
    X, y = jittered_copies(ds.train.X, ds.train.y, copies, float(cfg.augment_jitter), rng)
    bounds = plot_bounds(X, ds.dev.X, ds.test.X)  # the copies may spill past the original box
    return Dataset(Split(np.ascontiguousarray(X), y), ds.dev, ds.test, ds.n_classes, bounds)
