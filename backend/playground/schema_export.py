"""Write the JSON Schemas of the configs and /ws/train messages into shared/schema/.

Run `python -m playground.schema_export` after changing playground/config.py or playground/server/protocol.py;
tests/test_schema_fresh.py fails when a file here is stale, so a schema change cannot ship without its JSON.
"""

from __future__ import annotations

import json
import sys
from typing import Annotated, Union

from pydantic import BaseModel, Field, TypeAdapter

from playground.config import EwaConfig, ExperimentConfig, RaceConfig, SweepConfig
from playground.resources import SHARED

SCHEMA_DIR = SHARED / "schema"


def _protocol_schema() -> dict:
    """One schema for every client message of /ws/train, discriminated by `type`."""
    from playground.server.protocol import MESSAGES, PROTOCOL

    union = Annotated[Union[tuple(MESSAGES.values())], Field(discriminator="type")]  # noqa: UP007
    schema = TypeAdapter(union).json_schema()
    schema["title"] = f"/ws/train client messages, protocol {PROTOCOL}"
    return schema


def schemas() -> dict[str, dict]:
    """File name -> JSON Schema, in the exact form written to disk."""
    models: dict[str, type[BaseModel]] = {
        "experiment.json": ExperimentConfig,
        "race.json": RaceConfig,
        "ewa.json": EwaConfig,
        "sweep.json": SweepConfig,
    }
    out = {name: model.model_json_schema() for name, model in models.items()}
    out["train_protocol.json"] = _protocol_schema()
    return out


def render(schema: dict) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def main() -> int:
    SCHEMA_DIR.mkdir(parents=True, exist_ok=True)
    for name, schema in schemas().items():
        (SCHEMA_DIR / name).write_text(render(schema), encoding="utf-8")
        print(f"wrote shared/schema/{name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
