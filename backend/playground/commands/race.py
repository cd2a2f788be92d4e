"""`playground race CONFIG.json`: the optimizer race, as JSON.

Output: ``{"surface": ..., "paths": {"gd": [[x, y], ...], ...}, "costs": {"gd": [...], ...},
"diverged": {...}, "escaped": {...}, "learning_rates": {...}, "minima": [[x, y], ...]}``. Each path and cost
list starts at the start point. A racer that diverges stops: its path ends at its last good point and
``diverged`` maps it to the step that blew up; ``escaped`` likewise for a racer that ran downhill out of the
plot (the saddles are unbounded below). NaN and Infinity are never printed.
"""

from __future__ import annotations

from playground.commands.common import config_command, interruptible
from playground.config import RaceConfig
from playground.engine.race import Race, build_surface
from playground.validation import ConfigError, parse_model


def add_arguments(parser) -> None:
    parser.add_argument("config", help="RaceConfig JSON file (- reads stdin)")


def make_race(config: RaceConfig | dict) -> Race:
    """A Race for a config (a RaceConfig or a dict validated as one); ConfigError on bad input."""
    cfg = config if isinstance(config, RaceConfig) else parse_model(RaceConfig, config)
    try:
        return Race(cfg, build_surface(cfg))
    except ValueError as e:
        field = "data" if cfg.surface == "dataset_logistic" else "start"
        raise ConfigError(field, str(e).removeprefix("start: ")) from None


def race_result(config: RaceConfig | dict) -> dict:
    """The `playground race` object for a config."""
    return make_race(config).run().result()


@interruptible
def main(args) -> int:
    return config_command(RaceConfig, args.config, race_result)
