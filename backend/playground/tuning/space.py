"""The search space: which fields a sweep may vary, and how a trial's values become an ExperimentConfig.

Every numeric (int or float) field of ExperimentConfig can be swept, plus two derived ones that reshape
`hidden`: `hidden_units` (the width of every hidden layer) and `layers` (the number of hidden layers).
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from playground.config import MAX_LAYERS, MAX_UNITS, ExperimentConfig, ParamRange

DERIVED = {"hidden_units": (1, MAX_UNITS), "layers": (0, MAX_LAYERS)}


def sweepable_fields() -> dict[str, type]:
    """Field name -> int or float, for every field a sweep may vary."""
    out: dict[str, type] = {
        name: f.annotation
        for name, f in ExperimentConfig.model_fields.items()
        if f.annotation in (int, float)
    }
    out.update({name: int for name in DERIVED})
    return out


def is_integer(name: str) -> bool:
    return sweepable_fields()[name] is int


def apply_params(base: ExperimentConfig, values: dict[str, Any]) -> ExperimentConfig:
    """A new, validated config: `base` with the trial's values (pydantic ValidationError if invalid)."""
    data = base.model_dump()
    width = values.get("hidden_units")
    depth = values.get("layers")
    if width is not None or depth is not None:
        hidden = list(base.hidden)
        depth = len(hidden) if depth is None else int(depth)
        width = (hidden[0] if hidden else 4) if width is None else int(width)
        data["hidden"] = [width] * depth
        if depth != len(base.hidden) and isinstance(base.activation, list):
            # A per-layer list cannot follow a changing depth: every layer takes the first layer's activation.
            data["activation"] = base.activations[0] if base.activations else "tanh"
    for name, v in values.items():
        if name not in DERIVED:
            data[name] = v
    return ExperimentConfig.model_validate(data)


def check_params(base: ExperimentConfig, params: dict[str, ParamRange]) -> None:
    """Refuse unknown fields and ranges outside the field's own bounds (ValueError naming the field)."""
    fields = sweepable_fields()
    if "hidden_units" in params and not base.hidden and "layers" not in params:
        # every trial would train the same network (no layer to widen) while reporting different widths
        raise ValueError("hidden_units: the base network has no hidden layer; add one or sweep layers too")
    for name, rng in params.items():
        if name not in fields:
            allowed = ", ".join(sorted(fields))
            raise ValueError(f"{name!r} is not a numeric field that a sweep can vary; allowed: {allowed}")
        if fields[name] is int and rng.scale == "one_minus_log" and rng.values is None:
            raise ValueError(
                f"{name}: one_minus_log is for fields in (0, 1) such as beta; {name} is an integer"
            )
        ends = rng.values if rng.values is not None else [rng.min, rng.max]
        for v in ends:
            value = round(v) if fields[name] is int else v
            if fields[name] is int and rng.values is not None and v != value:
                raise ValueError(f"{name}: {v} is not an integer")
            try:
                apply_params(base, {name: value})
            except ValidationError as e:
                err = e.errors(include_url=False)[0]
                msg = err["msg"].removeprefix("Value error, ")
                raise ValueError(f"{name}: {v} is not allowed ({msg})") from None
