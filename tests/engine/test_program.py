"""The replayed training step: same gradient as a plain NumPy backprop, a small fixed number of calls."""

from __future__ import annotations

import numpy as np

from playground.engine.network import Network


def reference_gradient(net: Network, X: np.ndarray, y: np.ndarray):
    """Textbook backprop for a tanh net with a sigmoid output, written independently of the engine."""
    Ws = [p.W.copy() for p in net.params]
    bs = [p.b.copy() for p in net.params]
    m = X.shape[1]
    A = [X]
    for l, (W, b) in enumerate(zip(Ws, bs, strict=True)):
        Z = W @ A[-1] + b[:, None]
        A.append(np.tanh(Z) if l < len(Ws) - 1 else 1 / (1 + np.exp(-Z)))
    dZ = (A[-1] - y) / m
    grads = []
    for l in range(len(Ws) - 1, -1, -1):
        grads.insert(0, (dZ @ A[l].T, dZ.sum(axis=1)))
        if l:
            dZ = (Ws[l].T @ dZ) * (1 - A[l] ** 2)
    return grads


def test_program_gradient_equals_plain_backprop():
    net = Network(3, [5, 4], ["tanh", "tanh"], 2)
    net.initialize("xavier", np.random.default_rng(0))
    rng = np.random.default_rng(1)
    X = rng.standard_normal((3, 11))
    y = (rng.random(11) > 0.5).astype(np.int64)
    net.gradient(np.vstack([X, np.ones(11)]), net.output.targets(y))
    for g, (dW, db) in zip(net.grads, reference_gradient(net, X, y), strict=True):
        np.testing.assert_allclose(g.W, dW, rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(g.b, db, rtol=1e-12, atol=1e-15)


def test_a_step_is_a_few_numpy_calls_per_layer():
    # TF Playground's net 2-4-2-1: per layer 1 call forward + 1 activation, 4 for the output's dZ,
    # then per layer dW (with db) + dA + 3 for tanh'
    net = Network(2, [4, 2], ["tanh", "tanh"], 2)
    assert len(net.program(10)) == 20
    net_bn = Network(2, [4, 2], ["tanh", "tanh"], 2, batch_norm=True)
    assert len(net_bn.program(10)) > len(net.program(10))  # batch norm adds its own calls, no loops


def test_programs_are_cached_per_batch_size_and_settings():
    net = Network(2, [4], ["relu"], 2)
    assert net.program(10) is net.program(10)
    assert net.program(10) is not net.program(7)
    assert net.program(10, l2=0.1) is not net.program(10)
    plain = net.program(10)
    net.broken_backprop = True  # the lesson's switch takes effect on the next step
    assert net.program(10) is not plain
