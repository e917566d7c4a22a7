"""``natoatlas sources``: the registry of sources, official first, and how well the data cites them.

``--check`` prints the figures of :func:`natoatlas.rules.grading.report` and lists
:func:`natoatlas.rules.grading.gaps`, so an editor sees what to fix; it reports, it does not fail
(exit 0): ``natoatlas check`` is the gate.
"""

from __future__ import annotations

import click

from natoatlas.cli.common import _atlas, _print_json, json_option, lang_option
from natoatlas.cli.main import cli
from natoatlas.kb.model import SOURCE_KINDS
from natoatlas.render.briefing.blocks import KIND_LABELS
from natoatlas.views import payloads

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
        data = payloads.sources_check(atlas)
        if as_json:
            _print_json(data)
            return
        _print_check(data, lang)
        return
    registry = payloads.sources_registry(atlas, kind)
    if as_json:
        _print_json(registry)
        return
    labels = KIND_LABELS[lang]
    for s in registry["sources"]:
        click.echo(
            f"{s['id']}  [{labels[s['kind']]}]  {s['publisher']}: {s['title']}  {s['url'] or ''}".rstrip()
        )
    total = ("件" if lang == "ja" else " sources") if kind is None else f" {labels[kind]}"
    click.echo(f"{registry['count']}{total}")


def _print_check(data: dict[str, object], lang: str) -> None:
    """The figures first, then one line per gap."""
    ja = lang == "ja"
    by_kind = data["sources_by_kind"]
    assert isinstance(by_kind, dict)
    labels = KIND_LABELS[lang]
    kinds = ", ".join(f"{labels[k]} {n}" for k, n in by_kind.items())
    records, official = data["records"], data["official"]
    share = float(data["official_share"])  # type: ignore[arg-type]
    lines = [
        (f"出典: {kinds}" if ja else f"sources: {kinds}"),
        (f"記録: {records}件、公式出典あり {official}件 ({share:.1%})" if ja
         else f"records: {records}, with an official source: {official} ({share:.1%})"),
        (f"転載のみ: {data['only_mirrors']}件" if ja else f"citing only mirrors: {data['only_mirrors']}"),
        (f"引用が必要な記録: {data['to_quote']}件中 {data['quoted']}件が引用あり" if ja
         else f"records that must quote: {data['quoted']} of {data['to_quote']} quote the source"),
        (f"引用箇所: {data['citations']}件中 {data['citations_quoted']}件が原文を引用" if ja
         else f"citations: {data['citations_quoted']} of {data['citations']} quote the sentence"),
    ]  # fmt: skip
    for line in lines:
        click.echo(line)
    gaps = data["gaps"]
    assert isinstance(gaps, list)
    click.echo(f"要修正: {len(gaps)}件" if ja else f"gaps: {len(gaps)}")
    for gap in gaps:
        click.echo(f"  {gap['file']}: {gap['record']}: {gap['problem']}")
