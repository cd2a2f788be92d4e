"""The gradient-checking lesson's broken backprop: on request for one check only, never for training."""

from __future__ import annotations

from train_client import TrainClient

TASK = {"dataset": "moons", "hidden": [4, 3], "activation": "tanh", "l2": 0.01}


def test_broken_backprop_is_flagged_for_one_check_only(live_server):
    with TrainClient(live_server.ws) as c:
        c.send(type="config", config=TASK, id="setup")
        c.json("config")
        c.send(type="gradcheck", id="ok")
        good = c.json("gradcheck")
        c.send(type="gradcheck", id="bad", broken_backprop=True)
        bad = c.json("gradcheck")
        c.send(type="gradcheck", id="again")
        again = c.json("gradcheck")
    # course thresholds: ~1e-7 fine, 1e-3 probably a bug
    assert good["difference"] < 1e-7 and not good["broken_backprop"]
    assert bad["difference"] > 1e-3 and bad["broken_backprop"] and bad["id"] == "bad"
    assert again["difference"] == good["difference"]  # the switch did not stick
