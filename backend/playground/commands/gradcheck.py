"""`playground gradcheck CONFIG.json`: backprop vs two-sided differences (eps = 1e-7) over every parameter.

Output: {"difference": ||d - d_approx|| / (||d|| + ||d_approx||), "verdict": "fine" | "look again" |
"probably a bug"} at the freshly initialized network, dropout off (engine/gradcheck.py has the thresholds).
"""

from __future__ import annotations

from playground.commands.common import config_command, interruptible
from playground.config import ExperimentConfig
from playground.engine.trainer import Trainer

EPSILON = 1e-7


def add_arguments(parser) -> None:
    parser.add_argument("config", help="ExperimentConfig JSON file (- reads stdin)")


@interruptible
def main(args) -> int:
    return config_command(ExperimentConfig, args.config, lambda cfg: Trainer(cfg).gradcheck(EPSILON))
