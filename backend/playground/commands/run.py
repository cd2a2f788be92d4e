"""`playground run CONFIG.json [--history] [--quiet]`: train one experiment headless, print one JSON object.

Output: train_cost, dev_cost, test_cost, train_accuracy, dev_accuracy, test_accuracy (null where a split is
empty), epochs_run, steps, seconds (training only), steps_per_second, stopped (completed | early_stopping |
diverged); --history adds the per-epoch train_cost, dev_cost, train_accuracy, dev_accuracy lists.
A progress bar goes to stderr for runs longer than a second unless --quiet.
"""

from __future__ import annotations

from playground.api import run
from playground.commands.common import config_command, interruptible
from playground.config import ExperimentConfig


def add_arguments(parser) -> None:
    parser.add_argument("config", help="ExperimentConfig JSON file (- reads stdin)")
    parser.add_argument("--history", action="store_true", help="add the per-epoch costs and accuracies")
    parser.add_argument("--quiet", action="store_true", help="no progress bar on stderr")


@interruptible
def main(args) -> int:
    return config_command(
        ExperimentConfig, args.config, lambda cfg: run(cfg, history=args.history, progress=not args.quiet)
    )
