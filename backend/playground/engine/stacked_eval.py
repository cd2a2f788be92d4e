"""Costs and accuracies of stacked trials: trainer.Trainer.evaluate's arithmetic for many rows at once.

`finite_for_sure` answers the divergence question ("is the training cost finite?") without a forward pass
when a bound proves it: with |Z| and every |w| below 1e100 the cross-entropy and the L2 term cannot overflow.
"""

from __future__ import annotations

import numpy as np

SAFE = 1e100  # |logits| and |weights| below this keep every cost term far from overflow


def evaluate_rows(net, split, rows: np.ndarray, l2s: list[float]) -> list[tuple[float | None, float | None]]:
    """(cost incl. L2, accuracy) per stack row in `rows` on a PreparedSplit; l2s: lambda per row."""
    if split.size == 0:
        return [(None, None)] * len(rows)
    Z = net.forward_eval(split.F, rows)  # (R, K_out, k)
    y = split.y
    if net.output.name == "sigmoid":
        z = Z[:, 0, :]
        costs = np.mean(np.logaddexp(0.0, z) - y * z, axis=1)  # losses.BinaryOutput.cost per row
        predicted = (z >= 0.0).astype(np.int64)
    else:
        zmax = Z.max(axis=1)  # losses.SoftmaxOutput.cost per row
        lse = zmax + np.log(np.exp(Z - zmax[:, None, :]).sum(axis=1))
        costs = np.mean(lse - Z[:, y, np.arange(y.size)], axis=1)
        predicted = np.argmax(Z, axis=1)
    accuracy = np.mean(predicted == y, axis=1)
    out = []
    for j, (row, l2) in enumerate(zip(rows, l2s, strict=True)):
        penalty = 0.0  # network.l2_term
        if l2 != 0.0:
            w = net.theta[row] * net.weight_mask
            penalty = float(l2 / (2.0 * split.size) * np.dot(w, w))
        out.append((float(costs[j]) + penalty, float(accuracy[j])))
    return out


def finite_for_sure(net, input_max: float) -> np.ndarray:
    """(T,) bool: True where the training cost is certainly finite (False: evaluate to know)."""
    return net.logit_bound(input_max) < SAFE
