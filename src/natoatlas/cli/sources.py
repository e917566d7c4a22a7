"""``natoatlas sources``: the registry of sources, official first, and how well the data cites them.

``--check`` prints the figures of :func:`natoatlas.rules.grading.report` and lists
:func:`natoatlas.rules.grading.gaps`, so an editor sees what to fix; it reports, it does not fail
(exit 0): ``natoatlas check`` is the gate.
"""

from __future__ import annotations

import click

from natoatlas.cli.common import _atlas, _print_view, json_option, lang_option
from natoatlas.cli.main import cli
from natoatlas.kb.model import SOURCE_KINDS
from natoatlas.messages import msg
from natoatlas.render.briefing.blocks import KIND_LABELS
from natoatlas.views import sources as views

__all__ = ["sources"]


@cli.command()
@click.option("--kind", type=click.Choice(SOURCE_KINDS), default=None, help="Only sources of this kind.")
@click.option("--check", "check_", is_flag=True, help="How well the data is sourced, and what to fix.")
@lang_option
@json_option
def sources(kind: str | None, check_: bool, lang: str, as_json: bool) -> None:
    """The sources held (id, kind, publisher, title, url), official first; --check grades the data."""
    atlas = _atlas()
    if check_:
        data = views.sources_check(atlas)
        if as_json:
            _print_view(data)
            return
        _print_check(data, lang)
        return
    registry = views.registry(atlas, kind)
    if as_json:
        _print_view(registry)
        return
    labels = KIND_LABELS[lang]
    for s in registry.sources:
        click.echo(f"{s.id}  [{labels[s.kind]}]  {s.publisher}: {s.title}  {s.url or ''}".rstrip())
    total = msg("cli.sources.count", lang) if kind is None else f" {labels[kind]}"
    click.echo(f"{registry.count}{total}")


def _print_check(data: views.SourcesCheck, lang: str) -> None:
    """The figures first, then one line per gap."""
    labels = KIND_LABELS[lang]
    kinds = ", ".join(f"{labels[k]} {n}" for k, n in data.sources_by_kind.items())
    lines = [
        msg("cli.sources.kinds", lang, kinds=kinds),
        msg(
            "cli.sources.records",
            lang,
            records=data.records,
            official=data.official,
            share=f"{data.official_share:.1%}",
        ),
        msg("cli.sources.only_mirrors", lang, n=data.only_mirrors),
        msg("cli.sources.quoted", lang, quoted=data.quoted, to_quote=data.to_quote),
        msg("cli.sources.citations", lang, quoted=data.citations_quoted, citations=data.citations),
        msg("cli.sources.gaps", lang, n=len(data.gaps)),
    ]
    for line in lines:
        click.echo(line)
    for gap in data.gaps:
        click.echo(f"  {gap.file}: {gap.record}: {gap.problem}")
