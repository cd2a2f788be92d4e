"""Costs and accuracies of stacked trials: trainer.Trainer.evaluate's arithmetic for many rows at once.

`evaluate_rows`: rows of one StackedNetwork on one split (the tuning lab: trials share their data).
`evaluate_each`: parameter vectors each on a split of its own (a cohort's members at their epochs' ends).
Either way row r's numbers equal Trainer._metrics for that run alone, bit for bit: the batched matmul runs
the single-run gemm per slice, and every reduction runs along a contiguous row as the single run's does.

`finite_for_sure` answers the divergence question ("is the training cost finite?") without a forward pass
when a bound proves it: with |Z| and every |w| below 1e100 the cross-entropy and the L2 term cannot overflow.
"""

from __future__ import annotations

import numpy as np

from .stacked_network import StackedNetwork

SAFE = 1e100  # |logits| and |weights| below this keep every cost term far from overflow


def evaluate_rows(net, split, rows: np.ndarray, l2s: list[float]) -> list[tuple[float | None, float | None]]:
    """(cost incl. L2, accuracy) per stack row in `rows` on a PreparedSplit; l2s: lambda per row."""
    if split.size == 0:
        return [(None, None)] * len(rows)
    Z = net.forward_eval(split.F, rows)  # (R, K_out, k)
    costs, accuracy = _costs_accuracies(net.output, Z, np.broadcast_to(split.y, (len(rows), split.size)))
    return [
        (float(costs[j]) + _l2_term(net.theta[row], net.weight_mask, l2, split.size), float(accuracy[j]))
        for j, (row, l2) in enumerate(zip(rows, l2s, strict=True))
    ]


def evaluate_each(
    template, theta: np.ndarray, splits: list, l2s: list[float], inputs: dict | None = None
) -> list:
    """(cost incl. L2, accuracy) of theta[r] (P,) on its own PreparedSplit splits[r], for every row r of
    theta (R, P); template: a network.Network of their shape. (None, None) where a split is empty.
    `inputs`: a dict the caller keeps between calls, holding the stacked features and labels of the last
    few sets of splits (a cohort evaluates the same members' splits again and again)."""
    out: list[tuple[float | None, float | None]] = [(None, None)] * len(splits)
    by_size: dict[int, list[int]] = {}  # rows are stacked by split size (dev sizes may differ)
    for r, split in enumerate(splits):
        if split.size:
            by_size.setdefault(split.size, []).append(r)
    for size, rows in by_size.items():
        net = StackedNetwork(template, theta[rows])
        F, y = _stacked([splits[r] for r in rows], inputs)
        Z = net.forward_eval(F)  # (R, n_x, k) inputs: (R, K_out, k)
        costs, accuracy = _costs_accuracies(template.output, Z, y)
        for j, r in enumerate(rows):
            out[r] = (float(costs[j]) + _l2_term(theta[r], net.weight_mask, l2s[r], size), float(accuracy[j]))
    return out


KEPT_INPUTS = 4  # sets of splits an `inputs` dict keeps (a cohort's train and dev, and a change or two)


def _stacked(splits: list, inputs: dict | None) -> tuple[np.ndarray, np.ndarray]:
    """(F (R, n_x, k), y (R, k)) of the splits (one size k), from `inputs` when it holds these very splits."""
    key = tuple(id(s) for s in splits)
    kept = None if inputs is None else inputs.get(key)
    if kept is not None and all(a is b for a, b in zip(kept[0], splits, strict=True)):  # (ids can be reused)
        return kept[1], kept[2]
    F, y = np.stack([s.F for s in splits]), np.stack([s.y for s in splits])
    if inputs is not None:
        if len(inputs) >= KEPT_INPUTS:
            del inputs[next(iter(inputs))]  # the oldest
        inputs[key] = (list(splits), F, y)  # the splits themselves: their ids stay theirs while kept
    return F, y


def _costs_accuracies(output, Z: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(R,) mean cross-entropies and (R,) accuracies of logits Z (R, K_out, k) against labels y (R, k):
    losses.py's cost and predict per row."""
    if output.name == "sigmoid":
        z = Z[:, 0, :]
        loss = np.logaddexp(0.0, z)
        loss -= y * z
        costs = np.add.reduce(loss, axis=1) / loss.shape[1]
        predicted = (z >= 0.0).astype(np.int64)
    else:
        zmax = Z.max(axis=1)
        lse = zmax + np.log(np.exp(Z - zmax[:, None, :]).sum(axis=1))
        costs = np.mean(lse - np.take_along_axis(Z, y[:, None, :], axis=1)[:, 0, :], axis=1)
        predicted = np.argmax(Z, axis=1)
    return costs, np.count_nonzero(predicted == y, axis=1) / y.shape[1]


def _l2_term(theta: np.ndarray, weight_mask: np.ndarray, l2: float, m: int) -> float:
    """network.Network.l2_term for one parameter vector theta (P,)."""
    if l2 == 0.0:
        return 0.0
    w = theta * weight_mask
    return float(l2 / (2.0 * m) * np.dot(w, w))


def finite_for_sure(net, input_max: float) -> np.ndarray:
    """(T,) bool: True where the training cost is certainly finite (False: evaluate to know)."""
    return net.logit_bound(input_max) < SAFE
