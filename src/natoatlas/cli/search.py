"""``natoatlas search QUERY``: find anything by name (:mod:`natoatlas.views.search`).

One line per hit, best first: its kind, its name in the language asked for, whether it held on
the day (or a day it did), and the page of the dashboard that shows it.
"""

from __future__ import annotations

import click

from natoatlas.cli.common import _as_of, _atlas, _day, _print_view, json_option, lang_option, on_option
from natoatlas.cli.main import cli
from natoatlas.dates import PartialDate, format_date
from natoatlas.messages import msg
from natoatlas.views import search as views

__all__ = ["search"]


@cli.command()
@click.argument("query")
@on_option
@lang_option
@json_option
def search(query: str, on: object, lang: str, as_json: bool) -> None:
    """Find countries, places, operations, summits, people and frameworks by any name (English or Japanese)."""
    if not query.strip():
        raise click.BadParameter("give a name to search for", param_hint="QUERY")
    atlas = _atlas()
    day = _day(on)  # type: ignore[arg-type]
    found = views.search(atlas, day, query, lang)
    if as_json:
        _print_view(found)
        return
    if not found.hits:
        click.echo(msg("cli.search.none", lang, query=query))
        return
    when = format_date(PartialDate.of(day), lang)
    for hit in found.hits:
        kind = msg(views.KIND_LABELS[hit.kind], lang)
        if hit.holds:
            held = msg("cli.search.held", lang, day=when)
        else:
            held = msg(
                "cli.search.not_held", lang, day=when, shown=format_date(PartialDate.of(hit.shown_on), lang)
            )
        click.echo(f"{hit.name.get(lang)}  [{kind}]  {held}  {hit.url}")
    click.echo(msg("cli.search.count", lang, query=query, n=found.count, shown=len(found.hits)))
    _as_of(atlas, "diff", lang)
