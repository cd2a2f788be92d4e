"""`playground serve | run | gradcheck | race | ewa | sweep`: one module per command in commands/."""

from __future__ import annotations

import argparse
import importlib
import sys

from playground.commands.envflags import EnvArgumentParser

COMMANDS = {
    "serve": "Start the web app (default http://127.0.0.1:8000).",
    "run": "Train one experiment headless; print its result as JSON.",
    "gradcheck": "Compare backprop with two-sided differences; print the difference and a verdict.",
    "race": "Run the optimizer race; print paths and costs as JSON.",
    "ewa": "Compute exponentially weighted averages of a series; print them as JSON.",
    "sweep": "Run a random or grid hyperparameter search; print the trials as JSON.",
}


def build_parser() -> tuple[argparse.ArgumentParser, dict]:
    """The `playground` parser and {command name: its module}. A command module with ENV_PREFIX reads its
    flags from environment variables too (commands/envflags.py)."""
    parser = argparse.ArgumentParser(prog="playground", description="Training Playground")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=EnvArgumentParser)
    modules = {}
    for name, help_text in COMMANDS.items():
        try:
            module = importlib.import_module(f"playground.commands.{name}")
        except ModuleNotFoundError as e:
            if e.name != f"playground.commands.{name}":
                raise
            continue  # a command not built yet is simply not offered
        modules[name] = module
        prefix = getattr(module, "ENV_PREFIX", None)
        module.add_arguments(sub.add_parser(name, help=help_text, description=help_text, env_prefix=prefix))
    return parser, modules


def main(argv: list[str] | None = None) -> int:
    parser, modules = build_parser()
    args = parser.parse_args(argv)
    return int(modules[args.command].main(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
