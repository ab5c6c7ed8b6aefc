"""The ``parindex`` command line: ``parindex <command> [options]``.

Each command is a module ``parindex.commands.<name>`` exposing ``HELP``,
``configure(parser)`` and ``run(args) -> int``. The modules are imported only when the
command line is used, and Django only by the commands that need it. ``manage`` hands the
rest of the line to Django's management commands (``parindex manage migrate``).
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Mapping, Sequence
from types import ModuleType

from parindex import __version__

COMMANDS = ("compute", "demo", "remind", "report", "results", "serve")
DESCRIPTION = "ParIndex — Chỉ số cải cách hành chính (PAR INDEX)."
MANAGE_HELP = "chạy một lệnh quản trị của Django, ví dụ: parindex manage migrate"


def load_commands(
    names: Sequence[str] = COMMANDS, *, chosen: str | None = None
) -> dict[str, ModuleType]:
    """The command modules that can be imported.

    A module that is absent is left out. One that fails to import is left out too, so that
    every other command keeps working, unless it is the ``chosen`` one: then the error shows.
    """
    found = {}
    for name in names:
        module_name = f"parindex.commands.{name}"
        try:
            found[name] = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name and name == chosen:
                raise
        except ImportError:
            if name == chosen:
                raise
    return found


def build_parser(commands: Mapping[str, ModuleType]) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="parindex", description=DESCRIPTION)
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="<lệnh>", required=True)
    for name, module in commands.items():
        sub = subparsers.add_parser(name, help=module.HELP, description=module.HELP)
        module.configure(sub)
        sub.set_defaults(run=module.run)
    subparsers.add_parser("manage", help=MANAGE_HELP, add_help=False)
    return parser


def exit_code(exc: SystemExit) -> int:
    if exc.code is None:
        return 0
    if isinstance(exc.code, int):
        return exc.code
    print(exc.code, file=sys.stderr)
    return 1


def manage(argv: Sequence[str]) -> int:
    """``parindex manage <django command> ...``: Django's own management commands."""
    from django.core.management import execute_from_command_line  # noqa: PLC0415 - Django loads only when needed

    from parindex.config.runtime import setup_django  # noqa: PLC0415 - same

    setup_django()
    try:
        execute_from_command_line(["parindex manage", *argv])
    except SystemExit as exc:
        return exit_code(exc)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    if arguments[:1] == ["manage"]:
        return manage(arguments[1:])
    parser = build_parser(load_commands(chosen=arguments[0] if arguments else None))
    try:
        args = parser.parse_args(arguments)
    except SystemExit as exc:
        return exit_code(exc)
    run: Callable[[argparse.Namespace], int] = args.run
    return int(run(args))
