"""/ws/tune on a real server: live trials, the same numbers as the CLI's sweep, errors that name the field."""

from __future__ import annotations

import json
import time

import pytest
from websockets.sync.client import connect

from playground.config import SweepConfig
from playground.tuning.runner import run_sweep

SMALL = {
    "base": {"epochs": 15, "n_samples": 200},
    "params": {
        "learning_rate": {"min": 1e-3, "max": 1.0, "scale": "log"},
        "beta1": {"min": 0.8, "max": 0.99, "scale": "one_minus_log"},
    },
    "trials": 6,
    "seed": 3,
}


def strict(text: str) -> dict:
    def refuse(name):
        raise AssertionError(f"{name} on the wire: {text[:200]}")

    return json.loads(text, parse_constant=refuse)


class TuneClient:
    def __init__(self, ws):
        self.ws = ws
        self.hello = strict(self.ws.recv(timeout=10))

    def send(self, **msg) -> None:
        self.ws.send(json.dumps(msg))

    def next(self, timeout: float = 30) -> dict:
        return strict(self.ws.recv(timeout=timeout))

    def round(self, timeout: float = 60) -> tuple[dict, list[dict], dict]:
        """(round message, trial messages, done message) of the next round."""
        opened = self.next(timeout)
        assert opened["type"] == "round", opened
        trials = []
        deadline = time.monotonic() + timeout
        while True:
            msg = self.next(max(0.1, deadline - time.monotonic()))
            if msg["type"] == "done":
                return opened, trials, msg
            assert msg["type"] == "trial" and msg["round"] == opened["round"], msg
            trials.append(msg)


@pytest.fixture()
def client(live_server):
    with connect(live_server.ws + "/ws/tune", max_size=2**24) as ws:
        yield TuneClient(ws)


def test_hello_lists_the_sweepable_fields_and_limits(client):
    h = client.hello
    assert h["type"] == "hello" and h["endpoint"] == "tune"
    assert h["fields"]["learning_rate"]["integer"] is False
    assert h["fields"]["mini_batch_size"]["integer"] is True
    assert {"hidden_units", "layers"} <= set(h["fields"])
    assert h["tune_limits"]["max_trials"] >= 25


def test_a_round_streams_every_trial_with_the_same_numbers_as_the_cli(client):
    client.send(type="start", sweep=SMALL)
    opened, trials, done = client.round()
    assert opened["trials"] == 6 and opened["sweep"]["params"] == SMALL["params"]
    assert sorted(t["index"] for t in trials) == list(range(6))
    assert done["stopped"] is False
    expected = {r["index"]: r for r in run_sweep(SweepConfig.model_validate(SMALL))}
    for t in trials:
        want = expected[t["index"]]
        assert t["params"] == want["params"]
        for key in ("train_cost", "dev_cost", "train_accuracy", "dev_accuracy"):
            assert t[key] == pytest.approx(want[key], abs=1e-12)
        assert (t["status"], t["epochs"]) == (want["status"], want["epochs"])


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"params": {"learning_rte": {"min": 0.1, "max": 1}}}, "sweep.params", "not a numeric field"),
        ({"params": {"learning_rate": {"min": 1, "max": 0.1}}}, "sweep.params.learning_rate", "below max"),
        (
            {"params": {"beta": {"min": 0.9, "max": 1.2, "scale": "one_minus_log"}}},
            "sweep.params.beta",
            "(0, 1)",
        ),
        ({"trials": 201}, "sweep.trials", "at most 200"),
        ({"executor": "dask", "dask_address": "tcp://127.0.0.1:1"}, "sweep.executor", "playground sweep"),
        ({"trials": 200, "base": {"epochs": 100_000}}, "sweep.trials", "sample-epochs"),
    ],
)
def test_bad_sweeps_get_one_error_naming_the_field_and_the_session_goes_on(client, change, field, words):
    client.send(type="start", sweep={**SMALL, **change})
    err = client.next()
    assert err["type"] == "error" and err["field"] == field, err
    assert words in err["message"]
    client.send(type="start", sweep={**SMALL, "trials": 2})
    opened, trials, done = client.round()
    assert len(trials) == 2 and not done["stopped"]


def test_a_diverged_trial_is_marked_and_the_round_goes_on(client):
    sweep = {
        "base": {"epochs": 10, "optimizer": "momentum", "activation": "linear", "hidden": [8, 8]},
        "params": {"learning_rate": {"values": [0.01, 10.0]}},
        "trials": 2,
        "method": "grid",
    }
    client.send(type="start", sweep=sweep)
    _, trials, done = client.round()
    by_lr = {t["params"]["learning_rate"]: t for t in trials}
    assert by_lr[10.0]["status"] == "diverged" and by_lr[10.0]["train_cost"] is None
    assert by_lr[0.01]["status"] == "completed" and by_lr[0.01]["train_cost"] is not None
    assert not done["stopped"]


def test_stop_and_restart_cut_a_long_round_short(client):
    long = {**SMALL, "trials": 40, "base": {"epochs": 3000, "n_samples": 400}}
    client.send(type="start", sweep=long)
    assert client.next()["type"] == "round"
    started = time.monotonic()
    client.send(type="stop")
    msg = client.next()
    while msg["type"] == "trial":
        msg = client.next()
    assert msg["type"] == "done" and msg["stopped"] is True
    assert time.monotonic() - started < 5
    # a new start while a round runs stops it first
    client.send(type="start", sweep=long)
    first = client.next()
    client.send(type="start", sweep={**SMALL, "trials": 1})
    msg = client.next()
    while msg["type"] == "trial":
        msg = client.next()
    assert msg == {**msg, "type": "done", "round": first["round"], "stopped": True}
    opened, trials, done = client.round()
    assert opened["round"] == first["round"] + 1 and len(trials) == 1
