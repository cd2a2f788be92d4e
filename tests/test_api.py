"""The notebook API: run, train, predict_grid."""

from __future__ import annotations

import json

import numpy as np
import pytest

from playground.api import predict_grid, run, train
from playground.config import ExperimentConfig
from playground.validation import ConfigError


def test_run_accepts_a_dict_and_a_config_alike():
    cfg = {"dataset": "xor", "n_samples": 100, "epochs": 5}
    a, b = run(cfg, history=True), run(ExperimentConfig(**cfg), history=True)
    for d in (a, b):
        d.pop("seconds")
        d.pop("steps_per_second")
    assert a == b and len(a["history"]["dev_cost"]) == 5
    json.dumps(a, allow_nan=False)


def test_bad_dict_raises_config_error_naming_the_field():
    with pytest.raises(ConfigError) as e:
        run({"keep_prob": 0})
    assert e.value.field == "keep_prob"


def test_train_and_predict_grid():
    t = train({"dataset": "gaussian", "n_samples": 100, "epochs": 30})
    assert t.stopped == "completed" and t.epoch == 30
    grid = predict_grid(t, 7)
    assert len(grid["x1"]) == len(grid["x2"]) == 7
    probs = np.array(grid["probs"])
    assert probs.shape == (7, 7, 2)
    # gaussian: class 0 around (-2, -2), class 1 around (2, 2) -> the corners disagree
    assert probs[0, 0, 0] > 0.8 and probs[-1, -1, 1] > 0.8
