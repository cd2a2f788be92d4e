"""The experiment schemas: the single source of truth for the URL, the websocket, the CLI and the engine.

Every field has a default and bounds. The generated JSON Schema lives in ``shared/schema/`` and a test fails
when it is stale (``python -m playground.schema_export`` rewrites it).
"""

from __future__ import annotations

import math
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator, model_validator

Dataset = Literal["circles", "moons", "xor", "gaussian", "spiral", "flower", "blobs", "custom"]
Feature = Literal["x1", "x2", "x1^2", "x2^2", "x1x2", "sin_x1", "sin_x2"]
Activation = Literal["relu", "leaky_relu", "tanh", "sigmoid", "linear"]
Init = Literal["zeros", "random", "xavier", "he"]
OptimizerName = Literal["gd", "momentum", "rmsprop", "adam"]
LrDecay = Literal["none", "inverse", "exponential", "inverse_sqrt", "staircase"]

MAX_POINTS = 5000
MAX_LAYERS = 8
MAX_UNITS = 64
MAX_CLASSES = 6
SEED_MAX = 2**31 - 1


def _array_as_tuple(v: object) -> object:
    """JSON has arrays, not tuples: strict mode would refuse a list for a tuple field, so convert it first."""
    return tuple(v) if isinstance(v, list) else v


# A drawn point: [x1, x2, label]. Coordinates are finite floats; the label is checked against `classes`.
Point = Annotated[
    tuple[
        Annotated[float, Field(allow_inf_nan=False, ge=-1e6, le=1e6)],
        Annotated[float, Field(allow_inf_nan=False, ge=-1e6, le=1e6)],
        Annotated[int, Field(ge=0, le=MAX_CLASSES - 1)],
    ],
    BeforeValidator(_array_as_tuple),
]
Width = Annotated[int, Field(ge=1, le=MAX_UNITS)]


class Strict(BaseModel):
    """Base for every schema: unknown keys are errors, NaN/Infinity never validate, and types are strict.

    Strict types: "5", true or 1 is not silently taken for an int, a bool or a float field's value (an int
    still counts as a float); tuple fields accept JSON arrays through `_array_as_tuple`.
    """

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False, validate_assignment=True, strict=True)


class LrSchedule(Strict):
    """Learning-rate decay fields shared by the experiment and the optimizer race."""

    lr_decay: LrDecay = Field("none", description="Learning-rate decay schedule (epochs count from 1).")
    decay_rate: float = Field(1.0, ge=0.0, le=10.0, description="The schedule's rate.")
    decay_interval: int = Field(
        1, ge=1, le=100_000, description="Epochs per decay step: k = floor(e / interval)."
    )


class ExperimentConfig(LrSchedule):
    """One experiment: data, inputs, network, initialization, optimization, regularization."""

    # data
    dataset: Dataset = Field("circles", description="Data generator, or `custom` for drawn points.")
    n_samples: int = Field(400, ge=10, le=MAX_POINTS, description="Number of generated points.")
    noise: float = Field(0.1, ge=0.0, le=1.0, description="Noise level of the generator.")
    classes: int = Field(2, ge=2, le=MAX_CLASSES, description="Number of classes (blobs, spiral, custom).")
    dev_ratio: float = Field(0.25, ge=0.0, le=0.9, description="Share of generated points held out for dev.")
    test_ratio: float = Field(0.0, ge=0.0, le=0.9, description="Share of generated points held out for test.")
    data_seed: int = Field(0, ge=0, le=SEED_MAX, description="Seed of the data generator and the split.")
    points: list[Point] = Field(default_factory=list, description="Custom training points [x1, x2, label].")
    dev_points: list[Point] = Field(default_factory=list, description="Custom dev points [x1, x2, label].")
    test_points: list[Point] = Field(default_factory=list, description="Custom test points [x1, x2, label].")
    augment_copies: int = Field(
        0, ge=0, le=10, description="Data augmentation: jittered copies of each training point; 0 = off."
    )
    augment_jitter: float = Field(0.1, ge=0.0, le=2.0, description="Std of the jitter added to each copy.")
    # inputs
    features: list[Feature] = Field(
        default_factory=lambda: ["x1", "x2"], min_length=1, max_length=7, description="Input features."
    )
    normalize_inputs: bool = Field(True, description="Standardize inputs with the training mean and std.")
    # network
    hidden: list[Width] = Field(
        default_factory=lambda: [4, 2], max_length=MAX_LAYERS, description="Hidden layer widths."
    )
    activation: Activation | list[Activation] = Field(
        "tanh", description="Hidden activation, or one per hidden layer."
    )
    # initialization
    init: Init = Field("xavier", description="Weight initialization; biases start at zero.")
    init_scale: float = Field(0.01, gt=0.0, le=100.0, description="Scale of `random` init: N(0,1) * scale.")
    # optimization
    optimizer: OptimizerName = Field("adam", description="Update rule.")
    learning_rate: float = Field(0.01, gt=0.0, le=10.0, description="Learning rate alpha.")
    beta: float = Field(0.9, ge=0.0, lt=1.0, description="Momentum beta.")
    beta1: float = Field(0.9, ge=0.0, lt=1.0, description="Adam first-moment beta1.")
    beta2: float = Field(0.999, ge=0.0, lt=1.0, description="RMSprop / Adam second-moment beta2.")
    epsilon: float = Field(1e-8, gt=0.0, le=1.0, description="Epsilon of RMSprop / Adam.")
    mini_batch_size: int = Field(32, ge=0, le=MAX_POINTS, description="Mini-batch size; 0 = full batch.")
    epochs: int = Field(500, ge=1, le=1_000_000, description="Epochs to train.")
    # regularization
    l2: float = Field(0.0, ge=0.0, le=100.0, description="L2 regularization lambda.")
    keep_prob: float = Field(1.0, gt=0.0, le=1.0, description="Dropout keep probability; 1 = no dropout.")
    batch_norm: bool = Field(False, description="Batch normalization of every hidden layer's z.")
    early_stopping: int = Field(0, ge=0, le=100_000, description="Patience in epochs on dev cost; 0 = off.")
    seed: int = Field(0, ge=0, le=SEED_MAX, description="Seed of initialization, shuffling and dropout.")

    @field_validator("features")
    @classmethod
    def _unique_features(cls, v: list[str]) -> list[str]:
        if len(set(v)) != len(v):
            raise ValueError("features must not repeat")
        return v

    @model_validator(mode="after")
    def _consistent(self) -> ExperimentConfig:
        if isinstance(self.activation, list) and len(self.activation) != len(self.hidden):
            raise ValueError(
                f"activation: a list needs one entry per hidden layer ({len(self.hidden)}), "
                f"got {len(self.activation)}"
            )
        if self.dev_ratio + self.test_ratio > 0.9:
            raise ValueError("dev_ratio + test_ratio must be at most 0.9 (training needs points)")
        drawn = len(self.points) + len(self.dev_points) + len(self.test_points)
        if drawn > MAX_POINTS:
            raise ValueError(f"points: at most {MAX_POINTS} drawn points in all, got {drawn}")
        for name in ("points", "dev_points", "test_points"):
            for i, p in enumerate(getattr(self, name)):
                if p[2] >= self.classes:
                    raise ValueError(
                        f"{name}[{i}]: label {p[2]} is out of range for classes={self.classes} "
                        f"(allowed 0..{self.classes - 1})"
                    )
        if self.dataset == "custom" and not self.points:
            raise ValueError("points: custom data needs at least one training point (draw some)")
        has_dev = bool(self.dev_points) if self.dataset == "custom" else self.dev_ratio > 0
        if self.early_stopping > 0 and not has_dev:
            raise ValueError("early_stopping: needs a dev set: set dev_ratio > 0 or draw dev points")
        return self

    @property
    def activations(self) -> list[str]:
        """One activation name per hidden layer."""
        a = self.activation
        return list(a) if isinstance(a, list) else [a] * len(self.hidden)

    @property
    def n_classes(self) -> int:
        """Output classes: `classes` for blobs, spiral and custom data; 2 for the other generators."""
        return self.classes if self.dataset in ("blobs", "spiral", "custom") else 2


class RacerConfig(Strict):
    """One optimizer in the race: its own hyperparameters (defaults as in the engine)."""

    learning_rate: float | None = Field(
        None, gt=0.0, le=100.0, description="Learning rate alpha; null = the surface's default for the racer."
    )
    beta: float = Field(0.9, ge=0.0, lt=1.0)
    beta1: float = Field(0.9, ge=0.0, lt=1.0)
    beta2: float = Field(0.999, ge=0.0, lt=1.0)
    epsilon: float = Field(1e-8, gt=0.0, le=1.0)


Surface = Literal[
    "elongated_bowl",
    "rosenbrock",
    "beale",
    "saddle",
    "monkey_saddle",
    "himmelblau",
    "plateau",
    "course_quadratic",
    "dataset_logistic",
]

Coordinate = Annotated[float, Field(allow_inf_nan=False)]
MAX_EWA_VALUE = 1e12  # any value, in degC or converted to degF, and its averages stay far from overflow


class RaceConfig(LrSchedule):
    """The optimizer race: optimizers start at the same point of a 2D surface."""

    surface: Surface = Field("elongated_bowl", description="The cost surface.")
    start: Annotated[tuple[Coordinate, Coordinate], BeforeValidator(_array_as_tuple)] | None = Field(
        None, description="Start point [x, y] in the surface's domain; null = the surface's default."
    )
    steps: int | None = Field(
        None, ge=1, le=20_000, description="Steps per racer; null = the surface's default (200 for most)."
    )
    learning_rate: float | None = Field(
        None, gt=0.0, le=100.0, description="Same alpha for all: overrides every racer's learning_rate."
    )
    noise: float = Field(0.0, ge=0.0, le=10.0, description="Std of Gaussian noise added to each gradient.")
    seed: int = Field(0, ge=0, le=SEED_MAX, description="Seed of the gradient noise.")
    optimizers: dict[OptimizerName, RacerConfig] = Field(
        default_factory=lambda: {name: RacerConfig() for name in ("gd", "momentum", "rmsprop", "adam")},
        description="The racers and their hyperparameters.",
    )
    # The dataset_logistic surface is built from the playground's data fields.
    data: ExperimentConfig | None = Field(None, description="Data for the dataset_logistic surface.")

    @model_validator(mode="after")
    def _start_in_domain(self) -> RaceConfig:
        from playground.engine.surfaces import DOMAINS  # numpy only; imported late to keep config light

        x0, x1, y0, y1 = DOMAINS[self.surface]
        if self.start is not None and not (x0 <= self.start[0] <= x1 and y0 <= self.start[1] <= y1):
            raise ValueError(
                f"start: [{self.start[0]:g}, {self.start[1]:g}] lies outside the {self.surface} domain "
                f"x in [{x0:g}, {x1:g}], y in [{y0:g}, {y1:g}]"
            )
        return self

    @property
    def data_config(self) -> ExperimentConfig:
        """The data behind dataset_logistic: `data`, or the playground's defaults."""
        return self.data if self.data is not None else ExperimentConfig()


class EwaConfig(Strict):
    """The exponentially weighted averages lab."""

    series: str | None = Field(
        "seattle_2012", pattern=r"^[a-z0-9_]{1,64}$", description="Name of a shipped series."
    )
    values: list[Annotated[float, Field(ge=-MAX_EWA_VALUE, le=MAX_EWA_VALUE)]] | None = Field(
        None, max_length=20_000, description="A series of one's own (instead of `series`)."
    )
    betas: list[Annotated[float, Field(ge=0.0, lt=1.0)]] = Field(
        default_factory=lambda: [0.5, 0.9, 0.98], min_length=1, max_length=8, description="The betas."
    )
    bias_correction: bool = Field(True, description="Divide by (1 - beta^t).")
    unit: Literal["C", "F"] = Field(
        "C", description="Temperature unit: series and values are degC; F converts them before averaging."
    )

    @model_validator(mode="after")
    def _one_source(self) -> EwaConfig:
        if self.values is None and self.series is None:
            raise ValueError("give either series (a shipped series name) or values (a list of numbers)")
        if self.values is not None and len(self.values) == 0:
            raise ValueError("values must not be empty")
        if self.values is not None and self.series is not None and "series" in self.model_fields_set:
            raise ValueError("series, values: give one source, not both (set series to null to use values)")
        return self


def is_finite_number(x: object) -> bool:
    """True for a finite int/float (used by the wire encoders to refuse NaN/Infinity)."""
    return isinstance(x, int | float) and math.isfinite(x)


# --- The tuning lab (issue 8): a random or grid search over numeric fields of ExperimentConfig. ---

MAX_TRIALS = 1000
SweepScale = Literal["linear", "log", "one_minus_log"]


class ParamRange(Strict):
    """How one hyperparameter is searched: a range on a scale, or a list of values."""

    min: float | None = Field(None, description="Lower end of the range (in the field's own units).")
    max: float | None = Field(None, description="Upper end of the range.")
    scale: SweepScale = Field(
        "linear", description="linear: uniform; log: 10^r, r uniform; one_minus_log: 1 - 10^r (for betas)."
    )
    values: list[Annotated[float, Field(allow_inf_nan=False)]] | None = Field(
        None, min_length=1, max_length=100, description="Explicit values to choose from (instead of a range)."
    )

    @model_validator(mode="after")
    def _range_or_values(self) -> ParamRange:
        if self.values is not None:
            if self.min is not None or self.max is not None:
                raise ValueError("give either min/max (with a scale) or values, not both")
            return self
        if self.min is None or self.max is None:
            raise ValueError("give min and max (and a scale), or a list of values")
        if self.min >= self.max:
            raise ValueError(f"min must be below max (got min={self.min}, max={self.max})")
        if self.scale == "log" and self.min <= 0:
            raise ValueError(f"a log scale samples 10^r, so min must be > 0 (got min={self.min})")
        if self.scale == "one_minus_log" and not (0 < self.min and self.max < 1):
            raise ValueError(
                f"one_minus_log samples beta = 1 - 10^r: min and max must lie in (0, 1) "
                f"(got min={self.min}, max={self.max})"
            )
        return self


class SweepConfig(Strict):
    """A hyperparameter search: trials of `base` with the `params` fields sampled at random or on a grid."""

    base: ExperimentConfig = Field(default_factory=ExperimentConfig, description="The experiment to vary.")
    params: dict[str, ParamRange] = Field(
        ..., min_length=1, max_length=12, description="Field name -> range; also hidden_units and layers."
    )
    trials: int = Field(20, ge=1, le=MAX_TRIALS, description="Number of trials (a grid uses at most this).")
    method: Literal["random", "grid"] = Field("random", description="Random search (default) or a grid.")
    seed: int = Field(0, ge=0, le=SEED_MAX, description="Seed of the sampling.")
    executor: Literal["local", "processes", "dask"] = Field("local", description="Where trials run.")
    dask_address: str | None = Field(
        None,
        pattern=r"^(tcp|tls|inproc)://[^\s]{1,200}$",
        description="Dask scheduler, e.g. tcp://host:8786.",
    )

    @field_validator("params")
    @classmethod
    def _known_fields(cls, params: dict[str, ParamRange], info) -> dict[str, ParamRange]:
        from playground.tuning.space import check_params  # lazy: the tuning package imports this module

        base = info.data.get("base")
        if base is not None:
            check_params(base, params)
        return params

    @model_validator(mode="after")
    def _dask_needs_address(self) -> SweepConfig:
        if self.executor == "dask" and not self.dask_address:
            raise ValueError("executor 'dask' needs dask_address (e.g. tcp://127.0.0.1:8786)")
        return self
