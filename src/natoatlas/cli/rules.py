"""CLI for the Treaty as rules: ``covers``, ``consultations``, ``accession`` and ``diff``."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import click

from natoatlas.cli.common import (
    DayType,
    _as_of,
    _atlas,
    _day,
    _print_view,
    check_output,
    json_option,
    lang_option,
    on_option,
    write_failed,
)
from natoatlas.cli.main import cli
from natoatlas.dates import PartialDate, format_date
from natoatlas.messages import msg
from natoatlas.render.export import FORMATS
from natoatlas.views import params as checks
from natoatlas.views import rules, sections


@cli.command()
@click.argument("place")
@on_option
@click.option(
    "--forces", is_flag=True, help="Ask about Allied forces, vessels or aircraft there, not the territory."
)
@lang_option
@json_option
def covers(place: str, on: dt.date | None, forces: bool, lang: str, as_json: bool) -> None:
    """Would Article 5 cover an attack on PLACE on --on? PLACE is any town or city (Tallinn, タリン,
    'Paris, Texas'), a country, a territory or 'lat,lon'."""
    from natoatlas.rules.gazetteer import AmbiguousPlace

    atlas = _atlas()
    try:
        view = rules.covers(atlas, place, _day(on), "forces" if forces else "territory")
    except AmbiguousPlace as err:
        # One line saying so, then the choices one per line, each a PLACE that finds it alone.
        head = msg("cli.covers.ambiguous", lang, name=err.name, n=len(err.candidates))
        click.echo(f"natoatlas: error: {head}", err=True)
        for c in rules.candidates(atlas, err.candidates):
            # The place's name in the reader's language beside its label, where the label lacks it.
            local = getattr(c.name, lang, None)
            named = f"  {local}" if local and local not in c.place else ""
            click.echo(f"  {c.place}{named}  ({c.lat:.4f},{c.lon:.4f})", err=True)
        raise click.exceptions.Exit(2) from None
    except ValueError as err:
        raise click.BadParameter(str(err), param_hint="PLACE") from None
    if as_json:
        _print_view(view)
        return
    verdict = msg("cli.covers.covered" if view.covered else "cli.covers.not_covered", lang)
    name = view.name.get(lang) if view.name else view.place
    found = f" [{view.found}]" if view.found else ""
    where = f" {view.lat:.4f},{view.lon:.4f}" if view.lat is not None and view.lon is not None else ""
    click.echo(f"{name}{found}{where} ({format_date(PartialDate.of(view.on), lang)}): {verdict}")
    click.echo(f"  {view.reason.get(lang)}")
    if view.covered:
        names = msg("cli.list_sep", lang).join(sorted(a.name.get(lang) for a in view.allies_named))
        click.echo(f"  {msg('cli.covers.allies', lang)} ({len(view.allies)}): {names}")
    _as_of(atlas, "covers", lang)


@cli.command()
@click.option(
    "--article",
    type=click.Choice(checks.CONSULTATION_ARTICLES),
    default=None,
    help="Only Article 4 or Article 5.",
)
@lang_option
@json_option
def consultations(article: str | None, lang: str, as_json: bool) -> None:
    """Every Article 4 consultation and the invocation of Article 5, with what followed."""
    atlas = _atlas()
    view = sections.consultations(atlas, int(article) if article else None)
    if as_json:
        _print_view(view)
        return
    for entry in view:
        e = entry.event
        who = ", ".join(e.countries)
        click.echo(
            f"{format_date(e.date, lang)}  [{e.topic}] {e.title.get(lang)}" + (f" ({who})" if who else "")
        )
    _as_of(atlas, "consultations", lang)


@cli.command()
@click.argument("country")
@on_option
@lang_option
@json_option
def accession(country: str, on: dt.date | None, lang: str, as_json: bool) -> None:
    """Where COUNTRY's accession stood on --on: its steps and the Allies yet to ratify."""
    atlas = _atlas()
    view = rules.accession(atlas, country, _day(on))
    if as_json:
        _print_view(view)
        return
    name = atlas.countries[view.country].name_on(view.on).get(lang)
    click.echo(f"{name} ({view.on}): {view.stage or msg('cli.accession.no_step', lang)}")
    for step in view.steps:
        if step.step != "ratification":
            click.echo(f"  ✓ {format_date(step.date, lang)}  {step.step}")
    if view.ratified or view.awaiting:
        total = len(view.ratified) + len(view.awaiting or ())
        ratified = f"{len(view.ratified)}/{total} {', '.join(view.ratified)}"
        click.echo(f"  {msg('cli.accession.ratified', lang)}: {ratified}")
    if view.awaiting:
        click.echo(f"  {msg('cli.accession.awaiting', lang)}: {', '.join(view.awaiting)}")
    _as_of(atlas, "accession", lang)


@cli.command()
@click.argument("start", type=DayType())
@click.argument("end", type=DayType())
@lang_option
@json_option
def diff(start: dt.date, end: dt.date, lang: str, as_json: bool) -> None:
    """What changed after START up to END (YYYY-MM-DD each), with dates and sources."""
    try:
        checks.span(start, end, ("START", "END"))
    except checks.ParamError as err:
        raise click.BadParameter(err.message, param_hint="END") from None
    atlas = _atlas()
    view = rules.changes(atlas, start, end)
    if as_json:
        _print_view(view)
        return
    for c in view.changes:
        click.echo(f"{format_date(c.date, lang)}  [{c.kind}] {c.text.get(lang)}")
    if not view.changes:
        click.echo(msg("cli.diff.none", lang))
    _as_of(atlas, "diff", lang)


@cli.command()
@click.option(
    "--host", default="127.0.0.1", show_default=True, help="Address to listen on (loopback by default)."
)
@click.option(
    "--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="Port to listen on."
)
@click.option(
    "--allowed-host",
    "allowed_hosts",
    multiple=True,
    metavar="NAME",
    help="Also answer requests for this Host name (repeatable); 127.0.0.1, localhost and [::1] always are.",
)
@click.option(
    "--workers",
    default=1,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Server processes sharing the port (uvicorn workers), each with its own Atlas and cache.",
)
def serve(host: str, port: int, allowed_hosts: tuple[str, ...], workers: int) -> None:
    """Start the dashboard and the JSON API (http://127.0.0.1:8000 by default).

    Requests naming another Host are refused (400), so that the Host header never reaches a
    redirect and a page on another site cannot read the server through DNS rebinding.
    """
    import uvicorn

    from natoatlas.web import create_app

    for name in allowed_hosts:
        if not name or any(c in name for c in "/ @?#\\") or not name.isascii():
            raise click.BadParameter(f"{name!r} is not a host name", param_hint="'--allowed-host'")
    banner = f"NATO Atlas: http://{host}:{port}/  (API: http://{host}:{port}/api/docs)  Ctrl-C stops it."
    if workers > 1:
        # Each worker process imports the app by name and builds it: the hosts go by environment.
        os.environ[WORKER_HOSTS] = "\n".join(allowed_hosts)
        click.echo(banner)
        target = "natoatlas.cli.rules:worker_app"
        uvicorn.run(
            target,
            factory=True,
            host=host,
            port=port,
            workers=workers,
            log_level="warning",
            http="natoatlas.web.app:NoDelayH11",
        )
        return
    app = create_app(_atlas(), allowed_hosts=allowed_hosts)
    click.echo(banner)
    uvicorn.run(app, host=host, port=port, log_level="warning")


#: How ``serve --workers`` hands its ``--allowed-host`` names to the worker processes.
WORKER_HOSTS = "NATOATLAS_SERVE_ALLOWED_HOSTS"


def worker_app() -> Any:
    """The application of one ``serve --workers`` process (uvicorn imports it by name)."""
    from natoatlas.web import create_app

    hosts = tuple(h for h in os.environ.get(WORKER_HOSTS, "").split("\n") if h)
    return create_app(_atlas(), allowed_hosts=hosts)


@cli.command("export")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    required=True,
    help="What to write.",
)
@click.option("--force", is_flag=True, help="Replace the folder (or the .xlsx file) if it exists.")
@click.argument("folder", type=click.Path(path_type=Path))
def export_command(fmt: str, force: bool, folder: Path) -> None:
    """Write every table of the Atlas to FOLDER as CSV, JSON, SQLite (nato.db) or a data package,
    or (--format xlsx) to one Excel workbook FOLDER ending in .xlsx."""
    from natoatlas.render.export import export

    hint = "FILE" if fmt == "xlsx" else "FOLDER"
    if fmt != "xlsx" and folder.is_file():
        raise click.BadParameter(f"{folder} is a file: name the export folder", param_hint=hint)
    check_output(folder, hint, folder=fmt != "xlsx")
    try:
        written = export(_atlas(), fmt, folder, force=force)
    except (FileExistsError, ValueError) as err:
        raise click.BadParameter(str(err), param_hint=hint) from None
    except OSError as err:
        raise write_failed(err, folder, hint) from None
    size = sum(p.stat().st_size for p in written)
    click.echo(f"wrote {len(written)} file(s) to {folder} ({size:,} bytes, {fmt})")
