"""PlaygroundClassifier: the engine on the user's own X, y, as a scikit-learn classifier."""

from __future__ import annotations

import pickle

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.model_selection import GridSearchCV, cross_val_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

import playground
from playground.estimator import PlaygroundClassifier
from playground.validation import ConfigError


def two_moons(n: int = 200, seed: int = 0):
    """X (n, 2), y (n,) in {"east", "west"}: two noisy half circles of radius 3."""
    rng = np.random.default_rng(seed)
    t = rng.uniform(0, np.pi, n)
    k = rng.integers(0, 2, n)
    X = np.column_stack([3 * np.cos(t) + 3 * k, 3 * np.sin(t) * (1 - 2 * k) + 1.5 * k])
    return X + rng.normal(0, 0.3, X.shape), np.where(k == 1, "west", "east")


def test_fit_predict_score_on_the_users_labels():
    X, y = two_moons()
    clf = PlaygroundClassifier(hidden=(8, 8), epochs=150).fit(X, y)
    assert list(clf.classes_) == ["east", "west"] and clf.n_features_in_ == 2
    proba = clf.predict_proba(X)
    assert proba.shape == (200, 2) and np.allclose(proba.sum(axis=1), 1.0)
    pred = clf.predict(X)
    assert np.array_equal(pred, clf.classes_[proba.argmax(axis=1)])
    assert clf.score(X, y) == np.mean(pred == y) and clf.score(X, y) > 0.9


def test_it_is_the_engine_trained_on_the_points_as_drawn_points():
    """The same points as a `custom` config through playground.train: the same probabilities, bit for bit."""
    X, y = two_moons(80)
    clf = PlaygroundClassifier(hidden=(5,), epochs=40, l2=0.01, seed=3).fit(X, y)
    codes = (y == "west").astype(int)
    points = [[float(a), float(b), int(k)] for (a, b), k in zip(X, codes, strict=True)]
    trainer = playground.train(
        {"dataset": "custom", "points": points, "hidden": [5], "epochs": 40, "l2": 0.01, "seed": 3}
    )
    assert np.array_equal(clf.predict_proba(X), trainer.predict_proba(X))
    assert clf.trainer_.epoch == trainer.epoch == 40


def test_same_params_and_data_give_the_same_predictions_bit_for_bit():
    X, y = two_moons(150, seed=1)
    params = dict(hidden=(6, 6), keep_prob=0.8, mini_batch_size=16, epochs=60, seed=11)
    a = PlaygroundClassifier(**params).fit(X, y).predict_proba(X)
    b = clone(PlaygroundClassifier(**params)).fit(X, y).predict_proba(X)
    assert a.tobytes() == b.tobytes()
    c = PlaygroundClassifier(**{**params, "seed": 12}).fit(X, y).predict_proba(X)
    assert c.tobytes() != a.tobytes()  # the seed is what decides (init, shuffling, dropout)


def test_three_classes_of_any_sortable_label():
    rng = np.random.default_rng(4)
    centres = np.array([[-3.0, 0.0], [3.0, 0.0], [0.0, 4.0]])
    k = rng.integers(0, 3, 150)
    X = centres[k] + rng.normal(0, 0.6, (150, 2))
    y = np.array([10, -3, 7])[k]
    clf = PlaygroundClassifier(epochs=100).fit(X, y)
    assert list(clf.classes_) == [-3, 7, 10]
    assert clf.predict_proba(X).shape == (150, 3) and clf.score(X, y) > 0.95


@pytest.mark.parametrize("batch_norm", [False, True])
def test_a_pickled_model_predicts_the_same_bits(batch_norm):
    X, y = two_moons(120)
    clf = PlaygroundClassifier(epochs=30, batch_norm=batch_norm, hidden=(6, 4)).fit(X, y)
    again = pickle.loads(pickle.dumps(clf))
    assert again.predict_proba(X).tobytes() == clf.predict_proba(X).tobytes()
    assert again.trainer_.epoch == 30 and again.get_params() == clf.get_params()
    assert np.array_equal(
        playground.history(again, as_frame=False)["train_cost"], clf.trainer_.history.array("train_cost")
    )


def test_sample_order_subsets_and_dtypes_on_2d_points():
    X, y = two_moons(120)
    clf = PlaygroundClassifier(epochs=30).fit(X, y)
    perm = np.random.default_rng(0).permutation(len(X))
    assert np.array_equal(clf.predict_proba(X[perm]), clf.predict_proba(X)[perm])
    halves = np.vstack([clf.predict_proba(X[:60]), clf.predict_proba(X[60:])])
    assert np.allclose(halves, clf.predict_proba(X), rtol=0, atol=1e-12)
    assert np.array_equal(clf.predict(X.astype(np.float32)), clf.predict(X.astype(np.float32).astype(float)))


@pytest.mark.parametrize(
    ("X", "y", "message"),
    [
        (np.array([[0.0, 1.0], [np.nan, 2.0]]), [0, 1], "NaN"),
        (np.array([[0.0, 1.0], [2e6, 2.0]]), [0, 1], "points"),  # the schema's |x| <= 1e6
        (np.zeros((7, 2)), list(range(7)), "2..6 classes"),
        (np.zeros((4, 3)), [0, 1, 0, 1], "n_features = 3"),
        (np.zeros((5001, 2)), [0, 1] * 2500 + [0], "at most 5000"),
    ],
)
def test_bad_data_is_refused_with_a_clear_error(X, y, message):
    with pytest.raises(ValueError, match=message):
        PlaygroundClassifier(epochs=1).fit(X, y)


def test_bad_parameters_raise_the_schemas_error_naming_the_field():
    X, y = two_moons(20)
    with pytest.raises(ConfigError) as e:
        PlaygroundClassifier(hidden=(0,)).fit(X, y)
    assert e.value.field.startswith("hidden")
    with pytest.raises(ConfigError) as e:
        PlaygroundClassifier(optimizer="lbfgs").fit(X, y)
    assert e.value.field == "optimizer"


def test_dev_ratio_holds_out_a_dev_set_for_early_stopping():
    X, y = two_moons(200)
    clf = PlaygroundClassifier(dev_ratio=0.25, early_stopping=5, epochs=3000, learning_rate=0.05).fit(X, y)
    assert clf.trainer_.splits["dev"].size == 50 and clf.trainer_.splits["train"].size == 150
    assert clf.trainer_.stopped == "early_stopping" and clf.trainer_.epoch < 3000
    assert not np.isnan(playground.history(clf, as_frame=False)["dev_cost"]).any()


def test_params_match_the_config_schema():
    """Every network/optimization/regularization field of ExperimentConfig is a parameter, same default."""
    from playground.config import ExperimentConfig

    data_fields = {"dataset", "n_samples", "noise", "classes", "dev_ratio", "test_ratio", "data_seed"}
    data_fields |= {"points", "dev_points", "test_points"}
    params = PlaygroundClassifier().get_params()
    defaults = ExperimentConfig().model_dump()
    assert set(params) == set(defaults) - data_fields | {"dev_ratio"}
    for name, value in params.items():
        if name != "dev_ratio":
            assert (list(value) if isinstance(value, tuple) else value) == defaults[name], name
    clf = PlaygroundClassifier().set_params(l2=0.5, hidden=(3,))
    assert clf.get_params()["l2"] == 0.5 and clf.get_params()["hidden"] == (3,)


def test_grid_search_picks_from_the_grid_and_refits():
    X, y = two_moons(150)
    grid = {"hidden": [(2,), (8, 8)], "l2": [0.0, 0.1]}
    search = GridSearchCV(PlaygroundClassifier(epochs=40), grid, cv=3).fit(X, y)
    assert search.best_params_["hidden"] in grid["hidden"] and search.best_params_["l2"] in grid["l2"]
    scores = search.cv_results_["mean_test_score"]
    assert search.best_score_ == scores.max() and len(scores) == 4
    assert search.best_estimator_.trainer_.epoch == 40 and search.score(X, y) > 0.8


def test_pipeline_and_cross_validation():
    X, y = two_moons(150)
    pipe = make_pipeline(StandardScaler(), PlaygroundClassifier(normalize_inputs=False, epochs=60))
    pipe.fit(X, y)
    assert pipe.score(X, y) > 0.85
    scores = cross_val_score(pipe, X, y, cv=3)
    assert scores.shape == (3,) and scores.min() > 0.7


def test_without_scikit_learn_the_error_says_what_to_install(monkeypatch):
    import sys

    for name in [m for m in sys.modules if m == "sklearn" or m.startswith("sklearn.")]:
        monkeypatch.setitem(sys.modules, name, None)  # importing it now fails as if it were not installed
    monkeypatch.delitem(sys.modules, "playground.estimator")
    with pytest.raises(ModuleNotFoundError, match=r"pip install 'training-playground\[notebook\]'"):
        playground.PlaygroundClassifier  # noqa: B018 - the attribute access is the import
