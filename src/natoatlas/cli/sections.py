"""CLI commands for the briefing's sections: treaty, enlargement, partners, organisation,
commands, forces, Strategic Concepts, summits, operations and timelines.

Each command asks one question of :mod:`natoatlas.views.sections` and prints its view: as text,
or (``--json``) as :func:`natoatlas.views.to_json` gives it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import click

from natoatlas.cli.common import (
    DayType,
    _as_of,
    _atlas,
    _day,
    _print_view,
    _table,
    check_output,
    json_option,
    lang_option,
    on_option,
    write_failed,
)
from natoatlas.cli.main import cli
from natoatlas.dates import format_date
from natoatlas.kb.model import Text
from natoatlas.messages import msg
from natoatlas.views import params, sections

#: The mark of a Japanese text of this project's own (``ja_ours``); English has none.
OURS = {"ja": "※", "en": ""}


def _t(text: Text | None, lang: str) -> str:
    """A text of a view (already filled for its day) in one language; Japanese of this
    project's own is marked ※."""
    if text is None:
        return ""
    return text.get(lang) + (OURS[lang] if text.ja_ours else "")


def _footnote(lang: str) -> None:
    """What the mark ※ means, where the language has it."""
    if OURS[lang]:
        click.echo(msg("cli.ours_note", lang))


def _name(atlas: Any, code: str, day: dt.date, lang: str) -> str:
    return str(atlas.countries[code].name_on(day).get(lang))


@cli.command()
@click.argument("article", required=False)
@on_option
@lang_option
@json_option
def treaty(article: str | None, on: dt.date | None, lang: str, as_json: bool) -> None:
    """The North Atlantic Treaty: ARTICLE 1–14 or 'preamble' (default: all), as it read on --on."""
    atlas = _atlas()
    day = _day(on)
    number = None if article is None else _article_number(article)
    view = sections.treaty(atlas, day, number)
    if as_json:
        _print_view(view)
        return
    for a in view.articles:
        heading = (
            msg("cli.treaty.preamble", lang) if a.number == 0 else msg("cli.treaty.article", lang, n=a.number)
        )
        title = f" ({_t(a.title, lang)})" if a.title else ""
        click.echo(f"{heading}{title}")
        click.echo(_t(a.text, lang))
        if lang == "ja" and a.briefing:  # the Japanese summary of MOFA's briefing, for Japanese readers
            click.echo(f"  {msg('cli.treaty.briefing', lang)}: {a.briefing}")
        if a.start or a.end:
            span = f"{a.start or '1949'} – {a.end or ''}"
            click.echo(f"  ({msg('cli.treaty.in_force', lang)}: {span})")
        click.echo()
    if any(a.text.ja_ours for a in view.articles):
        _footnote(lang)
    _as_of(atlas, "treaty", lang)


def _article_number(text: str) -> int:
    try:
        return params.article(text)
    except params.ParamError as err:
        raise click.BadParameter(str(err), param_hint="ARTICLE") from None


@cli.command()
@on_option
@lang_option
@json_option
def enlargement(on: dt.date | None, lang: str, as_json: bool) -> None:
    """The rounds of enlargement up to --on, each accession with its milestones."""
    atlas = _atlas()
    day = _day(on)
    view = sections.enlargements(atlas, day)
    if as_json:
        _print_view(view)
        return
    for r in view.rounds:
        names = msg("cli.list_sep", lang).join(
            atlas.countries[c.code].name_on(day).get(lang, short=True) for c in r.countries
        )
        click.echo(f"{format_date(r.date, lang)}: {names}")
        for country in r.countries:
            for s in country.steps:
                if s.by is None:
                    click.echo(f"    {country.code} {format_date(s.date, lang)} {s.step}: {_t(s.text, lang)}")
    _as_of(atlas, "enlargement", lang)


@cli.command()
@click.argument("framework", required=False)
@on_option
@lang_option
@json_option
def partners(framework: str | None, on: dt.date | None, lang: str, as_json: bool) -> None:
    """Partnership frameworks and their partners on --on (FRAMEWORK: pfp, md, ici, pag, ip4, …)."""
    atlas = _atlas()
    day = _day(on)
    view = sections.partners(atlas, day, framework)
    if as_json:
        _print_view(view)
        return
    for entry in view.frameworks:
        f = entry.framework
        name = f.name_on(day)
        state = "" if entry.active else msg("cli.partners.not_existing", lang)
        click.echo(f"{name.get(lang)} — {format_date(f.start, lang)}~{state}: {len(entry.partners)}")
        if framework:
            for p in entry.partners:
                status = f" [{_t(p.status.text, lang)}]" if p.status else ""
                click.echo(f"    {p.code} {p.name.get(lang)} ({format_date(p.from_, lang)}){status}")
            if f.interested:
                names = ", ".join(_name(atlas, c, day, lang) for c in f.interested)
                click.echo(f"    {msg('cli.partners.interested', lang)}: {names}")
    _as_of(atlas, "partners", lang)


@cli.command()
@on_option
@lang_option
@json_option
def organisation(on: dt.date | None, lang: str, as_json: bool) -> None:
    """The principal bodies (North Atlantic Council, Military Committee, …) and their chairs."""
    atlas = _atlas()
    day = _day(on)
    view = sections.organisation(atlas, day)
    if as_json:
        _print_view(view)
        return
    for entry in view.bodies:
        b = entry.body
        click.echo(f"{_t(b.name, lang)}")
        click.echo(f"  {_t(b.description, lang)}")
        if b.chair:
            click.echo(f"  {msg('cli.organisation.chair', lang)}: {_t(b.chair, lang)}")
        if entry.chair_on:
            click.echo(f"  {msg('cli.organisation.chair_on', lang)}: {_t(entry.chair_on.name, lang)}")
        if b.levels:
            click.echo(
                f"  {msg('cli.organisation.levels', lang)}: {', '.join(_t(x, lang) for x in b.levels)}"
            )
    _as_of(atlas, "organisation", lang)


@cli.command()
@on_option
@lang_option
@json_option
def offices(on: dt.date | None, lang: str, as_json: bool) -> None:
    """The principal NATO offices (SACEUR, SACT, Chair of the Military Committee …) and who held each on --on."""
    atlas = _atlas()
    day = _day(on)
    view = sections.offices(atlas, day)
    if as_json:
        _print_view(view)
        return
    rows = []
    for entry in view.offices:
        o, h = entry.office, entry.holder_on
        if h is None:
            holder, country, since = msg("cli.offices.vacant", lang), "", ""
        else:
            name = _t(h.name, lang)
            titled = msg("cli.offices.titled", lang, title=_t(h.title, lang), name=name) if h.title else name
            holder = titled + (msg("cli.acting", lang) if h.acting else "")
            country = _name(atlas, h.country, day, lang) if h.country else ""
            since = format_date(h.start, lang)
        rows.append((o.acronym or "", _t(o.name, lang), holder, country, since))
    columns = ["", *(msg(f"cli.col.{c}", lang) for c in ("office", "holder", "country", "since"))]
    _table(msg("cli.offices.title", lang, day=day.isoformat()), columns, rows)
    _footnote(lang)


def _places(kind: str, on: dt.date | None, lang: str, as_json: bool) -> None:
    atlas = _atlas()
    day = _day(on)
    view = sections.places(atlas, day, kind)
    if as_json:
        _print_view(view)
        return
    found = view.commands if isinstance(view, sections.Commands) else view.forces
    rows = []
    for entry in found:
        p = entry.place
        rows.append(
            (
                p.kind,
                p.acronym or "",
                _t(p.name, lang),
                f"{_t(p.city, lang)} ({_name(atlas, p.country, day, lang)})",
                entry.lead_on.name.get(lang) if entry.lead_on else "",
                format_date(p.start, lang),
            )
        )
    columns = [
        msg("cli.col.kind", lang),
        "",
        *(msg(f"cli.col.{c}", lang) for c in ("name", "place", "lead", "opened")),
    ]
    _table(msg(f"cli.{kind}.title", lang, day=day.isoformat()), columns, rows)
    _as_of(atlas, kind, lang)


@cli.command()
@on_option
@lang_option
@json_option
def commands(on: dt.date | None, lang: str, as_json: bool) -> None:
    """The command structure on --on: strategic, joint force and single-service commands, …"""
    _places("commands", on, lang, as_json)


@cli.command()
@on_option
@lang_option
@json_option
def forces(on: dt.date | None, lang: str, as_json: bool) -> None:
    """Forward presence on --on: NATO Force Integration Units and battlegroups with their leads."""
    _places("forces", on, lang, as_json)


@cli.command()
@on_option
@lang_option
@json_option
def concepts(on: dt.date | None, lang: str, as_json: bool) -> None:
    """The Strategic Concepts, the one in force on --on marked."""
    atlas = _atlas()
    day = _day(on)
    view = sections.concepts(atlas, day)
    if as_json:
        _print_view(view)
        return
    for c in view.concepts:
        current = c.id == view.current
        place = f", {_t(c.place, lang)}" if c.place else ""
        doc = f" [{c.document}]" if c.document else ""
        click.echo(
            f"{'*' if current else ' '} {format_date(c.adopted, lang)}{place}: {_t(c.name, lang)}{doc}"
        )
        if current:
            for point in c.points:
                click.echo(f"    - {_t(point, lang)}")
    _as_of(atlas, "concepts", lang)


@cli.command()
@on_option
@lang_option
@json_option
def summits(on: dt.date | None, lang: str, as_json: bool) -> None:
    """Every summit up to --on, with the decisions the sources record."""
    atlas = _atlas()
    day = _day(on)
    view = sections.summits(atlas, day)
    if as_json:
        _print_view(view)
        return
    for s in view.summits:
        where = f"{_t(s.city, lang)} ({_name(atlas, s.country, day, lang)})"
        click.echo(f"{format_date(s.start, lang)} {where} [{s.kind}]")
        for d in s.decisions:
            click.echo(f"    - {_t(d, lang)}")
    _as_of(atlas, "summits", lang)


@cli.command()
@on_option
@click.option(
    "--status", type=click.Choice(params.STATUSES), default=None, help="Only ongoing or ended ones."
)
@lang_option
@json_option
def operations(on: dt.date | None, status: str | None, lang: str, as_json: bool) -> None:
    """Operations and missions started by --on, ongoing or ended that day."""
    atlas = _atlas()
    day = _day(on)
    view = sections.operations(atlas, day, status)
    if as_json:
        _print_view(view)
        return
    rows = [
        (
            o.acronym or "",
            _t(o.name, lang),
            format_date(o.start, lang),
            format_date(o.last_day or o.end, lang) if o.end else msg("cli.operations.ongoing", lang),
            "" if o.article5 is None else msg(f"cli.operations.article5.{o.article5}".lower(), lang),
        )
        for o in (entry.operation for entry in view.operations)
    ]
    columns = ["", *(msg(f"cli.col.{c}", lang) for c in ("name", "start", "end", "article5"))]
    _table(msg("cli.operations.title", lang, day=day.isoformat()), columns, rows)
    _as_of(atlas, "operations", lang)


@cli.command()
@click.argument("topic", type=click.Choice(sorted(sections.TIMELINE_TOPICS)))
@click.option(
    "--from",
    "start",
    type=DayType(),
    metavar="YYYY-MM-DD",
    default=None,
    help="First day (default: the beginning).",
)
@click.option(
    "--to", "end", type=DayType(), metavar="YYYY-MM-DD", default=None, help="Last day (default: no limit)."
)
@lang_option
@json_option
def timeline(topic: str, start: dt.date | None, end: dt.date | None, lang: str, as_json: bool) -> None:
    """Dated events of a TOPIC: Japan–NATO relations (japan), Article 4 or Article 5."""
    try:
        params.span(start, end, ("--from", "--to"), "after")
    except params.ParamError as err:
        raise click.BadParameter(err.message, param_hint="'--from'") from None
    atlas = _atlas()
    view = sections.timeline(atlas, sections.TIMELINE_TOPICS[topic], start, end)
    if as_json:
        _print_view(view)
        return
    for e in view.events:
        click.echo(f"{format_date(e.date, lang)}  {_t(e.title, lang)}")
        for d in e.details:
            click.echo(f"    - {_t(d, lang)}")
    _as_of(atlas, view.topic, lang)


@cli.command()
@on_option
@lang_option
@click.option(
    "--sections",
    default=None,
    metavar="A,B,…",
    help="Only these sections: overview, treaty, enlargement, partners, organisation, commands, concept, "
    "spending, operations, japan.",
)
@click.option(
    "--since", type=DayType(), default=None, metavar="YYYY-MM-DD", help="Add a 'what changed since' section."
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="File to write: .pptx, .pdf, .html or .md (the extension chooses the format).",
)
@click.option(
    "--issuer", default=None, metavar="TEXT", help="The issuer line of the title page (default: none)."
)
def brief(
    on: dt.date | None,
    lang: str,
    sections: str | None,
    since: dt.date | None,
    output: Path,
    issuer: str | None,
) -> None:
    """Build the briefing for a date and write it as PPTX, PDF, HTML or Markdown."""
    from natoatlas.render.briefing import build, chosen_sections
    from natoatlas.render.writers import FORMATS, write

    if output.suffix.lower() not in FORMATS:
        raise click.BadParameter(f"{output.name!r}: give a .pptx, .pdf, .html or .md file", param_hint="'-o'")
    check_output(output, "'-o'")
    try:
        chosen = chosen_sections(_section_list(sections) if sections is not None else None)
    except ValueError as err:
        raise click.BadParameter(str(err), param_hint="'--sections'") from None
    day = _day(on)
    if since is not None and since > day:
        raise click.BadParameter(f"{since} is after the briefing's date {day}", param_hint="'--since'")
    briefing = build(_atlas(), on=day, lang=lang, sections=chosen, since=since, issuer=issuer)
    try:
        write(briefing, output)
    except OSError as err:
        raise write_failed(err, output, "'-o'") from None
    click.echo(
        f"wrote {output} ({output.stat().st_size:,} bytes, {len(briefing.sections)} sections, {day.isoformat()}, {lang})"
    )


def _section_list(text: str) -> list[str]:
    """``A,B`` as names; an empty list or an empty name (``,,,``, ``a,,b``) is an error, not
    "no sections" (a briefing with nothing in it) nor "all"."""
    names = [s.strip() for s in text.split(",")]
    if not any(names):
        raise ValueError(
            f"{text!r} names no section; give one or more of overview, treaty, … (or omit --sections)"
        )
    if not all(names):
        raise ValueError(f"{text!r} has an empty section name")
    return names
