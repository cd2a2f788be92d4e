"""Gradient checking: backprop agrees with two-sided differences for every combination of the course's
techniques, the course's worked example, and a deliberately broken backprop is caught."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from playground.config import ExperimentConfig
from playground.engine.datasets import Dataset, Split
from playground.engine.gradcheck import (
    check_network,
    one_sided_difference,
    relative_difference,
    two_sided_difference,
    verdict,
)
from playground.engine.network import Network
from playground.engine.trainer import Trainer

ACTIVATIONS = ["relu", "leaky_relu", "tanh", "sigmoid", "linear"]
INITS = ["zeros", "random", "xavier", "he"]
ALL_FEATURES = ["x1", "x2", "x1^2", "x2^2", "x1x2", "sin_x1", "sin_x2"]


# The configs below say dataset="blobs" only so that n_classes follows `classes`: the Trainer gets this data.
def tiny_dataset(classes: int) -> Dataset:
    rng = np.random.default_rng(classes)
    X = rng.uniform(-2, 2, (10, 2))
    y = np.arange(10) % classes
    return Dataset(Split(X, y), Split.empty(), Split.empty(), classes, (-2.0, 2.0, -2.0, 2.0))


COMBOS = list(itertools.product(ACTIVATIONS, INITS, [0.0, 0.7], [False, True], [2, 3], ["x1x2", "all"]))


def make_trainer(activation, init, l2, batch_norm, classes, features) -> Trainer:
    cfg = ExperimentConfig(
        dataset="blobs", classes=classes, hidden=[3, 2], activation=activation, init=init, init_scale=0.5,
        l2=l2, batch_norm=batch_norm, features=["x1", "x2"] if features == "x1x2" else ALL_FEATURES,
        keep_prob=0.5, mini_batch_size=0,  # dropout must be switched off by the check itself
    )  # fmt: skip
    return Trainer(cfg, dataset=tiny_dataset(classes))


# At initialization every b is 0, so a relu unit whose inputs are all dead relus has z = 0 exactly: a kink,
# where the two-sided difference averages the two one-sided slopes (the course's caveat about kinks); that
# case has its own test below. Every combination is checked again after a few training steps.
@pytest.mark.parametrize("combo", [c for c in COMBOS if c[0] != "relu"], ids=str)
def test_backprop_matches_two_sided_differences_at_init(combo):
    result = make_trainer(*combo).gradcheck(1e-7)
    assert result["difference"] < 1e-7, result
    assert result["verdict"] == "fine"


# Zeros init is left out after training: symmetry keeps its hidden gradients near zero, where the relative
# difference measures rounding noise only (its check at initialization above is exact).
@pytest.mark.parametrize("combo", [c for c in COMBOS if c[1] != "zeros"], ids=str)
def test_backprop_matches_two_sided_differences_after_training(combo):
    t = make_trainer(*combo)
    t.train_steps(3)
    result = t.gradcheck(1e-7)
    assert result["difference"] < 1e-7, result


def test_a_relu_kink_at_init_is_what_the_check_flags():
    t = make_trainer("relu", "he", 0.0, False, 2, "x1x2")
    net, s = t.network, t.splits["train"]
    net.train_cost(s.rows.T, s.y)
    z2 = net.buffers(s.size).layers[1].z
    assert (z2 == 0.0).any()  # some example reaches layer 2 with every relu of layer 1 dead and b = 0
    assert t.gradcheck()["difference"] > 1e-3
    t.train_steps(3)  # the biases move off zero: no exact kink any more
    assert t.gradcheck()["difference"] < 1e-7


def test_mixed_activations_per_layer():
    cfg = ExperimentConfig(
        dataset="blobs", hidden=[4, 3, 3], activation=["tanh", "relu", "sigmoid"], init="he", batch_norm=True
    )
    assert Trainer(cfg, dataset=tiny_dataset(2)).gradcheck()["difference"] < 1e-7


def test_check_after_training_steps():
    # Adam moves the parameters away from their initialization (and batch norm from gamma = 1, beta = 0)
    cfg = ExperimentConfig(dataset="blobs", classes=3, hidden=[5], batch_norm=True, l2=0.3, mini_batch_size=4)
    t = Trainer(cfg, dataset=tiny_dataset(3))
    t.train_steps(25)
    running = [r[0].copy() for r in t.network.running if r is not None]
    theta = t.network.theta.copy()
    assert t.gradcheck()["difference"] < 1e-7
    assert np.array_equal(t.network.theta, theta)  # the check restores every parameter
    assert all(np.array_equal(a, r[0]) for a, r in zip(running, t.network.running, strict=False))


@pytest.mark.parametrize("classes, batch_norm", [(2, False), (3, True)])
def test_broken_backprop_is_caught(classes, batch_norm):
    cfg = ExperimentConfig(dataset="blobs", classes=classes, hidden=[3, 2], init="he", batch_norm=batch_norm)
    t = Trainer(cfg, dataset=tiny_dataset(classes))
    t.network.broken_backprop = True
    result = t.gradcheck()
    assert result["difference"] > 1e-3 and result["verdict"] == "probably a bug"


def test_the_courses_theta_cubed_example():
    # J(theta) = theta^3 at theta = 1, eps = 0.01: two-sided 3.0001, one-sided 3.0301 (true derivative 3)
    def cube(t):
        return t**3

    assert two_sided_difference(cube, 1.0, 0.01) == pytest.approx(3.0001, abs=1e-12)
    assert one_sided_difference(cube, 1.0, 0.01) == pytest.approx(3.0301, abs=1e-12)


def test_relative_difference_and_verdicts():
    g = np.array([3.0, 4.0])
    assert relative_difference(g, g) == 0.0
    assert relative_difference(g, -g) == pytest.approx(1.0)
    assert relative_difference(np.zeros(2), np.zeros(2)) == 0.0
    assert [verdict(d) for d in (1e-7, 1e-5, 1e-3, float("nan"))] == [
        "fine",
        "look again",
        "probably a bug",
        "probably a bug",
    ]


def test_check_network_on_a_plain_network():
    net = Network(2, [3], ["tanh"], 2)
    net.initialize("xavier", np.random.default_rng(0))
    X = np.vstack([np.random.default_rng(1).standard_normal((2, 6)), np.ones(6)])
    y = np.array([0, 1, 1, 0, 1, 0])
    assert check_network(net, X, net.output.targets(y), y, l2=0.0)["verdict"] == "fine"
