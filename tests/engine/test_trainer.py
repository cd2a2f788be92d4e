"""Trainer: determinism, chunking, stop conditions, live hyperparameters, evaluation views."""

from __future__ import annotations

import math

import numpy as np
import pytest

from playground.config import ExperimentConfig
from playground.engine.datasets import Dataset, Split
from playground.engine.schedules import decayed_learning_rate
from playground.engine.trainer import LIVE_FIELDS, Trainer, needs_rebuild


def config(**kw) -> ExperimentConfig:
    base = dict(n_samples=120, hidden=[5, 3], mini_batch_size=16, epochs=20)
    return ExperimentConfig(**{**base, **kw})


def test_same_config_same_bits():
    cfg = config(keep_prob=0.8, batch_norm=True, l2=0.1)
    a, b = Trainer(cfg), Trainer(cfg)
    a.train_steps(57)
    b.train_steps(57)
    assert np.array_equal(a.network.theta, b.network.theta)
    assert a.history == b.history


@pytest.mark.parametrize("chunks", [[1] * 40, [7, 13, 1, 19], [40], [3, 37]])
def test_chunking_does_not_change_the_result(chunks):
    # 90 training points, batches of 16 -> 6 steps per epoch, so these chunks cross epoch boundaries
    cfg = config(keep_prob=0.7, batch_norm=True, optimizer="adam")
    ref = Trainer(cfg)
    ref.train_steps(40)
    t = Trainer(cfg)
    for n in chunks:
        t.train_steps(n)
    assert t.steps == ref.steps == 40
    assert np.array_equal(t.network.theta, ref.network.theta)
    assert all(
        np.array_equal(r[0], q[0]) for r, q in zip(t.network.running, ref.network.running, strict=True)
    )
    assert t.history == ref.history


def test_steps_and_epochs_counts():
    t = Trainer(config(epochs=3))  # 90 training points, batch 16 -> ceil(90/16) = 6 steps per epoch
    assert t.train_steps(1000) == 18
    assert (t.epoch, t.steps, t.stopped) == (3, 18, "completed")
    assert len(t.history["train_cost"]) == 3
    assert t.train_steps(5) == 0


def test_full_batch_is_one_step_per_epoch():
    t = Trainer(config(mini_batch_size=0, epochs=4))
    t.train_epochs(10)
    assert (t.epoch, t.steps) == (4, 4)


def test_training_lowers_the_cost():
    t = Trainer(config(epochs=60, learning_rate=0.02))
    t.train_epochs(60)
    h = t.history["train_cost"]
    assert h[-1] < 0.5 * h[0]


def test_divergence_stops_without_raising():
    t = Trainer(
        config(optimizer="gd", learning_rate=10.0, init="random", init_scale=100.0, activation="linear")
    )
    t.train_epochs(20)
    assert t.stopped == "diverged"
    assert t.history["train_cost"][-1] is None  # NaN/inf never reach the history


@pytest.fixture(scope="module")
def early_stopped() -> Trainer:
    """A big network on few noisy points overfits: the dev cost turns up, and patience 3 ends the run.
    Trained once for the tests that only read it."""
    cfg = config(
        n_samples=60, noise=0.5, dev_ratio=0.5, hidden=[32, 32], activation="relu", init="he",
        learning_rate=0.05, mini_batch_size=0, epochs=3000, early_stopping=3,
    )  # fmt: skip
    t = Trainer(cfg)
    t.train_epochs(3000)
    return t


def test_early_stopping_restores_the_best_parameters(early_stopped):
    t = early_stopped
    assert t.stopped == "early_stopping"
    dev = t.history["dev_cost"]
    best = int(np.argmin(dev))
    assert t.epoch == best + 1 + 3  # stopped exactly `patience` epochs after the best one
    assert t.evaluate("dev")[0] == pytest.approx(dev[best], rel=0, abs=1e-12)


def test_learning_rate_follows_the_schedule_per_epoch():
    t = Trainer(config(lr_decay="inverse", decay_rate=1.0, learning_rate=0.2))
    rates = []
    for _ in range(4):
        rates.append(t.learning_rate)
        t.train_epochs(1)
    assert rates == [decayed_learning_rate(0.2, "inverse", 1.0, 1, e) for e in (1, 2, 3, 4)]
    assert rates[0] == pytest.approx(0.1)


def test_live_hyperparameters_apply_without_reset():
    cfg = config(optimizer="adam")
    t = Trainer(cfg)
    t.train_steps(10)
    theta = t.network.theta.copy()
    t.set_hyperparameters(cfg.model_copy(update={"learning_rate": 0.5, "beta1": 0.5}))
    assert np.array_equal(t.network.theta, theta) and t.optimizer.t == 10
    assert t.optimizer.beta1 == 0.5 and t.learning_rate == 0.5
    t.set_hyperparameters(t.cfg.model_copy(update={"optimizer": "momentum"}))
    assert t.optimizer.name == "momentum" and t.optimizer.t == 0


def test_raising_epochs_resumes_a_completed_run():
    cfg = config(epochs=2)
    t = Trainer(cfg)
    t.train_epochs(5)
    assert t.stopped == "completed"
    t.set_hyperparameters(cfg.model_copy(update={"epochs": 4}))
    assert t.stopped is None
    t.train_epochs(5)
    assert (t.epoch, t.stopped) == (4, "completed")


def test_needs_rebuild():
    cfg = config()
    for field in LIVE_FIELDS:
        value = {"optimizer": "gd", "mini_batch_size": 7, "lr_decay": "inverse", "early_stopping": 5}.get(
            field
        )
        if value is None:
            old = getattr(cfg, field)
            value = old / 2 if isinstance(old, float) and old > 0 else old + 1
        assert not needs_rebuild(cfg, cfg.model_copy(update={field: value})), field
    for update in ({"hidden": [4]}, {"seed": 3}, {"batch_norm": True}, {"dataset": "moons"}, {"init": "he"}):
        assert needs_rebuild(cfg, cfg.model_copy(update=update))


def test_evaluation_views_have_the_documented_shapes():
    t = Trainer(config(dataset="blobs", classes=3))
    t.train_epochs(2)
    xs, ys, probs = t.boundary_grid(9)
    assert xs.shape == ys.shape == (9,) and probs.shape == (9, 9, 3)
    np.testing.assert_allclose(probs.sum(axis=2), 1.0)
    # probs[iy, ix] is the prediction at (xs[ix], ys[iy])
    np.testing.assert_allclose(probs[2, 7], t.predict_proba(np.array([[xs[7], ys[2]]]))[0])
    grids = t.neuron_grids(9)
    assert [g.shape for g in grids] == [(5, 9, 9), (3, 9, 9)]
    assert [(W.shape, b.shape) for W, b in t.layer_params()] == [
        ((2, 5), (5,)),
        ((5, 3), (3,)),
        ((3, 3), (3,)),
    ]
    assert t.grad_norms().shape == (3,) and np.all(t.grad_norms() > 0)


def by_hand(t: Trainer, r: int) -> tuple[np.ndarray, np.ndarray, list[np.ndarray], np.ndarray]:
    """xs, ys, hidden activations [(r*r, n_l)] and P(class 1) (r*r,) over the plot grid, from first
    principles: row-major points (xs[ix], ys[iy]), the 5 features, training mean/std, tanh layers, sigmoid."""
    x1_min, x1_max, x2_min, x2_max = t.dataset.bounds
    xs = x1_min + (x1_max - x1_min) * np.arange(r) / (r - 1)
    ys = x2_min + (x2_max - x2_min) * np.arange(r) / (r - 1)
    p1, p2 = np.tile(xs, r), np.repeat(ys, r)  # point iy * r + ix is (xs[ix], ys[iy])
    columns = lambda a, b: np.stack([a, b, a * a, a * b, np.sin(b)], axis=1)  # noqa: E731
    train = columns(t.dataset.train.X[:, 0], t.dataset.train.X[:, 1])
    A = (columns(p1, p2) - train.mean(axis=0)) / train.std(axis=0)
    hidden = []
    params = t.layer_params()
    for W, b in params[:-1]:
        A = np.tanh(A @ W + b)
        hidden.append(A)
    W, b = params[-1]
    return xs, ys, hidden, 1.0 / (1.0 + np.exp(-(A @ W + b)[:, 0]))


def test_cached_grids_give_the_first_principles_values_as_parameters_change():
    t = Trainer(config(hidden=[4, 3], activation="tanh", features=["x1", "x2", "x1^2", "x1x2", "sin_x2"]))
    for steps in (0, 30, 45):  # the first call fills the cache; later ones read it with new parameters
        t.train_steps(steps)
        xs, ys, probs = t.boundary_grid(12)
        ex, ey, hidden, p = by_hand(t, 12)
        np.testing.assert_allclose(xs, ex, rtol=0, atol=1e-14)
        np.testing.assert_allclose(ys, ey, rtol=0, atol=1e-14)
        np.testing.assert_allclose(probs[..., 1], p.reshape(12, 12), rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(probs[..., 0], 1.0 - p.reshape(12, 12), rtol=1e-12, atol=1e-15)
        _, _, hidden5, _ = by_hand(t, 5)
        for grid, A in zip(t.neuron_grids(5), hidden5, strict=True):
            np.testing.assert_allclose(grid, A.T.reshape(-1, 5, 5), rtol=1e-12, atol=1e-15)
    assert t.boundary_grid(12)[0] is xs  # served from the cache: no second linspace
    assert len(t._grids) == 2  # one entry per resolution asked for


@pytest.mark.parametrize(
    "kw",
    [
        dict(dataset="spiral", classes=4, batch_norm=True, activation="relu"),
        dict(normalize_inputs=False, features=["x1", "x2", "x2^2", "sin_x1"], activation="sigmoid"),
        dict(dataset="custom", points=[[0.0, 0.0, 0], [2.0, 1.0, 1], [2.0, 3.0, 1]], hidden=[2]),
    ],
)
def test_cached_grids_give_the_bits_of_the_uncached_computation(kw):
    # the frames must not change by a bit: the cached inputs go through the same arithmetic as fresh points
    t = Trainer(config(**kw))
    for steps in (0, 25):
        t.train_steps(steps)
        for r in (7, 30, 7):
            xs, ys, probs = t.boundary_grid(r)
            gx, gy = np.meshgrid(np.linspace(*t.dataset.bounds[:2], r), np.linspace(*t.dataset.bounds[2:], r))
            points = np.column_stack([gx.ravel(), gy.ravel()])
            assert np.array_equal(probs, t.predict_proba(points).reshape(r, r, -1))
            with np.errstate(all="ignore"):
                _, hidden = t.network.forward_eval(t._features(points))
            for grid, A in zip(t.neuron_grids(r), hidden, strict=True):
                assert np.array_equal(grid, A.reshape(-1, r, r))


def test_cached_grid_inputs_are_read_only_and_bounded():
    t = Trainer(config())
    xs, ys, _ = t.boundary_grid(8)
    with pytest.raises(ValueError):
        xs[0] = 1.0  # a caller writing into them would corrupt every later frame
    for r in range(10, 10 + 3 * Trainer.GRID_CACHE):
        t.neuron_grids(r)
    assert len(t._grids) <= Trainer.GRID_CACHE


def test_binary_probabilities_have_two_columns():
    t = Trainer(config())
    p = t.predict_proba(np.array([[0.0, 0.0], [3.0, -1.0]]))
    assert p.shape == (2, 2)
    np.testing.assert_allclose(p.sum(axis=1), 1.0)


def test_empty_dev_split_gives_none():
    t = Trainer(config(dev_ratio=0.0))
    t.train_epochs(1)
    assert t.evaluate("dev") == (None, None)
    assert t.history["dev_cost"] == [None] and t.history["dev_accuracy"] == [None]


def test_explicit_dataset_is_used():
    X = np.array([[-1.0, 0.0], [1.0, 0.0], [-2.0, 1.0], [2.0, 1.0]])
    data = Dataset(Split(X, np.array([0, 1, 0, 1])), Split.empty(), Split.empty(), 2, (-3.0, 3.0, -3.0, 3.0))
    t = Trainer(config(mini_batch_size=0, epochs=300, learning_rate=0.1), dataset=data)
    t.train_epochs(300)
    cost, accuracy = t.evaluate("train")
    assert accuracy == 1.0 and cost < 0.05 and math.isfinite(cost)


@pytest.mark.parametrize(
    "update",
    [
        {},
        {"early_stopping": 3, "n_samples": 60, "noise": 0.5, "dev_ratio": 0.5, "hidden": [32, 32],
         "activation": "relu", "init": "he", "learning_rate": 0.05, "mini_batch_size": 0, "epochs": 3000},
        {"optimizer": "gd", "learning_rate": 10.0, "init": "random", "init_scale": 100.0,
         "activation": "linear"},
    ],
    ids=["completed", "early_stopping", "diverged"],
)  # fmt: skip
def test_without_history_the_run_is_the_same(update):
    a, b = Trainer(config(**update)), Trainer(config(**update), history=False)
    a.train_epochs(3000)
    b.train_epochs(3000)
    assert (a.stopped, a.epoch, a.steps) == (b.stopped, b.epoch, b.steps)
    assert np.array_equal(a.network.theta, b.network.theta, equal_nan=True)
    assert len(a.history["train_cost"]) == a.epoch and b.history["train_cost"] == []


def test_mini_batch_size_changes_mid_epoch():
    cfg = config(mini_batch_size=16, epochs=2)  # 90 training points
    t = Trainer(cfg)
    t.train_steps(2)  # 32 examples of epoch 1 used
    t.set_hyperparameters(cfg.model_copy(update={"mini_batch_size": 29}))
    assert t.train_steps(100) == 2 + 4  # the other 58 in 2 batches of 29, then epoch 2: 29, 29, 29, 3
    assert t.steps == 8
    assert (t.epoch, t.stopped) == (2, "completed")


def test_keep_prob_changes_apply_at_the_next_step():
    cfg = config(keep_prob=1.0)
    t, ref = Trainer(cfg), Trainer(cfg)
    t.train_steps(3)
    ref.train_steps(3)
    t.set_hyperparameters(cfg.model_copy(update={"keep_prob": 0.5}))
    t.train_steps(1)
    ref.train_steps(1)
    assert not np.array_equal(t.network.theta, ref.network.theta)


def test_no_training_points_means_nothing_to_train():
    data = Dataset(Split.empty(), Split.empty(), Split.empty(), 2, (-6.0, 6.0, -6.0, 6.0))
    t = Trainer(config(), dataset=data)
    assert t.stopped == "completed" and t.train_steps(10) == 0 and t.train_epochs(3) == 0
    assert t.evaluate("train") == (None, None)
    assert t.boundary_grid(4)[2].shape == (4, 4, 2)


def test_after_early_stopping_the_current_numbers_are_the_kept_epochs(early_stopped):
    t = early_stopped
    assert t.stopped == "early_stopping"
    kept, kept_cost = t.kept_epoch
    assert kept == t.epoch - 3 and kept_cost == t.history["dev_cost"][kept - 1]
    now = t.latest_metrics()
    # the restored parameters evaluate to the kept epoch's numbers, not to the last (discarded) epoch's
    assert now["dev_cost"] == kept_cost and now["dev_accuracy"] == t.history["dev_accuracy"][kept - 1]
    assert now["train_cost"] == t.history["train_cost"][kept - 1]
    assert now["dev_cost"] < t.history["dev_cost"][-1]
    assert Trainer(config()).kept_epoch is None


def test_latest_metrics_are_the_last_epoch_while_running():
    t = Trainer(config())
    assert t.latest_metrics() == dict.fromkeys(("train_cost", "dev_cost", "train_accuracy", "dev_accuracy"))
    t.train_epochs(2)
    assert t.latest_metrics() == {k: v[-1] for k, v in t.history.items()}


def test_gradient_norms_are_recorded_for_every_epoch():
    t = Trainer(config(epochs=4))
    expected = []
    for _ in range(4):
        t.train_epochs(1)
        expected.append(t.grad_norms())  # the norms at the epoch's last step
    rows = t.history.grad_norms()
    assert rows.shape == (4, 3) and rows.dtype == np.float32
    np.testing.assert_allclose(rows, np.array(expected), rtol=1e-6)
    np.testing.assert_allclose(t.history.grad_norms(2), rows[2:])


def test_history_is_compact_and_reads_like_lists():
    t = Trainer(config(mini_batch_size=0, epochs=3000, hidden=[3]))
    t.train_epochs(3000)
    h = t.history
    per_epoch = 4 * 8 + 2 * 4  # four float64 series, two float32 gradient norms
    assert h.epochs == 3000 and h.nbytes <= 2 * 3000 * per_epoch  # capacity doubles: at most twice the need
    assert isinstance(h["train_cost"], list) and len(h["train_cost"]) == 3000
    assert h["train_cost"] == h.array("train_cost").tolist() and h.latest("dev_cost") == h["dev_cost"][-1]
    with pytest.raises(KeyError):
        h["bogus"]


@pytest.mark.parametrize("batch_norm", [False, True])
def test_fast_gradient_norms_equal_the_plain_norms(batch_norm):
    t = Trainer(config(batch_norm=batch_norm, hidden=[6, 5, 3]))
    t.train_steps(3)
    plain = [np.linalg.norm(g.W) for g in t.network.grads]
    np.testing.assert_allclose(t.grad_norms(), plain, rtol=1e-12)
    assert t._w_index is not False  # the gather path ran, not the per-layer fallback
