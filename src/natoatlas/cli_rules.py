"""CLI for the Treaty as rules: ``covers``, ``consultations``, ``accession`` and ``diff``."""

from __future__ import annotations

import datetime as dt
from typing import Any

import click

from natoatlas import payloads
from natoatlas.cli import (
    DayType,
    _atlas,
    _date_text,
    _day,
    _print_json,
    cli,
    json_option,
    lang_option,
    on_option,
)
from natoatlas.treaty import Coverage


def coverage_json(value: Coverage) -> dict[str, Any]:
    clause = value.clause_text
    return {
        "place": value.place,
        "lat": value.lat,
        "lon": value.lon,
        "on": value.on.isoformat(),
        "kind": value.kind,
        "covered": value.covered,
        "clause": value.clause,
        "clause_text": payloads.text(clause),
        "country": value.country,
        "allies": list(value.allies),
        "reason": payloads.text(value.reason),
        "sources": list(value.sources),
    }


@cli.command()
@click.argument("place")
@on_option
@click.option(
    "--forces", is_flag=True, help="Ask about Allied forces, vessels or aircraft there, not the territory."
)
@lang_option
@json_option
def covers(place: str, on: dt.date | None, forces: bool, lang: str, as_json: bool) -> None:
    """Would Article 5 cover an attack on PLACE ('lat,lon', a country or a territory) on --on?"""
    atlas = _atlas()
    try:
        answer = atlas.treaty.covers(place, on=_day(on), kind="forces" if forces else "territory")
    except ValueError as err:
        raise click.BadParameter(str(err), param_hint="PLACE") from None
    if as_json:
        _print_json(coverage_json(answer))
        return
    verdict = (
        ("対象" if answer.covered else "対象外")
        if lang == "ja"
        else ("covered" if answer.covered else "not covered")
    )
    click.echo(f"{answer.place} ({answer.on}): {verdict}")
    click.echo(f"  {answer.reason.get(lang)}")
    if answer.covered:
        label = "援助する締約国" if lang == "ja" else "Allies bound to assist"
        click.echo(f"  {label} ({len(answer.allies)}): {', '.join(answer.allies)}")


@cli.command()
@click.option("--article", type=click.Choice(["4", "5"]), default=None, help="Only Article 4 or Article 5.")
@lang_option
@json_option
def consultations(article: str | None, lang: str, as_json: bool) -> None:
    """Every Article 4 consultation and the invocation of Article 5, with what followed."""
    atlas = _atlas()
    topics = [f"article-{article}"] if article else ["article-4", "article-5"]
    events = sorted((e for t in topics for e in atlas.timeline(t)), key=lambda e: e.date.first_day)
    if as_json:
        _print_json([dict(payloads.record(e), article=int(e.topic[-1])) for e in events])
        return
    for e in events:
        who = ", ".join(e.countries)
        click.echo(
            f"{_date_text(e.date, lang)}  [{e.topic}] {e.title.get(lang)}" + (f" ({who})" if who else "")
        )


@cli.command()
@click.argument("country")
@on_option
@lang_option
@json_option
def accession(country: str, on: dt.date | None, lang: str, as_json: bool) -> None:
    """Where COUNTRY's accession stood on --on: its steps and the Allies yet to ratify."""
    atlas = _atlas()
    status = atlas.accession(country).status(on=_day(on))
    if as_json:
        _print_json(
            {
                "country": status.country,
                "on": status.on.isoformat(),
                "stage": status.stage,
                "member": status.member,
                "ratified": list(status.ratified),
                "awaiting": list(status.awaiting) if status.awaiting is not None else None,
                "steps": [payloads.record(s) for s in status.steps],
            }
        )
        return
    name = atlas.countries[status.country].name_on(status.on).get(lang)
    click.echo(
        f"{name} ({status.on}): {status.stage or ('まだ手続きなし' if lang == 'ja' else 'no step yet')}"
    )
    for step in status.steps:
        if step.step != "ratification":
            click.echo(f"  ✓ {_date_text(step.date, lang)}  {step.step}")
    if status.ratified or status.awaiting:
        total = len(status.ratified) + len(status.awaiting or ())
        click.echo(
            f"  {'批准済み' if lang == 'ja' else 'ratified'}: {len(status.ratified)}/{total} {', '.join(status.ratified)}"
        )
    if status.awaiting:
        click.echo(f"  {'未批准' if lang == 'ja' else 'still to ratify'}: {', '.join(status.awaiting)}")


@cli.command()
@click.argument("start", type=DayType())
@click.argument("end", type=DayType())
@lang_option
@json_option
def diff(start: dt.date, end: dt.date, lang: str, as_json: bool) -> None:
    """What changed after START up to END (YYYY-MM-DD each), with dates and sources."""
    atlas = _atlas()
    if end < start:
        raise click.BadParameter(f"END ({end}) is before START ({start})", param_hint="END")
    changes = atlas.diff(start, end)
    if as_json:
        _print_json(
            {
                "from": start.isoformat(),
                "to": end.isoformat(),
                "changes": [
                    {
                        "date": c.date.isoformat(),
                        "kind": c.kind,
                        "text": payloads.text(c.text),
                        "sources": list(c.sources),
                    }
                    for c in changes
                ],
            }
        )
        return
    for c in changes:
        click.echo(f"{_date_text(c.date, lang)}  [{c.kind}] {c.text.get(lang)}")
    if not changes:
        click.echo("変化なし" if lang == "ja" else "no recorded change")
