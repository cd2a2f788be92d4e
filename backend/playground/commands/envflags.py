"""Flags that can also come from environment variables: `--port` from PLAYGROUND_PORT, and so on.

A container (docker-compose, Kubernetes) configures a server through its environment, a teacher through
flags. A command opts in with ``ENV_PREFIX = "PLAYGROUND_"`` in its module; then every ``--flag`` of its
parser is read from ``<prefix><DEST_UPPER>`` (``--allow-origin`` -> PLAYGROUND_ALLOW_ORIGIN), generically from
the argparse definitions, so a flag added later gets its variable without more code.

- A flag on the command line wins over its variable (for a repeatable flag, the flags replace the variable's
  list instead of adding to it).
- A variable's value goes through the flag's own `type` and `choices`; a repeatable flag takes a
  comma-separated list; an on/off flag takes 1/true/yes/on or 0/false/no/off. An empty variable counts as
  unset (compose files often write ``PLAYGROUND_X=``).
- A bad value exits 2 with one line naming the variable, its value and what is allowed.
"""

from __future__ import annotations

import argparse
import os
import sys

TRUE = ("1", "true", "yes", "on")
FALSE = ("0", "false", "no", "off")


def env_name(prefix: str, action: argparse.Action) -> str:
    return prefix + action.dest.upper()


def flag_actions(parser: argparse.ArgumentParser) -> list[argparse.Action]:
    """The parser's `--long` options that carry a value or a switch (not --help)."""
    return [
        a
        for a in parser._actions  # argparse has no public list of a parser's actions
        if any(s.startswith("--") for s in a.option_strings) and not isinstance(a, argparse._HelpAction)
    ]


class EnvError(ValueError):
    """A variable's value that the flag would refuse; str() is the one-line message."""


def _convert_one(action: argparse.Action, text: str):
    value = text
    if action.type is not None:
        try:
            value = action.type(text)
        except argparse.ArgumentTypeError as e:
            raise EnvError(str(e)) from None
        except (TypeError, ValueError):
            name = getattr(action.type, "__name__", "value")
            raise EnvError(f"must be a valid {name} (got {text!r})") from None
    if action.choices is not None and value not in action.choices:
        allowed = ", ".join(map(str, action.choices))
        raise EnvError(f"must be one of {allowed} (got {text!r})")
    return value


def convert(action: argparse.Action, text: str):
    """The value `text` gives the flag of `action` (EnvError if the flag would refuse it)."""
    if isinstance(action, argparse._StoreTrueAction | argparse._StoreFalseAction):
        word = text.strip().lower()
        if word not in TRUE + FALSE:
            raise EnvError(f"must be one of {'/'.join(TRUE)} or {'/'.join(FALSE)} (got {text!r})")
        on = word in TRUE
        return on if isinstance(action, argparse._StoreTrueAction) else not on
    if isinstance(action, argparse._AppendAction):
        return [_convert_one(action, part.strip()) for part in text.split(",") if part.strip()]
    if isinstance(action, argparse._StoreAction) and action.nargs in (None, "?"):
        return _convert_one(action, text)
    raise EnvError(f"the flag {action.option_strings[0]} cannot be set from the environment")


def env_values(parser: argparse.ArgumentParser, prefix: str, skip=frozenset(), environ=None) -> dict:
    """dest -> (variable name, converted value) for every flag whose variable is set and not empty, except
    the dests in `skip` (given on the command line: their variables are not even read)."""
    environ = os.environ if environ is None else environ
    out = {}
    for action in flag_actions(parser):
        if action.dest in skip:
            continue
        name = env_name(prefix, action)
        text = environ.get(name, "")
        if text.strip() == "":
            continue
        try:
            out[action.dest] = (name, convert(action, text))
        except EnvError as e:
            raise EnvError(f"{name}={text!r}: {e}") from None
    return out


class EnvArgumentParser(argparse.ArgumentParser):
    """An ArgumentParser that fills flags not given on the command line from environment variables.

    env_prefix=None (the default) makes it a plain ArgumentParser.
    """

    def __init__(self, *args, env_prefix: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.env_prefix = env_prefix

    def parse_known_args(self, args=None, namespace=None):
        namespace, extras = super().parse_known_args(args, namespace)
        if not self.env_prefix:
            return namespace, extras
        given = self._given_on_command_line(sys.argv[1:] if args is None else list(args))
        try:
            from_env = env_values(self, self.env_prefix, skip=given)
        except EnvError as e:
            self.exit(2, f"{self.prog}: error: {e}\n")
        for dest, (_, value) in from_env.items():
            setattr(namespace, dest, value)
        return namespace, extras

    def _given_on_command_line(self, args: list[str]) -> set[str]:
        """The dests the command line sets: the same parse with every default suppressed, so only flags that
        were given appear (abbreviations and `--flag=value` included, exactly as argparse reads them)."""
        saved = [(a, a.default) for a in self._actions]
        saved_defaults, self._defaults = self._defaults, {}
        try:
            for a, _ in saved:
                a.default = argparse.SUPPRESS
            namespace, _ = argparse.ArgumentParser.parse_known_args(self, args, None)
        finally:
            for a, default in saved:
                a.default = default
            self._defaults = saved_defaults
        return set(vars(namespace))
