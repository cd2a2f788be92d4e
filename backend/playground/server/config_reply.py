"""The `config` reply of /ws/train, kept small: heavy parts go out only when they changed.

A drawing of 5000 points is ~200 KB of JSON and the run's data with augmented copies ~2 MB. Echoing them on
every learning-rate change made one client's slider drag cost every other session event-loop time, so:
- the drawn lists (`points`, `dev_points`, `test_points`) are echoed only when they differ from the ones in
  the previous reply; unchanged ones are left out of `config` and named in `unchanged`;
- `data` (the run's points) goes out only when the run's Dataset object changed since the last reply.
"""

from __future__ import annotations

from playground.server.dataset_json import dataset_json

DRAWN = ("points", "dev_points", "test_points")


class ConfigEcho:
    """Remembers what the last replies carried, to leave out what the client has already."""

    def __init__(self) -> None:
        self._echoed: dict[str, list] = {}  # drawn list name -> the value last echoed
        self._sent_dataset = None  # the Dataset whose points went out last

    def reply(self, cfg, mid, rebuilt: bool, dataset) -> dict:
        """{"type": "config", "id", "config", "rebuilt", "unchanged"[, "data"]} for an applied config."""
        unchanged = [k for k in DRAWN if k in self._echoed and self._echoed[k] == getattr(cfg, k)]
        for k in DRAWN:
            self._echoed[k] = getattr(cfg, k)
        config = cfg.model_dump(mode="json", exclude=set(unchanged))
        reply = {"type": "config", "id": mid, "config": config, "rebuilt": rebuilt, "unchanged": unchanged}
        if dataset is not self._sent_dataset:
            self._sent_dataset = dataset
            reply["data"] = dataset_json(dataset)
        return reply
