"""The /ws/train protocol's client messages (version PROTOCOL): one strict pydantic model per `type`.

shared/PROTOCOL.md is the prose; `python -m playground.schema_export` writes these models' JSON Schema into
shared/schema/train_protocol.json. Every message may carry an `id` (echoed in replies and in the `ack` field
of the first frame rendered after the message took effect) so a client can match answers and measure latency.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from playground.config import Strict
from playground.server.wsbase import WireError, validate

PROTOCOL = 1
MAX_STEP = 100_000  # steps per `step` message
MAX_EPOCHS_PER_SECOND = 100_000  # view.max_epochs_per_second (0 = unpaced)
HIDDEN_FPS = 2.0  # frames per second at most while the page says it is hidden (view.visible false)

MessageId = int | str | None


class Message(Strict):
    """Fields every client message may carry."""

    id: MessageId = Field(None, description="Echoed back so the client can match replies (<= 64 chars).")


class ConfigMessage(Message):
    """A full or partial ExperimentConfig; partial updates merge onto the current config."""

    type: Literal["config"]
    config: dict[str, Any] = Field(description="ExperimentConfig fields (all or some).")
    replace: bool = Field(False, description="True: start from the defaults instead of the current config.")


class PlayMessage(Message):
    type: Literal["play"]


class PauseMessage(Message):
    type: Literal["pause"]


class StepMessage(Message):
    """Train exactly `n` mini-batch steps, send a frame, stay paused."""

    type: Literal["step"]
    n: int = Field(1, ge=1, le=MAX_STEP, description="Mini-batch steps.")


class ResetMessage(Message):
    """Re-initialize the network (same seed: the same run again); keep the config; pause."""

    type: Literal["reset"]


class GradcheckMessage(Message):
    """Compare backprop with two-sided differences at the current parameters (dropout off)."""

    type: Literal["gradcheck"]
    epsilon: float = Field(1e-7, ge=1e-10, le=1e-2, description="Two-sided difference step.")
    broken_backprop: bool = Field(
        False,
        description="Demo only (the gradient-checking lesson): check a deliberately wrong backprop instead. "
        "Training never uses it.",
    )


class ViewOptions(Strict):
    """What frames carry and how often: a client on a slow link can ask for less."""

    resolution: int = Field(
        100, ge=10, le=200, description="Decision-boundary grid is resolution x resolution."
    )
    neurons: bool = Field(True, description="Send every hidden neuron's output on a coarse grid.")
    neuron_resolution: int = Field(20, ge=4, le=50, description="Side of each neuron's grid.")
    weights: bool = Field(True, description="Send all weights and biases.")
    max_fps: float = Field(30.0, ge=1.0, le=60.0, description="Upper bound on frames per second.")
    max_epochs_per_second: int = Field(
        0,
        ge=0,
        le=MAX_EPOCHS_PER_SECOND,
        description="Train at most this many epochs per second so a class can watch learning happen "
        "(0: as fast as the server can). Only wall-clock speed changes: the numbers stay the same.",
    )
    baseline_error: float = Field(
        0.0,
        ge=0.0,
        le=1.0,
        description="Human-level (Bayes) error the diagnosis measures avoidable bias against: "
        "avoidable bias = training error - baseline_error.",
    )
    visible: bool = Field(
        True,
        description="False: the page is hidden (a background tab). Training goes on; frames leave the "
        f"boundary and neuron grids out (header grid 0) and come at most {HIDDEN_FPS:g} a second.",
    )


class ViewMessage(Message):
    """Change view options; omitted fields keep their value."""

    type: Literal["view"]
    resolution: int | None = Field(None, ge=10, le=200)
    neurons: bool | None = None
    neuron_resolution: int | None = Field(None, ge=4, le=50)
    weights: bool | None = None
    max_fps: float | None = Field(None, ge=1.0, le=60.0)
    max_epochs_per_second: int | None = Field(None, ge=0, le=MAX_EPOCHS_PER_SECOND)
    baseline_error: float | None = Field(None, ge=0.0, le=1.0)
    visible: bool | None = None


class PingMessage(Message):
    """Answered at once with `{"type": "pong", "id"}` (no training involved)."""

    type: Literal["ping"]


class JoinMessage(Message):
    """Join a classroom room (shared/protocol/class.md): answered by `joined`, or an error (`unknown_room`,
    `name_taken`, `room_full`, `invalid_name`, `rate_limited`, ...) after which the session goes on alone."""

    type: Literal["join"]
    room: str = Field(max_length=40, description="The room's join code (case and dashes ignored).")
    name: str = Field(
        max_length=1000, description="Display name: 1-24 characters after trimming, unique in the room."
    )
    token: str | None = Field(
        None, max_length=200, description="`student_token` of an earlier `joined`: rejoin under that name."
    )


class LeaveMessage(Message):
    """Leave the room; the session goes on alone with its config."""

    type: Literal["leave"]


MESSAGES: dict[str, type[Message]] = {
    "config": ConfigMessage,
    "play": PlayMessage,
    "pause": PauseMessage,
    "step": StepMessage,
    "reset": ResetMessage,
    "gradcheck": GradcheckMessage,
    "view": ViewMessage,
    "ping": PingMessage,
    "join": JoinMessage,
    "leave": LeaveMessage,
}


def parse_command(msg: dict) -> Message:
    """Validate a parsed client message by its `type`; WireError naming the field otherwise."""
    kind = msg["type"]
    model = MESSAGES.get(kind)
    if model is None:
        raise WireError(
            "unknown_type", "type", f"unknown message type {kind[:40]!r}; expected one of {list(MESSAGES)}"
        )
    mid = msg.get("id")
    if isinstance(mid, str) and len(mid) > 64:
        raise WireError("invalid_message", "id", "id must be at most 64 characters")
    return validate(model, msg, code="invalid_message")


def apply_view(view: ViewOptions, msg: ViewMessage) -> ViewOptions:
    """The view options after a `view` message (omitted fields unchanged)."""
    changes = msg.model_dump(exclude={"type", "id"}, exclude_none=True)
    return view.model_copy(update=changes)
