"""Initializers: the scale of each scheme, zero biases, and symmetry with zeros."""

from __future__ import annotations

import math

import numpy as np
import pytest

from playground.engine.initializers import init_weights, weight_scale
from playground.engine.network import Network


@pytest.mark.parametrize(
    "init, expected", [("he", math.sqrt(2 / 400)), ("xavier", math.sqrt(1 / 400)), ("random", 0.3)]
)
def test_standard_deviation_of_each_scheme(init, expected):
    W = np.empty((200, 400))
    init_weights(W, init, np.random.default_rng(0), init_scale=0.3)
    # 80,000 draws: the sample std is within 1% of the true one with overwhelming probability
    assert W.std() == pytest.approx(expected, rel=0.01)
    assert abs(W.mean()) < 0.01 * expected


def test_zeros_and_unknown():
    assert weight_scale("zeros", 10) == 0.0
    with pytest.raises(ValueError, match="zeros, random, xavier, he"):
        weight_scale("glorot", 10)


def test_network_biases_start_at_zero_and_gamma_at_one():
    net = Network(3, [4, 5], ["relu", "tanh"], 2, batch_norm=True)
    net.initialize("he", np.random.default_rng(1))
    assert all(p.b is None for p in net.params[:2]) and not net.params[2].b.any()
    assert all((p.gamma == 1).all() and not p.beta.any() for p in net.params[:2])
    assert all(p.W.any() for p in net.params)
