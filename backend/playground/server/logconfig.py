"""Logging of `playground serve`: every log line on stdout, where containers and process managers read them.

uvicorn's own configuration sends its server log to stderr (only the access log to stdout); this is that
configuration with both on stdout, plus the app's `playground.*` loggers (e.g. the tuning lab, the worker
supervisor) through the same handler and format. A plain dict: it travels to spawned worker processes.
"""

from __future__ import annotations

import copy


def stdout_logging() -> dict:
    """A logging.config.dictConfig for uvicorn.Config(log_config=...); levels come from its log_level."""
    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    for handler in config["handlers"].values():
        handler["stream"] = "ext://sys.stdout"
    config["loggers"]["playground"] = {"handlers": ["default"], "level": "INFO", "propagate": False}
    return config
