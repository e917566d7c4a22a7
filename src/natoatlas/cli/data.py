"""``natoatlas fmt`` and ``natoatlas schema``: the commands for editors of the data files.

``fmt`` rewrites the data files into their canonical form (:mod:`natoatlas.kb.fmt`); ``schema``
writes the JSON Schema of each file that editors validate against (:mod:`natoatlas.kb.schema`).
Both work on the packaged data, or on the folder given by ``--data`` (theirs, or the global one).
"""

from __future__ import annotations

from pathlib import Path

import click

from natoatlas.cli.common import _data_dir
from natoatlas.cli.main import cli
from natoatlas.kb.model import FILES

__all__ = ["fmt", "schema"]

_DATA = click.option(
    "--data",
    "data_dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=None,
    metavar="DIR",
    help="The data folder (default: the global --data, else the packaged data).",
)


def _folder(data_dir: Path | None) -> Path:
    from natoatlas.kb import datafile

    return data_dir or _data_dir() or datafile.default_dir()


@cli.command()
@click.option(
    "--check", "check_", is_flag=True, help="Only list the files not in canonical form; exit 1 if any."
)
@_DATA
def fmt(check_: bool, data_dir: Path | None) -> None:
    """Rewrite the data files into their canonical form (as every writer of the project writes them)."""
    from natoatlas.kb.fmt import format_folder

    folder = _folder(data_dir)
    outcome = format_folder(folder, write=not check_)
    if outcome.refused:
        for name, reason in outcome.refused:
            click.echo(f"natoatlas: error: {name}: {reason}", err=True)
        click.echo(
            f"natoatlas: error: {len(outcome.refused)} file(s) cannot be formatted, nothing was written "
            f"(natoatlas check --data {folder} names every problem)",
            err=True,
        )
        raise click.exceptions.Exit(2)
    for name in outcome.changed:
        click.echo(f"{'not canonical' if check_ else 'reformatted'}: {name}")
    if check_ and outcome.changed:
        click.echo(f"{len(outcome.changed)} file(s) not in canonical form: run natoatlas fmt", err=True)
        raise click.exceptions.Exit(1)
    unchanged = len(FILES) - len(outcome.changed)
    click.echo(f"{unchanged} file(s) already canonical" if check_ or not outcome.changed else
               f"{len(outcome.changed)} file(s) reformatted, {unchanged} already canonical")  # fmt: skip


@cli.command()
@click.argument("name", required=False, type=click.Choice(sorted(FILES)), metavar="[FILE]")
@click.option("--write", "write_", is_flag=True, help="Write every stale schema into DIR/schema/.")
@click.option("--check", "check_", is_flag=True, help="Only list the stale schema files; exit 1 if any.")
@_DATA
def schema(name: str | None, write_: bool, check_: bool, data_dir: Path | None) -> None:
    """The JSON Schema of a data file (FILE, e.g. summits.yaml), or --write them all beside the data."""
    from natoatlas.kb import schema as schemas

    if sum((name is not None, write_, check_)) != 1:
        raise click.UsageError("give one of FILE, --write or --check")
    if name is not None:
        click.echo(schemas.render(name), nl=False)
        return
    folder = _folder(data_dir)
    if check_:
        stale = schemas.stale(folder)
        for relative in stale:
            click.echo(f"stale: {relative}")
        if stale:
            click.echo(f"{len(stale)} schema file(s) stale: run natoatlas schema --write", err=True)
            raise click.exceptions.Exit(1)
        click.echo(f"{len(FILES)} schema file(s) current")
        return
    written = schemas.write(folder)
    for relative in written:
        click.echo(f"wrote: {relative}")
    click.echo(f"{len(written)} schema file(s) written, {len(FILES) - len(written)} already current")
