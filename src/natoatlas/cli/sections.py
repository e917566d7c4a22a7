"""CLI commands for the briefing's sections: treaty, enlargement, partners, organisation,
commands, forces, Strategic Concepts, summits, operations and timelines.

Each command calls one Atlas query; ``--json`` prints :func:`natoatlas.views.payloads.record` of each
record (the data file's own fields, all present) plus what the query derived for the day.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import click

from natoatlas.atlas import Atlas
from natoatlas.cli.common import (
    DayType,
    _as_of,
    _atlas,
    _day,
    _print_json,
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
from natoatlas.rules import texts
from natoatlas.views import payloads

OURS = {"ja": "※", "en": ""}


def _t(text: Text | None, lang: str, atlas: Atlas | None = None, day: dt.date | None = None) -> str:
    """A text in one language, its placeholders filled for ``day``; Japanese of this project's
    own is marked ※."""
    if text is None:
        return ""
    shown = text.get(lang) if atlas is None else texts.fill_text(text, atlas, day or dt.date.today(), lang)
    return shown + (OURS[lang] if text.ja_ours and lang == "ja" else "")


def _footnote(lang: str) -> None:
    if lang == "ja":
        click.echo("※ 本プロジェクトによる訳")


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
    if article is None:
        number = None
        articles = atlas.treaty(day)
    else:
        number = 0 if article.lower() in ("0", "preamble", "前文") else _article_number(article)
        articles = (atlas.article(number, day),)
    if as_json:
        _print_json(payloads.treaty(atlas, day, number))
        return
    for a in articles:
        heading = (
            ("前文" if lang == "ja" else "Preamble")
            if a.number == 0
            else (f"第{a.number}条" if lang == "ja" else f"Article {a.number}")
        )
        title = f" ({_t(a.title, lang, atlas, day)})" if a.title else ""
        click.echo(f"{heading}{title}")
        click.echo(_t(a.text, lang, atlas, day))
        if lang == "ja" and a.briefing:
            click.echo(f"  外務省資料の要約: {a.briefing}")
        if a.start or a.end:
            span = f"{a.start or '1949'} – {a.end or ''}"
            click.echo(f"  ({'この版の有効期間' if lang == 'ja' else 'this version in force'}: {span})")
        click.echo()
    if lang == "ja" and any(a.text.ja_ours for a in articles):
        _footnote(lang)
    _as_of(atlas, "treaty", lang)


def _article_number(text: str) -> int:
    digits = text.removeprefix("article-").removeprefix("第").removesuffix("条")
    if not re.fullmatch(r"[0-9]{1,2}", digits):  # ASCII digits only: int() also reads '５' and ' 5'
        raise click.BadParameter(
            f"{text!r} is not an article number (1–14 or 'preamble')", param_hint="ARTICLE"
        )
    number = int(digits)
    if not 0 <= number <= 14:
        raise click.BadParameter(f"the Treaty has 14 articles, not {number}", param_hint="ARTICLE")
    return number


@cli.command()
@on_option
@lang_option
@json_option
def enlargement(on: dt.date | None, lang: str, as_json: bool) -> None:
    """The rounds of enlargement up to --on, each accession with its milestones."""
    atlas = _atlas()
    day = _day(on)
    rounds = atlas.enlargements(day)
    if as_json:
        _print_json(payloads.enlargements(atlas, rounds, day))
        return
    for r in rounds:
        sep = "、" if lang == "ja" else ", "
        names = sep.join(c.name_on(day).get(lang, short=True) for c in r.countries)
        click.echo(f"{format_date(r.date, lang)}: {names}")
        for country in r.countries:
            steps = [
                s for s in atlas.accession_history(country.id) if s.date.first_day <= day and s.by is None
            ]
            for s in steps:
                click.echo(
                    f"    {country.id} {format_date(s.date, lang)} {s.step}: {_t(s.text, lang, atlas, day)}"
                )
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
    frameworks = [atlas.framework(framework)] if framework else list(atlas.frameworks.values())
    if as_json:
        _print_json(payloads.partners(atlas, day, framework))
        return
    for f in frameworks:
        name = f.name_on(day)
        started = f.holds_on(day)
        found = atlas.partners(f.id, day)
        state = (
            "" if started else (" (この日は存在せず)" if lang == "ja" else " (not in existence on this day)")
        )
        click.echo(f"{name.get(lang)} — {format_date(f.start, lang)}~{state}: {len(found)}")
        if framework:
            for p in found:
                status = f" [{_t(p.status.text, lang, atlas, day)}]" if p.status else ""
                joined = format_date(p.partnership.start, lang)
                click.echo(f"    {p.code} {p.country.name_on(day).get(lang)} ({joined}){status}")
            if f.interested:
                label = "参加に関心" if lang == "ja" else "interested"
                click.echo(f"    {label}: {', '.join(_name(atlas, c, day, lang) for c in f.interested)}")
    _as_of(atlas, "partners", lang)


@cli.command()
@on_option
@lang_option
@json_option
def organisation(on: dt.date | None, lang: str, as_json: bool) -> None:
    """The principal bodies (North Atlantic Council, Military Committee, …) and their chairs."""
    atlas = _atlas()
    day = _day(on)
    bodies = atlas.organisation(day)
    if as_json:
        _print_json(payloads.organisation(atlas, day))
        return
    for b in bodies:
        click.echo(f"{_t(b.name, lang, atlas, day)}")
        click.echo(f"  {_t(b.description, lang, atlas, day)}")
        if b.chair:
            click.echo(f"  {'議長' if lang == 'ja' else 'chair'}: {_t(b.chair, lang, atlas, day)}")
        chair = b.chair_on(day)
        if chair:
            click.echo(
                f"  {'現議長' if lang == 'ja' else 'chair on this day'}: {_t(chair.name, lang, atlas, day)}"
            )
        if b.levels:
            click.echo(
                f"  {'レベル' if lang == 'ja' else 'levels'}: {', '.join(_t(x, lang, atlas, day) for x in b.levels)}"
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
    found = [(o, o.holder_on(day)) for o in sorted(atlas.offices.values(), key=lambda o: o.id)]
    if as_json:
        _print_json(
            {
                "on": day.isoformat(),
                "offices": [
                    {**payloads.record(o), "holder_on": payloads.record(h) if h else None} for o, h in found
                ],
            }
        )
        return
    rows = []
    for o, h in found:
        if h is None:
            holder, country, since = ("(不明又は空席)" if lang == "ja" else "(vacant or unknown)"), "", ""
        else:
            title = f"{_t(h.title, lang)} " if h.title and lang == "en" else ""
            suffix = f" {_t(h.title, lang)}" if h.title and lang == "ja" else ""
            acting = (" (代行)" if lang == "ja" else " (acting)") if h.acting else ""
            holder = f"{title}{_t(h.name, lang)}{suffix}{acting}"
            country = _name(atlas, h.country, day, lang) if h.country else ""
            since = format_date(h.start, lang)
        rows.append((o.acronym or "", _t(o.name, lang), holder, country, since))
    columns = (
        ["", "職名", "在任者", "国", "就任"] if lang == "ja" else ["", "office", "holder", "country", "since"]
    )
    _table(f"offices ({day.isoformat()})", columns, rows)
    _footnote(lang)


def _places(kind: str, on: dt.date | None, lang: str, as_json: bool) -> None:
    atlas = _atlas()
    day = _day(on)
    places = atlas.commands(day) if kind == "commands" else atlas.forces(day)
    if as_json:
        _print_json(payloads.places(atlas, day, kind))
        return
    rows = []
    for p in places:
        lead = p.lead_on(day)
        lead_text = _name(atlas, lead.country, day, lang) if lead else ""
        rows.append(
            (
                p.kind,
                p.acronym or "",
                _t(p.name, lang, atlas, day),
                f"{_t(p.city, lang, atlas, day)} ({_name(atlas, p.country, day, lang)})",
                lead_text,
                format_date(p.start, lang),
            )
        )
    columns = (
        ["kind", "", "名称", "所在地", "主導国", "開設"]
        if lang == "ja"
        else ["kind", "", "name", "place", "lead", "since"]
    )
    _table(f"{kind} ({day.isoformat()})", columns, rows)
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
    current = atlas.concept(day)
    if as_json:
        _print_json(payloads.concepts(atlas, day))
        return
    for c in atlas.concepts:
        mark = "*" if current is not None and c.id == current.id else " "
        place = f", {_t(c.place, lang, atlas, day)}" if c.place else ""
        doc = f" [{c.document}]" if c.document else ""
        click.echo(f"{mark} {format_date(c.adopted, lang)}{place}: {_t(c.name, lang, atlas, day)}{doc}")
        if c.id == (current.id if current else None):
            for point in c.points:
                click.echo(f"    - {_t(point, lang, atlas, day)}")
    _as_of(atlas, "concepts", lang)


@cli.command()
@on_option
@lang_option
@json_option
def summits(on: dt.date | None, lang: str, as_json: bool) -> None:
    """Every summit up to --on, with the decisions the sources record."""
    atlas = _atlas()
    day = _day(on)
    held = atlas.summits_until(day)
    if as_json:
        _print_json(payloads.summits(atlas, day))
        return
    for s in held:
        where = f"{_t(s.city, lang, atlas, day)} ({_name(atlas, s.country, day, lang)})"
        click.echo(f"{format_date(s.start, lang)} {where} [{s.kind}]")
        for d in s.decisions:
            click.echo(f"    - {_t(d, lang, atlas, day)}")
    _as_of(atlas, "summits", lang)


@cli.command()
@on_option
@click.option(
    "--status", type=click.Choice(["ongoing", "ended"]), default=None, help="Only ongoing or ended ones."
)
@lang_option
@json_option
def operations(on: dt.date | None, status: str | None, lang: str, as_json: bool) -> None:
    """Operations and missions started by --on, ongoing or ended that day."""
    atlas = _atlas()
    day = _day(on)
    found = atlas.operations_on(day, status)
    if as_json:
        _print_json(payloads.operations(atlas, day, status))
        return
    rows = [
        (
            o.acronym or "",
            _t(o.name, lang, atlas, day),
            format_date(o.start, lang),
            format_date(o.last_day or o.end, lang) if o.end else ("継続中" if lang == "ja" else "ongoing"),
            _article5(o.article5, lang),
        )
        for o in found
    ]
    columns = (
        ["", "名称", "開始", "終了", "5条"] if lang == "ja" else ["", "name", "start", "end", "Article 5"]
    )
    _table(f"operations ({day.isoformat()})", columns, rows)
    _as_of(atlas, "operations", lang)


def _article5(value: bool | None, lang: str) -> str:
    if value is None:
        return ""
    if lang == "ja":
        return "5条任務" if value else "非5条任務"
    return "Article 5" if value else "non-Article 5"


@cli.command()
@click.argument("topic", type=click.Choice(sorted(payloads.TIMELINE_TOPICS)))
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
    if start is not None and end is not None and start > end:
        raise click.BadParameter(f"--from {start} is after --to {end}", param_hint="'--from'")
    atlas = _atlas()
    first, last = start, end
    events = atlas.timeline(payloads.TIMELINE_TOPICS[topic], first, last)
    day = last or dt.date.today()
    if as_json:
        _print_json(payloads.timeline(atlas, payloads.TIMELINE_TOPICS[topic], first, last))
        return
    for e in events:
        click.echo(f"{format_date(e.date, lang)}  {_t(e.title, lang, atlas, day)}")
        for d in e.details:
            click.echo(f"    - {_t(d, lang, atlas, day)}")
    _as_of(atlas, payloads.TIMELINE_TOPICS[topic], lang)


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
