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
    _print_json,
    _table,
    _width,
    json_option,
    lang_option,
    on_option,
    source_line,
)
from natoatlas.dates import format_date
from natoatlas.views import payloads

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
    "spending": "natoatlas.cli.spending",
    **dict.fromkeys(["fmt", "schema"], "natoatlas.cli.data"),
}
_MODULES = ("natoatlas.cli.mcp", "natoatlas.cli.rules", "natoatlas.cli.sections", "natoatlas.cli.sources",
            "natoatlas.cli.spending", "natoatlas.cli.data")  # fmt: skip


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
    type=click.Choice(["ja", "en"]),
    default=None,
    help="Language (default: Japanese, then English).",
)
@json_option
def overview(on: dt.date | None, lang: str | None, as_json: bool) -> None:
    """The overview of NATO on a day: members, Secretary General, headquarters, newest Ally."""
    from natoatlas.views.overview import overview as build

    atlas = _atlas()
    day = _day(on)
    if as_json:
        _print_json(payloads.overview(atlas, day))
        return
    langs = [lang] if lang else ["ja", "en"]
    for i, code in enumerate(langs):
        view = build(atlas, on=day, lang=code)
        if i:
            click.echo()
        click.echo(f"{view.title} ({view.as_of})")
        width = max(_width(label) for label, _ in view.rows)
        for label, value in view.rows:
            click.echo(f"  {label}{' ' * (width - _width(label))}  {value}")
    sources = view.sources  # the same in either language
    click.echo()
    click.echo("Sources / 出典:")
    for source in sources[:6]:
        click.echo(f"  {source_line(source, lang or 'en')}")
    if len(sources) > 6:
        click.echo(f"  … and {len(sources) - 6} more (natoatlas members --json lists them)")
    for code in langs:
        _as_of(atlas, "overview", code)


@cli.command()
@on_option
@lang_option
@json_option
def members(on: dt.date | None, lang: str, as_json: bool) -> None:
    """The Allies on a day, in order of accession."""
    atlas = _atlas()
    day = _day(on)
    data = payloads.members(atlas, day)
    if as_json:
        _print_json(data)
        return
    if not data["members"]:
        click.echo(data["note"] or f"No members on {day.isoformat()}.")
        _as_of(atlas, "members", lang)
        return
    rows = [
        (str(i), m.code, m.country.name_on(day).get(lang), format_date(m.joined, lang))
        for i, m in enumerate(atlas.members(day), start=1)
    ]
    title = (
        f"{len(rows)}か国 ({day.isoformat()})" if lang == "ja" else f"{len(rows)} Allies on {day.isoformat()}"
    )
    columns = ["#", "code", "加盟国", "加盟日"] if lang == "ja" else ["#", "code", "Ally", "joined"]
    _table(title, columns, rows)
    _as_of(atlas, "members", lang)


@cli.command()
@click.argument("code")
@on_option
@lang_option
@json_option
def country(code: str, on: dt.date | None, lang: str, as_json: bool) -> None:
    """A country by ISO code or name (FIN, FI, Finland, フィンランド): names, membership, sources."""
    atlas = _atlas()
    found = atlas.country(code)
    data = payloads.country(atlas, found, _day(on))
    if as_json:
        _print_json(data)
        return
    name = data["name"][lang]
    click.echo(
        f"{name} ({found.id} / {found.alpha2}{', Wikidata ' + found.wikidata if found.wikidata else ''})"
    )
    for n in found.names:
        if n.start or n.end:
            span = f"{n.start or '…'} – {n.end or ''}"
            click.echo(f"  name {span}: {n.en} / {n.ja}")
    if not data["memberships"]:
        click.echo("  not an Ally" if lang == "en" else "  NATO加盟国ではない")
    for m in atlas.membership(found.id):
        joined = format_date(m.start, lang)
        click.echo(
            f"  {'加盟' if lang == 'ja' else 'Ally since'} {joined}"
            + (f" – {format_date(m.end, lang)}" if m.end else "")
        )
        if m.note:
            click.echo(f"    {m.note.get(lang)}")
        for event in m.events:
            click.echo(f"    {format_date(event.date, lang)}: {event.text.get(lang)}")
    for w in data["outside_integrated_command"]:
        click.echo(f"  {w['from']} – {w['to'] or ''}: {w['text'][lang]}")
    click.echo(f"  {'出典' if lang == 'ja' else 'sources'}:")
    for cited in atlas.cite(*(s["id"] for s in data["sources"])):
        click.echo(f"    {source_line(cited, lang)}")
    _as_of(atlas, "country", lang)


@cli.command()
@on_option
@lang_option
@json_option
def sg(on: dt.date | None, lang: str, as_json: bool) -> None:
    """The Secretary General on a day (acting Secretaries General are marked)."""
    atlas = _atlas()
    day = _day(on)
    holder = atlas.secretary_general(day)
    data = payloads.secretary_general(atlas, holder, day)
    if as_json:
        _print_json(data)
        return
    if holder is None:
        click.echo(
            f"No Secretary General on {day.isoformat()}: the first took office on "
            f"{atlas.secretaries_general[0].start}."
        )
        _as_of(atlas, "sg", lang)
        return
    acting = (" (代行)" if lang == "ja" else " (acting)") if holder.acting else ""
    until = f" – {format_date(holder.end, lang)}" if holder.end else ""
    click.echo(f"{holder.name.get(lang)}{acting}: {format_date(holder.start, lang)}{until}")
    if holder.previous_office:
        click.echo(f"  {holder.previous_office.get(lang)}")
    click.echo(f"  {'出典' if lang == 'ja' else 'sources'}:")
    for cited in atlas.cite(*holder.sources):
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
