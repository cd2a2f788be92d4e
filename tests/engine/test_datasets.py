"""Dataset generators and splits: shapes, labels, determinism, balance, split sizes, geometry, bounds."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

from playground.config import ExperimentConfig
from playground.engine.datasets import (
    GENERATED,
    Split,
    class_counts,
    custom_dataset,
    make_dataset,
    plot_bounds,
)


def cfg(**kw):
    base = dict(
        dataset="circles",
        n_samples=400,
        noise=0.1,
        classes=2,
        dev_ratio=0.25,
        test_ratio=0.0,
        data_seed=0,
        points=[],
        dev_points=[],
        test_points=[],
    )
    base.update(kw)
    return SimpleNamespace(**base)


def all_points(ds):
    X = np.vstack([ds.train.X, ds.dev.X, ds.test.X])
    y = np.concatenate([ds.train.y, ds.dev.y, ds.test.y])
    return X, y


@pytest.mark.parametrize("name", GENERATED)
@pytest.mark.parametrize("classes", [2, 5])
def test_shapes_labels_balance(name, classes):
    ds = make_dataset(cfg(dataset=name, classes=classes, n_samples=303))
    k = classes if name in ("blobs", "spiral") else 2
    assert ds.n_classes == k
    X, y = all_points(ds)
    assert X.shape == (303, 2) and X.dtype == np.float64
    assert y.shape == (303,) and y.dtype == np.int64
    assert np.isfinite(X).all()
    counts = np.bincount(y, minlength=k)
    assert counts.size == k and counts.max() - counts.min() <= 1  # balanced to one point
    for s in (ds.train, ds.dev, ds.test):
        assert s.X.shape == (s.y.size, 2)


@pytest.mark.parametrize("name", GENERATED)
def test_deterministic_in_seed(name):
    a = make_dataset(cfg(dataset=name, data_seed=7, classes=3))
    b = make_dataset(cfg(dataset=name, data_seed=7, classes=3))
    c = make_dataset(cfg(dataset=name, data_seed=8, classes=3))
    for s in ("train", "dev", "test"):
        assert np.array_equal(getattr(a, s).X, getattr(b, s).X)
        assert np.array_equal(getattr(a, s).y, getattr(b, s).y)
    assert not np.array_equal(a.train.X, c.train.X)
    assert a.bounds == b.bounds


def test_split_sizes_and_disjoint():
    ds = make_dataset(cfg(n_samples=400, dev_ratio=0.25, test_ratio=0.1))
    assert (ds.train.size, ds.dev.size, ds.test.size) == (260, 100, 40)
    rows = {tuple(r) for r in np.vstack([ds.train.X, ds.dev.X, ds.test.X])}
    assert len(rows) == 400  # every point lands in exactly one split
    empty = make_dataset(cfg(dev_ratio=0.0, test_ratio=0.0))
    assert empty.train.size == 400 and empty.dev.size == 0 and empty.test.size == 0
    assert empty.dev.X.shape == (0, 2)


def test_split_is_shuffled():
    # Generators emit points in class order; the split must mix them so dev holds both classes.
    ds = make_dataset(cfg(dataset="gaussian", dev_ratio=0.25))
    assert set(ds.dev.y.tolist()) == {0, 1}
    assert 0.3 < ds.train.y.mean() < 0.7


def test_accepts_the_real_config():
    ds = make_dataset(ExperimentConfig(dataset="spiral", classes=3, n_samples=90))
    assert ds.n_classes == 3 and ds.train.size + ds.dev.size == 90


def radius(X):
    return np.hypot(X[:, 0], X[:, 1])


def test_circles_geometry_without_noise():
    X, y = all_points(make_dataset(cfg(dataset="circles", noise=0.0)))
    assert radius(X[y == 0]).max() <= 2.5
    assert radius(X[y == 1]).min() >= 3.5 and radius(X[y == 1]).max() <= 5.0


def test_xor_labels_follow_the_sign_of_x1x2():
    X, y = all_points(make_dataset(cfg(dataset="xor", noise=0.0)))
    assert np.array_equal(y == 1, X[:, 0] * X[:, 1] > 0)
    assert np.abs(X).min() >= 0.3 and np.abs(X).max() <= 5.0


def test_moons_lie_on_two_unit_half_circles_scaled_by_3():
    X, y = all_points(make_dataset(cfg(dataset="moons", noise=0.0)))
    u = X / 3.0 + (0.5, 0.25)  # undo the centring and scaling
    assert np.allclose(np.hypot(u[y == 0, 0], u[y == 0, 1]), 1.0)
    assert np.allclose(np.hypot(u[y == 1, 0] - 1.0, u[y == 1, 1] - 0.5), 1.0)
    assert (u[y == 0, 1] >= -1e-12).all() and (u[y == 1, 1] <= 0.5 + 1e-12).all()


def test_gaussian_and_blobs_centres():
    X, y = all_points(make_dataset(cfg(dataset="gaussian", noise=0.0, n_samples=4000)))
    # std 0.7 over 2000 points: the mean is within 4 standard errors (0.7 / sqrt(2000) = 0.016).
    assert np.allclose(X[y == 0].mean(axis=0), (-2, -2), atol=0.07)
    assert np.allclose(X[y == 1].mean(axis=0), (2, 2), atol=0.07)
    X, y = all_points(make_dataset(cfg(dataset="blobs", classes=4, noise=0.0, n_samples=4000)))
    for k in range(4):
        a = np.pi / 2 + 2 * np.pi * k / 4
        assert np.allclose(X[y == k].mean(axis=0), (3.5 * np.cos(a), 3.5 * np.sin(a)), atol=0.06)


def test_spiral_arms_are_rotations_of_each_other():
    X, y = all_points(make_dataset(cfg(dataset="spiral", classes=3, noise=0.0, n_samples=300)))
    assert radius(X).max() <= 5.0
    arm0 = X[y == 0][np.argsort(radius(X[y == 0]))]
    arm1 = X[y == 1][np.argsort(radius(X[y == 1]))]
    a = 2 * np.pi / 3
    rot = np.array([[np.cos(a), np.sin(a)], [-np.sin(a), np.cos(a)]])
    assert np.allclose(arm0 @ rot, arm1, atol=1e-9)


def test_flower_follows_the_rose_curve():
    X, y = all_points(make_dataset(cfg(dataset="flower", noise=0.0)))
    t = np.arctan2(X[:, 0], X[:, 1])  # the course plots (r sin t, r cos t)
    r = radius(X)
    assert np.allclose(r, np.abs(4 * np.sin(4 * t)), atol=1e-9)
    assert r.max() <= 4.0 + 1e-12


def test_noise_blurs_the_classes():
    clean = all_points(make_dataset(cfg(dataset="circles", noise=0.0)))
    noisy = all_points(make_dataset(cfg(dataset="circles", noise=1.0)))
    assert radius(clean[0][clean[1] == 0]).max() <= 2.5 < radius(noisy[0][noisy[1] == 0]).max()
    assert np.std(clean[0]) < np.std(noisy[0])


def test_bounds_contain_every_point():
    for name in GENERATED:
        for noise in (0.0, 1.0):
            ds = make_dataset(cfg(dataset=name, noise=noise, classes=3, test_ratio=0.2))
            X, _ = all_points(ds)
            x0, x1, y0, y1 = ds.bounds
            assert x0 < x1 and y0 < y1
            assert (X[:, 0] >= x0).all() and (X[:, 0] <= x1).all()
            assert (X[:, 1] >= y0).all() and (X[:, 1] <= y1).all()
    assert make_dataset(cfg(noise=0.0)).bounds == (-6.0, 6.0, -6.0, 6.0)


def test_bounds_far_away_data_get_a_square_with_margin():
    b = plot_bounds(np.array([[100.0, 10.0], [110.0, 14.0]]))
    assert b == pytest.approx((99.0, 111.0, 6.0, 18.0))  # span 10 + 10% each side, centred, square
    one = plot_bounds(np.array([[50.0, 50.0]]))
    assert one[1] - one[0] > 0 and one[3] - one[2] > 0
    assert plot_bounds() == (-6.0, 6.0, -6.0, 6.0)


def test_custom_points_are_kept_as_given():
    pts = [[0.5, -1.0, 0], [1.0, 2.0, 2], [-3.0, 0.0, 1]]
    ds = make_dataset(cfg(dataset="custom", classes=3, points=pts, dev_points=[[0.0, 0.0, 1]]))
    assert ds.n_classes == 3
    assert np.array_equal(ds.train.X, np.array(pts)[:, :2]) and ds.train.y.tolist() == [0, 2, 1]
    assert ds.dev.size == 1 and ds.test.size == 0 and ds.test.X.shape == (0, 2)
    assert ds.bounds == (-6.0, 6.0, -6.0, 6.0)


def test_custom_without_training_points():
    with pytest.raises(ValueError, match="points: draw at least one training point"):
        make_dataset(cfg(dataset="custom", dev_points=[[0.0, 0.0, 1]]))
    ds = custom_dataset([], [], [], 2)  # the empty-safe building block
    assert ds.train.size == 0 and ds.train.X.shape == (0, 2) and ds.train.y.dtype == np.int64
    assert ds.bounds == (-6.0, 6.0, -6.0, 6.0)
    with pytest.raises(ValueError, match="points: labels must lie in 0..1"):
        custom_dataset([[0.0, 0.0, 2]], [], [], 2)


def test_helpers():
    assert class_counts(10, 3) == [4, 3, 3]
    assert Split.empty().size == 0
    with pytest.raises(ValueError, match="dataset"):
        make_dataset(cfg(dataset="nope"))
