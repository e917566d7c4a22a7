"""The ``natoatlas`` command line: ``main`` holds the group and the query commands, ``common``
what every command module shares; the other modules are imported when one of their commands
runs (see ``main._Commands``). A query command's ``--json`` answer is printed without loading
click at all (:mod:`natoatlas.cli.fast`), so that it starts fast."""

from __future__ import annotations

import contextlib
import gc
import os
import sys
import types
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from natoatlas.cli.main import cli

__all__ = ["cli", "main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI (:func:`natoatlas.cli.main.main`), a plain query's JSON on the fast path.

    Run as the process (no ``argv``: the ``natoatlas`` command, ``python -m natoatlas``), a query
    answered on the fast path, and a briefing (:data:`BATCH`), run without the garbage collector
    (they make a few thousand records, all kept to the end) and end the process once their output
    is flushed, without tearing down every module and record one by one: together a tenth of a
    query's start and a third of a Markdown briefing's CPU time.
    """
    from natoatlas.cli.fast import run

    entry = argv is None
    args = sys.argv[1:] if argv is None else argv
    if entry:
        gc.disable()
    try:
        code = run(args)
    finally:
        if entry:
            gc.enable()
    if code is None:
        if _command(args) not in BATCH:
            return _click(argv)
        if entry:
            gc.disable()
        code = _brief(args)
    if entry:
        with contextlib.suppress(BrokenPipeError):
            sys.stdout.flush()
            sys.stderr.flush()
        os._exit(code)
    return code


def _click(argv: Sequence[str] | None) -> int:
    from natoatlas.cli.main import main as click_main

    return click_main(argv)


def _brief(args: Sequence[str]) -> int:
    """``brief`` without click when :func:`natoatlas.cli.quick.brief` understands the line, else by click."""
    from natoatlas.cli.quick import brief

    code = brief(args)
    return _click(args) if code is None else code


#: The commands that, run as the process, build what they print or write from records they keep
#: to the end and then exit: they run without the garbage collector and end with ``os._exit``
#: (not the server, ``serve`` and ``mcp``, which run on).
BATCH = frozenset({"brief"})


def _command(args: Sequence[str]) -> str | None:
    """The command a command line names: its first word that is not an option of the group
    (``--data DIR``, ``--data=DIR``, ``--version``, ``-h``)."""
    words = iter(args)
    for word in words:
        if word == "--data":
            next(words, None)
        elif not word.startswith("-"):
            return word
    return None


def __getattr__(name: str) -> Any:
    if name == "cli":
        from natoatlas.cli.main import cli

        return cli
    raise AttributeError(f"module 'natoatlas.cli' has no attribute {name!r}")


class _Package(types.ModuleType):
    """The package keeps ``main`` (the entry point, ``natoatlas.cli:main``) when its submodule of
    the same name is first imported, which would otherwise set the attribute to the module."""

    def __setattr__(self, name: str, value: Any) -> None:
        if name == "main" and isinstance(value, types.ModuleType):
            return  # the module stays reachable as sys.modules["natoatlas.cli.main"]
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
