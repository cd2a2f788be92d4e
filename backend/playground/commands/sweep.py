"""`playground sweep SWEEP.json`: a random or grid hyperparameter search; prints {"trials": [...]} as JSON.

A progress bar goes to stderr; stdout carries only the JSON. Bad input exits 2 with one line naming the field.
"""

from __future__ import annotations

import argparse
import sys

from tqdm import tqdm

from playground.commands.common import fail, interruptible, print_json, read_config
from playground.config import SweepConfig
from playground.tuning.executors import make_executor
from playground.tuning.runner import iter_sweep
from playground.tuning.sampling import sample_trials
from playground.validation import ConfigError, parse_model


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("sweep", help="SweepConfig JSON file (`-` reads stdin)")
    parser.add_argument(
        "--executor", choices=("local", "processes", "dask"), help="override the file's executor"
    )
    parser.add_argument(
        "--dask", metavar="ADDRESS", help="Dask scheduler, e.g. tcp://host:8786 (implies dask)"
    )
    parser.add_argument(
        "--workers", type=int, metavar="N", help="processes for the process pool (default: cores)"
    )
    parser.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")


def load(args: argparse.Namespace) -> SweepConfig:
    """The sweep file with the command-line overrides applied, validated as one."""
    sweep = read_config(SweepConfig, args.sweep)
    overrides = {}
    if args.executor:
        overrides["executor"] = args.executor
    if args.dask:
        overrides.update(executor=args.executor or "dask", dask_address=args.dask)
    if args.workers is not None and args.workers < 1:
        raise ConfigError("--workers", "must be at least 1", args.workers)
    return parse_model(SweepConfig, {**sweep.model_dump(), **overrides}) if overrides else sweep


@interruptible
def main(args: argparse.Namespace) -> int:
    try:
        sweep = load(args)
        executor = make_executor(sweep.executor, sweep.dask_address, args.workers)
    except ConfigError as err:
        return fail(err)
    results = []
    try:
        total = len(sample_trials(sweep))
        with tqdm(total=total, unit="trial", file=sys.stderr, disable=args.no_progress) as bar:
            for record in iter_sweep(sweep, executor):
                results.append(record)
                bar.update(1)
    finally:
        executor.close()
    results.sort(key=lambda r: r["index"])
    print_json({"trials": results})
    return 0
