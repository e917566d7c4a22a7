"""The ``natoatlas`` command line: ``main`` holds the group and the query commands, ``common``
what every command module shares; the other modules are imported when one of their commands
runs (see ``main._Commands``)."""

from natoatlas.cli.main import cli, main

__all__ = ["cli", "main"]
