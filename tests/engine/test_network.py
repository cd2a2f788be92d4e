"""Network: L2 term, inverted dropout, evaluation mode, the course's zeros-vs-He experiment."""

from __future__ import annotations

import numpy as np
import pytest

from playground.config import ExperimentConfig
from playground.engine.network import Network
from playground.engine.trainer import Trainer


def net_and_batch(keep_prob_units=(6, 5), m=40, batch_norm=False):
    net = Network(2, list(keep_prob_units), ["tanh"] * len(keep_prob_units), 2, batch_norm)
    net.initialize("xavier", np.random.default_rng(0))
    rng = np.random.default_rng(1)
    X = np.vstack([rng.standard_normal((2, m)), np.ones(m)])
    y = (X[0] * X[1] > 0).astype(np.int64)
    return net, X, y


def test_l2_term_is_lambda_over_2m_times_the_squared_weights_only():
    net, X, y = net_and_batch()
    sq = sum(float((p.W**2).sum()) for p in net.params)
    assert net.l2_term(0.6, 40) == pytest.approx(0.6 / 80 * sq, rel=1e-13)
    net.params[0].b[...] = 5.0  # biases are not penalized
    assert net.l2_term(0.6, 40) == pytest.approx(0.6 / 80 * sq, rel=1e-13)


def test_l2_gradient_adds_lambda_over_m_times_w():
    net, X, y = net_and_batch()
    T = net.output.targets(y)
    net.gradient(X, T, l2=0.0)
    plain = net.grad.copy()
    net.gradient(X, T, l2=2.0)
    expected = plain + 2.0 / 40 * net.theta * net.layout.weight_mask
    np.testing.assert_allclose(net.grad, expected, rtol=1e-12, atol=1e-15)


def test_inverted_dropout_keeps_the_expected_activation():
    net, X, y = net_and_batch(keep_prob_units=(64,), m=400)
    rng = np.random.default_rng(2)
    net.gradient(X, net.output.targets(y), keep_prob=0.75, rng=rng)
    buf = net.buffers(400).layers[0]
    kept = buf.mask != 0
    assert kept.mean() == pytest.approx(0.75, abs=0.01)  # 25,600 Bernoulli(0.75) draws
    np.testing.assert_allclose(buf.mask[kept], 1 / 0.75)  # survivors are scaled by 1 / keep_prob
    np.testing.assert_allclose(buf.a, buf.h * buf.mask)
    assert buf.a.mean() == pytest.approx(buf.h.mean(), abs=0.02)  # E[a] is unchanged


def test_dropped_units_get_no_gradient():
    net, X, y = net_and_batch(keep_prob_units=(8,), m=1)
    net.gradient(X, net.output.targets(y), keep_prob=0.5, rng=np.random.default_rng(5))
    dropped = net.buffers(1).layers[0].mask[:, 0] == 0
    assert dropped.any()
    assert not net.grads[0].Wb[dropped].any()  # no dW, no db for a unit dropped on the only example


def test_evaluation_has_no_dropout_and_is_repeatable():
    cfg = ExperimentConfig(n_samples=80, hidden=[8], keep_prob=0.5, epochs=3)
    t = Trainer(cfg)
    t.train_epochs(3)
    F = t.splits["train"].F
    a, b = t.network.forward_eval(F)[0], t.network.forward_eval(F)[0]
    assert np.array_equal(a, b)


def test_zeros_init_never_breaks_symmetry_but_he_learns_circles():
    # the course's initialization assignment: zeros stays at 50% accuracy on circles, He reaches ~all
    base = dict(dataset="circles", n_samples=300, noise=0.05, hidden=[10, 5], activation="relu",
                optimizer="gd", learning_rate=0.1, mini_batch_size=0, epochs=1500)  # fmt: skip
    zeros = Trainer(ExperimentConfig(**base, init="zeros"))
    zeros.train_epochs(1500)
    assert zeros.evaluate("train")[1] == pytest.approx(0.5, abs=0.02)
    W1 = zeros.network.params[0].W
    assert np.all(W1 == W1[0])  # every unit of a layer is still the same unit
    he = Trainer(ExperimentConfig(**base, init="he"))
    he.train_epochs(1500)
    assert he.evaluate("train")[1] > 0.95
