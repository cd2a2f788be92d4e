"""shared/schema/*.json must equal what playground.schema_export generates from the models today."""

from __future__ import annotations

import json

from playground.config import ExperimentConfig
from playground.schema_export import SCHEMA_DIR, render, schemas


def test_every_schema_file_is_fresh():
    for name, schema in schemas().items():
        path = SCHEMA_DIR / name
        assert path.exists(), f"shared/schema/{name} is missing: run `python -m playground.schema_export`"
        assert path.read_text(encoding="utf-8") == render(schema), (
            f"shared/schema/{name} is stale: run `python -m playground.schema_export`"
        )


def test_experiment_schema_carries_the_bounds_of_the_model():
    data = json.loads((SCHEMA_DIR / "experiment.json").read_text(encoding="utf-8"))
    lr = data["properties"]["learning_rate"]
    field = ExperimentConfig.model_fields["learning_rate"]
    bounds = {type(m).__name__: m for m in field.metadata}
    assert lr["exclusiveMinimum"] == bounds["Gt"].gt
    assert lr["maximum"] == bounds["Le"].le
    assert lr["default"] == field.default
    assert data["additionalProperties"] is False


def test_protocol_schema_lists_every_client_message_type():
    from playground.server.protocol import MESSAGES

    data = json.loads((SCHEMA_DIR / "train_protocol.json").read_text(encoding="utf-8"))
    assert set(data["discriminator"]["mapping"]) == set(MESSAGES)
