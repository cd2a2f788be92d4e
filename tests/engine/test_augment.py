"""Data augmentation: jittered copies of the training points only, seeded, labels kept."""

import numpy as np

from playground.config import ExperimentConfig
from playground.engine.augment import jittered_copies
from playground.engine.datasets import make_dataset


def test_copies_keep_labels_and_move_points_by_the_jitter():
    rng = np.random.default_rng(0)
    X = np.zeros((500, 2))
    y = np.arange(500) % 2
    Xa, ya = jittered_copies(X, y, copies=4, jitter=0.3, rng=rng)
    assert Xa.shape == (2500, 2) and ya.shape == (2500,)
    np.testing.assert_array_equal(Xa[:500], X)  # originals first, untouched
    np.testing.assert_array_equal(ya, np.tile(y, 5))
    # the copies' displacement is N(0, 0.3^2): its sample std is within 5% of 0.3 for 4000 draws
    assert abs(Xa[500:].std() - 0.3) < 0.015


def test_zero_copies_is_the_identity():
    X, y = np.ones((3, 2)), np.array([0, 1, 0])
    Xa, ya = jittered_copies(X, y, 0, 0.5, np.random.default_rng(1))
    assert Xa is X and ya is y


def test_augmentation_grows_train_only_and_keeps_the_split():
    cfg = dict(dataset="moons", n_samples=200)
    plain = make_dataset(ExperimentConfig(**cfg))
    aug = make_dataset(ExperimentConfig(**cfg, augment_copies=2, augment_jitter=0.05))
    assert aug.train.X.shape[0] == 3 * plain.train.X.shape[0]
    np.testing.assert_array_equal(aug.train.X[: plain.train.X.shape[0]], plain.train.X)
    np.testing.assert_array_equal(aug.dev.X, plain.dev.X)
    np.testing.assert_array_equal(aug.test.X, plain.test.X)
    again = make_dataset(ExperimentConfig(**cfg, augment_copies=2, augment_jitter=0.05))
    np.testing.assert_array_equal(aug.train.X, again.train.X)  # deterministic
