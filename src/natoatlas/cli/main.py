"""The ``natoatlas`` command: a thin layer that opens the Atlas and calls its methods.

Every command takes the shared options ``--on``, ``--lang`` and ``--json`` where they apply.
Bad input (a malformed date, an unknown country, an unknown option) ends with one line on
stderr and exit status 2, never a traceback. Rich is imported only to draw tables, and the
modules of the other commands (briefing, exports, charts, the server) only when one of their
commands runs, so that a query starts fast.

``--data DIR`` (or ``$NATOATLAS_DATA``) before the command points every command, the server
and ``check`` at another folder of data files.
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Iterator, Mapping, MutableMapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from natoatlas.cli.common import (
    _as_of,
    _atlas,
    _data_dir,
    _day,
    _print_view,
    _table,
    _width,
    json_option,
    lang_option,
    on_option,
    source_line,
)
from natoatlas.dates import format_date
from natoatlas.messages import msg
from natoatlas.views import params as checks

if TYPE_CHECKING:
    from natoatlas.kb.validate import DataError

__all__ = ["cli", "main"]

#: The module that defines each command not defined here; imported when the command is asked for.
_COMMAND_MODULES = {
    "mcp": "natoatlas.cli.mcp",
    **dict.fromkeys(
        ["covers", "consultations", "accession", "diff", "serve", "export"], "natoatlas.cli.rules"
    ),
    **dict.fromkeys(
        [
            "treaty",
            "enlargement",
            "partners",
            "organisation",
            "offices",
            "commands",
            "forces",
            "concepts",
            "summits",
            "operations",
            "timeline",
            "brief",
        ],
        "natoatlas.cli.sections",
    ),
    "sources": "natoatlas.cli.sources",
    "search": "natoatlas.cli.search",
    "spending": "natoatlas.cli.spending",
    **dict.fromkeys(["fmt", "schema"], "natoatlas.cli.data"),
}
_MODULES = ("natoatlas.cli.mcp", "natoatlas.cli.rules", "natoatlas.cli.sections", "natoatlas.cli.sources",
            "natoatlas.cli.search", "natoatlas.cli.spending", "natoatlas.cli.data")  # fmt: skip


class _Commands(MutableMapping[str, click.Command]):
    """The group's commands, whose modules are imported on first use: a command by its name, all
    of them when they are listed (``--help``, or a name that is not known yet)."""

    def __init__(self, known: Mapping[str, click.Command]) -> None:
        self._known = dict(known)
        self._complete = False

    def _load_all(self) -> None:
        if not self._complete:
            self._complete = True
            for module in _MODULES:
                importlib.import_module(module)

    def __getitem__(self, name: str) -> click.Command:
        if name not in self._known:
            module = _COMMAND_MODULES.get(name)
            if module is not None:
                importlib.import_module(module)
            if name not in self._known:
                self._load_all()
        return self._known[name]

    def __setitem__(self, name: str, command: click.Command) -> None:
        self._known[name] = command

    def __delitem__(self, name: str) -> None:
        del self._known[name]

    def __iter__(self) -> Iterator[str]:
        self._load_all()
        return iter(self._known)

    def __len__(self) -> int:
        self._load_all()
        return len(self._known)


class _Group(click.Group):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.commands = _Commands(self.commands)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="natoatlas")
@click.option(
    "--data",
    "data_dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    envvar="NATOATLAS_DATA",
    default=None,
    metavar="DIR",
    help="A folder of data files to use instead of the packaged data (or $NATOATLAS_DATA).",
)
def cli(data_dir: Path | None) -> None:
    """NATO Atlas: sourced, temporal, bilingual facts about NATO, for any date."""


@cli.command()
@on_option
@click.option(
    "--lang",
    type=click.Choice(checks.LANGS),
    default=None,
    help="Language (default: Japanese, then English).",
)
@json_option
def overview(on: dt.date | None, lang: str | None, as_json: bool) -> None:
    """The overview of NATO on a day: members, Secretary General, headquarters, newest Ally."""
    from natoatlas.views.overview import as_of_text
    from natoatlas.views.overview import overview as build

    atlas = _atlas()
    day = _day(on)
    view = build(atlas, day)
    if as_json:
        _print_view(view)
        return
    langs = [lang] if lang else ["ja", "en"]
    for i, code in enumerate(langs):
        rows = getattr(view.rows, code)
        if i:
            click.echo()
        click.echo(f"{getattr(view.title, code)} ({as_of_text(day, code)})")
        width = max(_width(row.label) for row in rows)
        for row in rows:
            click.echo(f"  {row.label}{' ' * (width - _width(row.label))}  {row.value}")
    sources = atlas.cite(*(s.id for s in view.sources))
    click.echo()
    click.echo(msg("cli.overview.sources", lang or "en"))
    for source in sources[:6]:
        click.echo(f"  {source_line(source, lang or 'en')}")
    if len(sources) > 6:
        click.echo(f"  {msg('cli.overview.more', lang or 'en', n=len(sources) - 6)}")
    for code in langs:
        _as_of(atlas, "overview", code)


@cli.command()
@on_option
@lang_option
@json_option
def members(on: dt.date | None, lang: str, as_json: bool) -> None:
    """The Allies on a day, in order of accession."""
    from natoatlas.views.members import members as build

    atlas = _atlas()
    day = _day(on)
    view = build(atlas, day)
    if as_json:
        _print_view(view)
        return
    if not view.members:
        click.echo(view.note or msg("cli.members.none", lang, day=day.isoformat()))
        _as_of(atlas, "members", lang)
        return
    rows = [
        (str(i), m.code, m.name.get(lang), format_date(m.joined, lang))
        for i, m in enumerate(view.members, start=1)
    ]
    title = msg("cli.members.title", lang, n=view.count, day=day.isoformat())
    columns = [msg(f"cli.col.{c}", lang) for c in ("number", "code", "ally", "joined")]
    _table(title, columns, rows)
    _as_of(atlas, "members", lang)


@cli.command()
@click.argument("code")
@on_option
@lang_option
@json_option
def country(code: str, on: dt.date | None, lang: str, as_json: bool) -> None:
    """A country by ISO code or name (FIN, FI, Finland, フィンランド): names, membership, sources."""
    from natoatlas.views.members import country as build

    atlas = _atlas()
    view = build(atlas, atlas.country(code), _day(on))
    if as_json:
        _print_view(view)
        return
    wikidata = f", Wikidata {view.wikidata}" if view.wikidata else ""
    click.echo(f"{view.name.get(lang)} ({view.code} / {view.alpha2}{wikidata})")
    for n in view.names:
        if n.from_ or n.to:
            span = f"{n.from_ or '…'} – {n.to or ''}"
            click.echo(f"  {msg('cli.country.name_span', lang, span=span)}: {n.en} / {n.ja}")
    if not view.memberships:
        click.echo(f"  {msg('cli.country.not_ally', lang)}")
    for m in view.memberships:
        joined = format_date(m.from_, lang)
        until = f" – {format_date(m.to, lang)}" if m.to else ""
        click.echo(f"  {msg('cli.country.since', lang)} {joined}{until}")
        if m.note:
            click.echo(f"    {m.note.get(lang)}")
        for event in m.events:
            click.echo(f"    {format_date(event.date, lang)}: {event.text.get(lang)}")
    for w in view.outside_integrated_command:
        click.echo(f"  {w.from_.isoformat()} – {w.to.isoformat() if w.to else ''}: {w.text.get(lang)}")
    click.echo(f"  {msg('cli.sources', lang)}:")
    for cited in atlas.cite(*(s.id for s in view.sources)):
        click.echo(f"    {source_line(cited, lang)}")
    _as_of(atlas, "country", lang)


@cli.command()
@on_option
@lang_option
@json_option
def sg(on: dt.date | None, lang: str, as_json: bool) -> None:
    """The Secretary General on a day (acting Secretaries General are marked)."""
    from natoatlas.views.members import secretary_general as build

    atlas = _atlas()
    day = _day(on)
    view = build(atlas, day)
    if as_json:
        _print_view(view)
        return
    holder = view.secretary_general
    if holder is None:
        first = atlas.secretaries_general[0].start
        click.echo(msg("cli.sg.none", lang, day=day.isoformat(), first=first))
        _as_of(atlas, "sg", lang)
        return
    acting = msg("cli.acting", lang) if holder.acting else ""
    until = f" – {format_date(holder.to, lang)}" if holder.to else ""
    click.echo(f"{holder.name.get(lang)}{acting}: {format_date(holder.from_, lang)}{until}")
    if holder.previous_office:
        click.echo(f"  {holder.previous_office.get(lang)}")
    click.echo(f"  {msg('cli.sources', lang)}:")
    for cited in atlas.cite(*(s.id for s in view.sources)):
        click.echo(f"    {source_line(cited, lang)}")
    _as_of(atlas, "sg", lang)


@cli.command()
@click.option(
    "--data",
    "folder",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=None,
    metavar="DIR",
    help="Check the data files in DIR (default: the folder given to natoatlas --data, else the packaged data).",
)
def check(folder: Path | None) -> None:
    """Validate the data files; print every problem and exit 1 if there is any."""
    from natoatlas.kb.loader import check as run_check

    problems = run_check(folder or _data_dir())
    for problem in problems:
        click.echo(str(problem))
    if problems:
        click.echo(f"{len(problems)} problem(s) found.", err=True)
        raise click.exceptions.Exit(1)
    click.echo("data OK")


# The section commands register themselves on ``cli`` when their module is imported: see _Commands.


def _data_error() -> type[DataError]:
    """The exception of invalid data, imported only when something went wrong (the except clause
    is evaluated then, never on a successful run)."""
    from natoatlas.kb.validate import DataError

    return DataError


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; turn usage errors and lookup failures into one line and exit status 2."""
    try:
        code = cli.main(
            args=list(argv) if argv is not None else None, prog_name="natoatlas", standalone_mode=False
        )
    except click.exceptions.NoArgsIsHelpError as err:
        click.echo(err.ctx.get_help() if err.ctx else str(err))
        return 0
    except click.ClickException as err:
        click.echo(f"natoatlas: error: {' '.join(err.format_message().split())}", err=True)
        return 2
    except LookupError as err:
        click.echo(f"natoatlas: error: {err.args[0] if err.args else err}", err=True)
        return 2
    except _data_error() as err:
        # As ``natoatlas check`` prints them, one per line; then what to do about it.
        for problem in err.problems:
            click.echo(str(problem), err=True)
        click.echo(
            f"natoatlas: error: the data has {len(err.problems)} problem(s), listed above "
            "(natoatlas check lists them too)",
            err=True,
        )
        return 2
    except click.exceptions.Abort:
        return 1
    except BrokenPipeError:
        return 0
    except OSError as err:
        # A file the user named could not be read or written: the system's reason, one line.
        where = f"{err.filename}: " if err.filename else ""
        click.echo(f"natoatlas: error: {where}{err.strerror or err}", err=True)
        return 2
    return code if isinstance(code, int) else 0
