"""What every command module shares: the option decorators, the day and number types, the
Atlas of the invocation (``--data``), JSON and table printing, and output-path checks."""

from __future__ import annotations

import datetime as dt
import json
import os
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from natoatlas.atlas import Atlas
from natoatlas.cli.quick import output_problem
from natoatlas.views import params as checks
from natoatlas.views.base import SECTION_OF, data_as_of_line, to_json

if TYPE_CHECKING:
    pass

F = TypeVar("F", bound=Callable[..., Any])


class DayType(click.ParamType[dt.date, Any]):
    """A day given as ``YYYY-MM-DD`` (:func:`natoatlas.views.params.day`); anything else is
    refused with the reason."""

    name = "date"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> dt.date:
        if isinstance(value, dt.date):
            return value
        try:
            return checks.day(str(value))
        except checks.ParamError as err:
            self.fail(err.message, param, ctx)


class NumberType(click.ParamType[int, Any]):
    """A whole number written in ASCII digits only (:func:`natoatlas.views.params.whole`).

    ``int()`` also reads full-width (２０２４), Arabic-Indic and superscript digits, spaces and
    underscores; a command line that means a year or a count writes ``2024``, and anything else
    is refused so that CLI, pages and API give the same answer for the same text.
    """

    name = "integer"

    def __init__(self, low: int, high: int) -> None:
        self.low, self.high = low, high

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        text = str(value) if isinstance(value, int) and not isinstance(value, bool) else value
        try:
            return checks.whole(text if isinstance(text, str) else repr(text), self.low, self.high)
        except checks.ParamError as err:
            self.fail(err.message, param, ctx)


def check_output(path: Path, hint: str, folder: bool = False) -> None:
    """Refuse an output path that cannot be written, as a usage error naming the option."""
    problem = output_problem(path, folder)
    if problem is not None:
        raise click.BadParameter(problem, param_hint=hint)


def write_failed(err: OSError, path: Path, hint: str) -> click.BadParameter:
    """A failed write as one line about the user's path (not the temporary file beside it)."""
    reason = err.strerror or str(err)
    return click.BadParameter(f"cannot write {path}: {reason}", param_hint=hint)


def on_option(f: F) -> F:
    return click.option(
        "--on",
        type=DayType(),
        default=None,
        metavar="YYYY-MM-DD",
        help="The day to answer for (default: today).",
    )(f)


def lang_option(f: F) -> F:
    return click.option(
        "--lang",
        type=click.Choice(checks.LANGS),
        default=lambda: os.environ.get("NATOATLAS_LANG", "en"),
        show_default="en, or $NATOATLAS_LANG",
        help="Language of names and text.",
    )(f)


def json_option(f: F) -> F:
    return click.option("--json", "as_json", is_flag=True, help="Print JSON (UTF-8) instead of a table.")(f)


def _data_dir() -> Path | None:
    """The data folder given by ``--data`` (or ``$NATOATLAS_DATA``); None for the packaged data."""
    ctx = click.get_current_context(silent=True)
    value = ctx.find_root().params.get("data_dir") if ctx is not None else None
    if value is None and os.environ.get("NATOATLAS_DATA"):
        value = Path(os.environ["NATOATLAS_DATA"])  # the group did not run (a command called alone)
    return value if isinstance(value, Path) else None


def _atlas() -> Atlas:
    from natoatlas.atlas import load

    return load(_data_dir())


def source_line(source: Any, lang: str) -> str:
    """The briefing's one-line citation of a source (imported from the briefing when used)."""
    from natoatlas.render.briefing.blocks import source_line as line

    return line(source, lang)


def _day(on: dt.date | None) -> dt.date:
    return on or dt.date.today()


def _print_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def _print_view(value: Any) -> None:
    """A view as ``--json`` prints it: :func:`natoatlas.views.to_json`, indented, UTF-8."""
    _print_json(to_json(value))


def _as_of(atlas: Atlas, query: str, lang: str) -> None:
    """The last line of every section command: the data cut-off of the query's section."""
    click.echo(data_as_of_line(atlas, SECTION_OF[query], lang))


def _width(text: str) -> int:
    """Columns a text takes on a terminal: East Asian wide characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _table(
    title: str, columns: Sequence[str], rows: Sequence[Sequence[str]], caption: str | None = None
) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title, caption=caption, caption_justify="left")
    for column in columns:
        table.add_column(column)
    for row in rows:
        table.add_row(*row)
    Console().print(table)
