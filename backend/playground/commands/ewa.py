"""`playground ewa CONFIG.json`: exponentially weighted averages of a series, as JSON.

Output: ``{"values": [...], "averages": {"0.9": [...], ...}}``, one average per input value, for each beta
(keyed by the beta as written in JSON), bias-corrected unless the config says ``"bias_correction": false``.
"""

from __future__ import annotations

from playground.commands.common import config_command, interruptible
from playground.config import EwaConfig
from playground.ewa_data import SeriesError
from playground.ewa_lab import compute
from playground.validation import ConfigError, parse_model


def add_arguments(parser) -> None:
    parser.add_argument("config", help="EwaConfig JSON file (- reads stdin)")


def beta_key(beta: float) -> str:
    """The JSON key of a beta: its shortest round-trip text ("0.9", "0.98", "0" for 0.0)."""
    return repr(float(beta)) if beta != int(beta) else str(int(beta))


def ewa_result(config: EwaConfig | dict) -> dict:
    """The `playground ewa` object for a config (an EwaConfig or a dict validated as one)."""
    cfg = config if isinstance(config, EwaConfig) else parse_model(EwaConfig, config)
    # The output is keyed by beta, so a repeated beta would silently collapse into one key. (The EWA page
    # may repeat one on purpose: its live slider can sit on a fixed beta; its arrays go by position.)
    dup = next((b for i, b in enumerate(cfg.betas) if b in cfg.betas[:i]), None)
    if dup is not None:
        raise ConfigError("betas", f"{beta_key(dup)} is listed twice (the output has one key per beta)")
    try:
        result = compute(cfg)
    except SeriesError as e:
        raise ConfigError("series", str(e).removeprefix("series: "), cfg.series) from None
    return {
        "values": result.values.tolist(),
        "averages": {beta_key(b): row.tolist() for b, row in zip(cfg.betas, result.averages, strict=True)},
    }


@interruptible
def main(args) -> int:
    return config_command(EwaConfig, args.config, ewa_result)
