"""Frames carry the test split's cost and accuracy (for display) when there is a test split, and only then."""

from __future__ import annotations

from train_client import TrainClient

from playground.config import ExperimentConfig
from playground.engine.trainer import Trainer

TASK = {"dataset": "moons", "test_ratio": 0.2, "hidden": [4], "epochs": 1000}


def test_frames_carry_the_test_split_numbers_of_the_current_parameters(live_server):
    with TrainClient(live_server.ws) as c:
        c.send(type="config", config=TASK, id="setup")
        c.json("config")
        c.send(type="step", n=7, id="s")
        header, _ = c.frame(lambda h: h["ack"] == "s")
    reference = Trainer(ExperimentConfig(**TASK))
    reference.train_steps(7)
    cost, accuracy = reference.evaluate("test")
    assert header["step"] == 7
    assert header["train"]["test_cost"] == cost  # same config, same steps: the same bits
    assert header["train"]["test_accuracy"] == accuracy


def test_no_test_split_no_test_numbers(live_server):
    with TrainClient(live_server.ws) as c:
        c.send(type="config", config={**TASK, "test_ratio": 0.0}, id="setup")
        c.json("config")
        c.send(type="step", n=1, id="s")
        header, _ = c.frame(lambda h: h["ack"] == "s")
    assert "test_cost" not in header["train"] and "test_accuracy" not in header["train"]
