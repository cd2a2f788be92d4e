"""`PlaygroundClassifier`: the engine as a scikit-learn classifier, for pipelines and grid searches.

    >>> from playground import PlaygroundClassifier
    >>> clf = PlaygroundClassifier(hidden=(8, 8), l2=0.01, epochs=300).fit(X, y)   # X: (n, 2)
    >>> clf.predict(X_new), clf.predict_proba(X_new), clf.score(X_test, y_test)

The parameters are ExperimentConfig's network, initialization, optimization and regularization fields, with
the same names, defaults and bounds (tuples where the config has lists: scikit-learn clones parameters).
`fit` trains the engine on the user's points exactly as the playground trains drawn points: X's two
columns are x1 and x2, each row becomes a `custom` point, and the config schema validates everything (at
most 5000 points, 2..6 classes, |x| <= 1e6, finite), so a bad value raises ConfigError (a ValueError) naming
the field. Labels may be anything sortable: `classes_` holds them and the engine sees 0..K-1.
dev_ratio > 0 holds out a seeded share of the rows as the dev set (for early_stopping and the dev curve).

Deterministic: the same parameters and data give the same predictions bit for bit (seed is the config's).
"""

from __future__ import annotations

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import check_is_fitted, validate_data

from playground.api import as_config
from playground.config import MAX_CLASSES, ExperimentConfig
from playground.engine.trainer import Trainer
from playground.validation import parse_model

_D = ExperimentConfig()


class PlaygroundClassifier(ClassifierMixin, BaseEstimator):
    """A network from the playground's config fields (see the module docstring); X must have 2 columns."""

    def __init__(
        self,
        hidden=tuple(_D.hidden),
        activation=_D.activation,
        features=tuple(_D.features),
        normalize_inputs=_D.normalize_inputs,
        init=_D.init,
        init_scale=_D.init_scale,
        optimizer=_D.optimizer,
        learning_rate=_D.learning_rate,
        beta=_D.beta,
        beta1=_D.beta1,
        beta2=_D.beta2,
        epsilon=_D.epsilon,
        mini_batch_size=_D.mini_batch_size,
        epochs=_D.epochs,
        lr_decay=_D.lr_decay,
        decay_rate=_D.decay_rate,
        decay_interval=_D.decay_interval,
        l2=_D.l2,
        keep_prob=_D.keep_prob,
        batch_norm=_D.batch_norm,
        early_stopping=_D.early_stopping,
        augment_copies=_D.augment_copies,
        augment_jitter=_D.augment_jitter,
        dev_ratio=0.0,
        seed=_D.seed,
    ):
        self.hidden = hidden
        self.activation = activation
        self.features = features
        self.normalize_inputs = normalize_inputs
        self.init = init
        self.init_scale = init_scale
        self.optimizer = optimizer
        self.learning_rate = learning_rate
        self.beta = beta
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.mini_batch_size = mini_batch_size
        self.epochs = epochs
        self.lr_decay = lr_decay
        self.decay_rate = decay_rate
        self.decay_interval = decay_interval
        self.l2 = l2
        self.keep_prob = keep_prob
        self.batch_norm = batch_norm
        self.early_stopping = early_stopping
        self.augment_copies = augment_copies
        self.augment_jitter = augment_jitter
        self.dev_ratio = dev_ratio
        self.seed = seed

    def config(self, X: np.ndarray, codes: np.ndarray, n_classes: int) -> ExperimentConfig:
        """The validated ExperimentConfig that trains on X (n, 2) float64 with labels codes (n,) in 0..K-1."""
        params = self.get_params()
        dev_ratio = params.pop("dev_ratio")
        rows = [(float(a), float(b), int(k)) for (a, b), k in zip(X.tolist(), codes.tolist(), strict=True)]
        dev: list = []
        if dev_ratio:
            parse_model(ExperimentConfig, {"dev_ratio": dev_ratio})  # the schema's bounds and message
            order = np.random.default_rng(self.seed).permutation(len(rows))
            n_dev = int(round(dev_ratio * len(rows)))
            dev, rows = [rows[i] for i in order[:n_dev]], [rows[i] for i in order[n_dev:]]
        for name in ("hidden", "features", "activation"):
            if isinstance(params[name], tuple | list):
                params[name] = list(params[name])
        return as_config(
            {**params, "dataset": "custom", "classes": n_classes, "points": rows, "dev_points": dev}
        )

    def fit(self, X, y):
        """Train on X (n, 2) and labels y (n,); returns self. Sets classes_, trainer_, n_features_in_."""
        X, y = validate_data(self, X, y, dtype=np.float64, y_numeric=False)
        check_classification_targets(y)
        classes, codes = np.unique(y, return_inverse=True)
        K = classes.size
        if not 2 <= K <= MAX_CLASSES:
            raise ValueError(f"PlaygroundClassifier needs 2..{MAX_CLASSES} classes in y, got {K} class(es)")
        if X.shape[1] != 2:
            raise ValueError(
                "PlaygroundClassifier trains on 2D points: X must have 2 columns (x1, x2), "
                f"got n_features = {X.shape[1]}"
            )
        self.classes_ = classes
        trainer = Trainer(self.config(X, codes, K))
        while trainer.stopped is None and trainer.train_epochs(max(1, trainer.cfg.epochs // 50)):
            pass
        self.trainer_ = trainer
        return self

    def predict_proba(self, X) -> np.ndarray:
        """(n, K) probabilities of classes_ for X (n, 2)."""
        check_is_fitted(self)
        X = validate_data(self, X, dtype=np.float64, reset=False)
        return self.trainer_.predict_proba(X)

    def predict(self, X) -> np.ndarray:
        """(n,) the most probable of classes_ for each row of X (n, 2)."""
        proba = self.predict_proba(X)  # first: it raises NotFittedError before classes_ exists
        return self.classes_[np.argmax(proba, axis=1)]

    # Pickling (joblib, GridSearchCV with n_jobs, saving a model): a Trainer holds compiled step programs
    # (closures) and per-layer views into one flat parameter vector, which pickle would split into copies.
    # So the pickle keeps the config and the learned state, and loading rebuilds the Trainer from the config
    # (the same data, features and standardizer, deterministically) and puts the state back: predictions are
    # bit for bit those of the pickled model. (Training on after loading starts a fresh optimizer state.)
    def __getstate__(self) -> dict:
        state = self.__dict__.copy()
        trainer = state.pop("trainer_", None)
        if trainer is not None:
            net = trainer.network
            state["_trained"] = {
                "cfg": trainer.cfg,
                "theta": net.theta.copy(),
                "running": [None if r is None else (r[0].copy(), r[1].copy()) for r in net.running],
                "progress": (trainer.epoch, trainer.steps, trainer.stopped),
                "history": trainer.history,
            }
        return state

    def __setstate__(self, state: dict) -> None:
        trained = state.pop("_trained", None)
        self.__dict__.update(state)
        if trained is not None:
            trainer = Trainer(trained["cfg"])
            trainer.network.theta[...] = trained["theta"]
            for r, saved in zip(trainer.network.running, trained["running"], strict=True):
                if r is not None:
                    r[0][...], r[1][...] = saved
            trainer.epoch, trainer.steps, trainer.stopped = trained["progress"]
            trainer.history = trained["history"]
            self.trainer_ = trainer

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.classifier_tags.multi_class = True
        tags.input_tags.two_d_array = True
        return tags
