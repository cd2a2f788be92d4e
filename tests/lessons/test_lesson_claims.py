"""Every lesson's claim, checked by running its preset headless. A claim that fails gets its lesson fixed."""

from __future__ import annotations

import numpy as np
import pytest

from playground.api import run, train
from playground.commands.ewa import ewa_result
from playground.commands.race import race_result
from playground.lessons import all_lessons
from playground.server.diagnosis import diagnose
from playground.tuning.sampling import sample_trials

LESSONS = {lesson.slug: lesson for lesson in all_lessons()}


def cfg(slug: str, *changes: dict) -> dict:
    """The lesson's config with changes applied in order (the panel applies steps cumulatively too)."""
    out = dict(LESSONS[slug].config)
    for change in changes:
        out.update(change)
    return out


def try_this(slug: str) -> dict:
    return LESSONS[slug].try_this.change


def step(slug: str, i: int) -> dict:
    return LESSONS[slug].steps[i].change


def verdict(result: dict) -> str:
    return diagnose(result["train_accuracy"], result["dev_accuracy"])["verdict"]


def gap(result: dict) -> float:
    return result["train_accuracy"] - result["dev_accuracy"]


def test_train_dev_test():
    r = run(cfg("train-dev-test"))
    assert abs(r["dev_accuracy"] - r["test_accuracy"]) <= 0.05
    spread = {}
    for name, change in (("big", {}), ("tiny", try_this("train-dev-test"))):
        accs = [run(cfg("train-dev-test", change, {"data_seed": s}))["dev_accuracy"] for s in range(12)]
        spread[name] = np.std(accs)
    assert spread["tiny"] > 2 * spread["big"], spread


def test_bias_variance_steps():
    assert verdict(run(cfg("bias-variance"))) == "high bias"
    assert verdict(run(cfg("bias-variance", step("bias-variance", 1)))) == "high variance"
    just_right = run(cfg("bias-variance", step("bias-variance", 1), step("bias-variance", 2)))
    assert verdict(just_right) == "low bias and low variance"
    overfit = run(cfg("bias-variance", step("bias-variance", 1)))
    regularized = run(cfg("bias-variance", try_this("bias-variance")))
    assert gap(regularized) < gap(overfit)


def test_basic_recipe():
    small = run(cfg("basic-recipe"))
    big = run(cfg("basic-recipe", try_this("basic-recipe")))
    assert verdict(small).startswith("high bias")
    assert (1 - big["train_accuracy"]) <= (1 - small["train_accuracy"]) - 0.10


def _roughness(trainer) -> float:
    """Mean |gradient| of the predicted class-1 probability over the plot grid: a ragged boundary is large."""
    xs, ys, probs = trainer.boundary_grid(60)
    p = probs[..., -1]
    gy, gx = np.gradient(p, ys, xs)
    return float(np.mean(np.hypot(gx, gy)))


def test_l2_regularization():
    plain = train(cfg("l2-regularization"))
    l2 = train(cfg("l2-regularization", try_this("l2-regularization")))
    r_plain = {
        k: plain.evaluate("train")[1] if k == "train" else plain.evaluate("dev")[1] for k in ("train", "dev")
    }
    r_l2 = {k: l2.evaluate("train")[1] if k == "train" else l2.evaluate("dev")[1] for k in ("train", "dev")}
    assert r_l2["dev"] >= r_plain["dev"] + 0.05
    assert r_l2["train"] - r_l2["dev"] < r_plain["train"] - r_plain["dev"]
    assert _roughness(l2) < _roughness(plain)


def test_dropout_narrows_the_gap():
    plain = run(cfg("dropout"))
    dropped = run(cfg("dropout", try_this("dropout")))
    assert gap(dropped) < gap(plain)


def test_early_stopping():
    full = run(cfg("early-stopping"))
    early = run(cfg("early-stopping", try_this("early-stopping")))
    assert early["stopped"] == "early_stopping"
    assert early["epochs_run"] < full["epochs_run"]
    assert early["dev_cost"] < full["dev_cost"]


def test_data_augmentation():
    plain = run(cfg("data-augmentation"))
    augmented = run(cfg("data-augmentation", try_this("data-augmentation")))
    assert augmented["dev_accuracy"] > plain["dev_accuracy"]


def test_normalizing_inputs():
    raw = run(cfg("normalizing-inputs"))
    normalized = run(cfg("normalizing-inputs", try_this("normalizing-inputs")))
    assert normalized["train_cost"] < raw["train_cost"]


def test_vanishing_gradients():
    first_step = {"epochs": 1}  # full batch: one epoch is the first gradient step
    sig = train(cfg("vanishing-gradients", first_step)).grad_norms()
    relu = train(cfg("vanishing-gradients", try_this("vanishing-gradients"), first_step)).grad_norms()
    # entry 0 is the first hidden layer, entry -2 the last hidden layer, entry -1 the output layer
    assert sig[0] < sig[-2] / 100
    assert relu[0] > relu[-2] / 10


def test_initialization():
    zeros = run(cfg("initialization"))
    he = run(cfg("initialization", try_this("initialization")))
    assert zeros["train_accuracy"] == pytest.approx(0.5, abs=0.02)
    assert he["train_accuracy"] > 0.9
    first = {}
    for name, change in (("large", step("initialization", 1)), ("he", try_this("initialization"))):
        first[name] = run(cfg("initialization", change, {"epochs": 1}), history=True)["history"][
            "train_cost"
        ][0]
    assert first["large"] > 5 * first["he"]


def test_gradient_checking():
    trainer = train(cfg("gradient-checking"))
    assert trainer.gradcheck()["difference"] < 1e-7
    trainer.network.broken_backprop = True
    assert trainer.gradcheck()["difference"] > 1e-3


def _noise(costs) -> float:
    """Mean |second difference| of log cost: how jagged the epoch-to-epoch curve is."""
    return float(np.mean(np.abs(np.diff(np.log(costs), 2))))


def test_mini_batch_size():
    runs = {size: run(cfg("mini-batch-size", {"mini_batch_size": size}), history=True) for size in (0, 1, 64)}
    assert runs[64]["train_cost"] < runs[0]["train_cost"]
    noise = {size: _noise(r["history"]["train_cost"]) for size, r in runs.items()}
    assert noise[1] > noise[64] and noise[1] > noise[0]


def test_exponentially_weighted_averages():
    raw = ewa_result(cfg("exponentially-weighted-averages"))
    fixed = ewa_result(cfg("exponentially-weighted-averages", try_this("exponentially-weighted-averages")))
    values = np.array(raw["values"])
    uncorrected = np.array(raw["averages"]["0.98"])
    corrected = np.array(fixed["averages"]["0.98"])
    assert np.all(uncorrected[:7] < 0.15 * values[:7].mean())
    assert corrected[0] == pytest.approx(values[0])


def _steps_to(path, minimum, tol=1e-3) -> int:
    d = np.linalg.norm(np.asarray(path) - np.asarray(minimum), axis=1)
    hits = np.nonzero(d < tol)[0]
    return int(hits[0]) if hits.size else 10**9


def test_momentum_rmsprop_adam():
    same_alpha = race_result(cfg("momentum-rmsprop-adam"))
    assert _steps_to(same_alpha["paths"]["adam"], (0, 0)) < _steps_to(same_alpha["paths"]["gd"], (0, 0))
    zigzag = race_result(cfg("momentum-rmsprop-adam", step("momentum-rmsprop-adam", 1)))
    gd, mom = np.asarray(zigzag["paths"]["gd"]), np.asarray(zigzag["paths"]["momentum"])
    # distance travelled across the valley (y is the steep direction) over the first 50 steps
    assert np.abs(np.diff(mom[:50, 1])).sum() < np.abs(np.diff(gd[:50, 1])).sum()
    flipped = race_result(cfg("momentum-rmsprop-adam", try_this("momentum-rmsprop-adam")))
    assert "gd" in flipped["diverged"] and "momentum" not in flipped["diverged"]


def test_adam_on_moons():
    gd = run(cfg("adam-on-moons"))
    adam = run(cfg("adam-on-moons", try_this("adam-on-moons")))
    assert adam["train_cost"] < gd["train_cost"] / 2
    assert adam["dev_accuracy"] > gd["dev_accuracy"]


def test_learning_rate_decay():
    def tail_distance(out) -> float:
        path = np.asarray(out["paths"]["gd"])
        return float(np.linalg.norm(path[-100:], axis=1).mean())

    fixed = race_result(cfg("learning-rate-decay"))
    decayed = race_result(cfg("learning-rate-decay", try_this("learning-rate-decay")))
    assert tail_distance(decayed) < tail_distance(fixed) / 2


def test_saddle_points_plateaus():
    out = race_result(cfg("saddle-points-plateaus"))
    minimum = out["minima"][0]
    assert _steps_to(out["paths"]["adam"], minimum, 1e-2) < _steps_to(out["paths"]["gd"], minimum, 1e-2)


def test_hyperparameter_search():
    from playground.config import SweepConfig

    random = sample_trials(SweepConfig.model_validate(cfg("hyperparameter-search")))
    grid = sample_trials(
        SweepConfig.model_validate(cfg("hyperparameter-search", try_this("hyperparameter-search")))
    )
    lr_random = {t["learning_rate"] for t in random}
    lr_grid = {t["learning_rate"] for t in grid}
    assert len(lr_random) == 25 and len(lr_grid) == 5
    decades = np.floor(np.log10(sorted(lr_random)))
    assert set(decades) == {-4, -3, -2, -1}


def test_batch_norm():
    plain = run(cfg("batch-norm"))
    bn = run(cfg("batch-norm", try_this("batch-norm")))
    assert bn["train_cost"] < plain["train_cost"]


def test_softmax():
    blobs = run(cfg("softmax"))
    spiral = run(cfg("softmax", try_this("softmax")))
    assert blobs["dev_accuracy"] > 0.9
    assert spiral["dev_accuracy"] < 0.5


def test_framework_example():
    out = race_result(cfg("framework-example"))
    w = np.asarray(out["paths"]["gd"])
    assert len(w) == 1001 and tuple(w[0]) == (0.0, 0.0)
    np.testing.assert_allclose(w[-1], [5.0, 5.0], atol=1e-3)
    both = race_result(cfg("framework-example", try_this("framework-example")))
    adam_gap = np.linalg.norm(np.asarray(both["paths"]["adam"][-1]) - 5.0)
    gd_gap = np.linalg.norm(np.asarray(both["paths"]["gd"][-1]) - 5.0)
    assert adam_gap > 0.1 > 1e-3 > gd_gap


def test_every_lesson_has_a_claim_test():
    tested = {name[5:].replace("_", "-") for name in globals() if name.startswith("test_")}
    aliases = {"bias-variance-steps": "bias-variance", "dropout-narrows-the-gap": "dropout"}
    tested = {aliases.get(t, t) for t in tested}
    assert set(LESSONS) <= tested, set(LESSONS) - tested
