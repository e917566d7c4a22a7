"""``natoatlas spending``: defence expenditure by release, targets, charts and the importer."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from natoatlas.atlas import Atlas
from natoatlas.cli.common import (
    NumberType,
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
from natoatlas.messages import msg
from natoatlas.rules.spending import MEASURES_AVAILABLE, Compliance
from natoatlas.views import params as checks
from natoatlas.views import spending as views
from natoatlas.views.base import SECTION_OF, data_as_of_line

CHART_SUFFIXES = (".svg", ".png")


class TargetType(click.ParamType[float, Any]):
    """A target in percent (2, 3.5, 5 …): :func:`natoatlas.views.params.target`."""

    name = "number"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> float:
        if isinstance(value, float | int) and not isinstance(value, bool):
            value = str(value)
        try:
            return checks.target(str(value))
        except checks.ParamError as err:
            self.fail(err.message, param, ctx)


@cli.group(invoke_without_command=True)
@click.option(
    "--year",
    type=NumberType(*checks.YEARS),
    default=None,
    help="Year of the figures (default: the release's latest).",
)
@click.option(
    "--target", type=TargetType(), default=None, help="Target in % of GDP (2, 3.5, 5 …): adds `meets`."
)
@click.option("--release", default=None, help="Release id (default: the newest published by --on).")
@click.option(
    "--measure",
    type=click.Choice(MEASURES_AVAILABLE),
    default="pct_gdp",
    show_default=True,
    help="What to show.",
)
@click.option(
    "--chart",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write the chart (.svg or .png).",
)
@click.option(
    "--xlsx",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Also write the table shown to an Excel workbook (.xlsx), with its release as a sheet.",
)
@on_option
@lang_option
@json_option
@click.pass_context
def spending(
    ctx: click.Context,
    year: int | None,
    target: float | None,
    release: str | None,
    measure: str,
    chart: Path | None,
    xlsx: Path | None,
    on: dt.date | None,
    lang: str,
    as_json: bool,
) -> None:
    """Defence expenditure of every Ally in a year, from one release, against a target."""
    if ctx.invoked_subcommand is not None:
        return
    if chart is not None:
        _check_chart(chart, "'--chart'")
    if xlsx is not None:
        if xlsx.suffix.lower() != ".xlsx":
            raise click.BadParameter(f"{xlsx.name!r}: give a .xlsx file", param_hint="'--xlsx'")
        check_output(xlsx, "'--xlsx'")
    atlas = _atlas()
    data = atlas.spending
    try:
        chosen = data.release(release, _day(on))
    except LookupError as err:
        if release is None and year is not None:
            raise click.BadParameter(data.before_first(_day(on), year), param_hint="'--on'") from None
        raise click.BadParameter(
            str(err.args[0]), param_hint="'--on'" if release is None else "'--release'"
        ) from None
    try:
        rows = views.spending_rows(atlas, year, target, chosen.id, measure, _day(on))
    except ValueError as err:
        raise click.BadParameter(str(err), param_hint="'--year'") from None
    year = rows[0].year
    answer = data.compliance(year, target or 2.0, measure, chosen.id)
    if chart is not None:
        from natoatlas.render import charts

        try:
            charts.save(charts.allies_chart(atlas, year, target or 2.0, chosen.id, lang), chart)
        except OSError as err:
            raise write_failed(err, chart, "'--chart'") from None
    if xlsx is not None:
        try:
            _write_xlsx(atlas, rows, answer, measure, lang, xlsx)
        except OSError as err:
            raise write_failed(err, xlsx, "'--xlsx'") from None
    if as_json:
        _print_view(rows)
        return
    _print_table(atlas, answer, rows, measure, lang, target is not None, _day(on))
    if xlsx is not None:
        click.echo(f"workbook written to {xlsx}")
    click.echo(data_as_of_line(atlas, SECTION_OF["spending"], lang))
    if chart is not None:
        click.echo(f"chart written to {chart}")


def _write_xlsx(
    atlas: Atlas, rows: Sequence[views.SpendingRow], answer: Compliance, measure: str, lang: str, path: Path
) -> None:
    """The table shown, as a workbook: the figures, the release they come from, and a README."""
    from natoatlas.render.workbook import Sheet, write_workbook

    release = answer.release
    source = atlas.sources[release.id]
    columns = ["rank", "code", "ally", "year", "measure", "value", "estimate", "meets", "release"]
    table = [
        [
            i,
            r.code,
            r.name.get(lang),
            answer.year,
            measure,
            r.value,
            r.estimate,
            r.meets if isinstance(r, views.TargetRow) else None,
            release.id,
        ]
        for i, r in enumerate(rows, start=1)
    ]
    about: list[list[Any]] = [
        ["id", release.id],
        ["title", source.title],
        ["publisher", source.publisher],
        ["published", source.published.isoformat() if source.published else None],
        ["url", source.url],
        ["coverage", answer.coverage],
        ["Allies given", answer.given],
        ["Allies with armed forces", answer.expected],
    ]
    readme = [
        f"NATO Atlas — defence expenditure, {measure}, {answer.year}",
        f"From the release {release.id} ({source.title}). 'estimate' marks figures the release gives as estimates; "
        "'meets' is empty where no target was asked or the release gives no figure.",
        data_as_of_line(atlas, SECTION_OF["spending"], lang),
    ]
    sheets = [
        Sheet("spending", columns, table),
        Sheet("release", ["field", "value"], about, frozenset({"value"})),
    ]
    write_workbook(path, sheets, readme)


def _check_chart(path: Path, hint: str) -> None:
    """A chart file must be .svg or .png and writable: refused before any work is done."""
    if path.suffix.lower() not in CHART_SUFFIXES:
        raise click.BadParameter(f"{path.name!r}: give a .svg or .png file", param_hint=hint)
    check_output(path, hint)


def _print_table(
    atlas: Atlas,
    answer: Compliance,
    rows: Sequence[views.SpendingRow],
    measure: str,
    lang: str,
    with_target: bool,
    day: dt.date,
) -> None:
    data = atlas.spending
    release = answer.release
    source = atlas.sources[release.id]
    names = ["rank", "code", "ally", "value", "estimate", *(["meets"] if with_target else [])]
    head = [msg(f"cli.col.{c}", lang) for c in names]
    table = []
    digits = 1 if release.precision == 0.1 else 2
    for i, row in enumerate(rows, start=1):
        value = "" if row.value is None else f"{row.value:.{digits}f}"
        line = [str(i), row.code, row.name.get(lang), value, "e" if row.estimate else ""]
        if isinstance(row, views.TargetRow):
            line.append(
                "✓"
                if row.meets
                else ("?" if row.meets is None and row.code not in data.no_armed_forces else "")
            )
        table.append(line)
    title = f"{measure} {answer.year} — {release.id} ({source.title}, {data.published_text(release)})"
    _table(title, head, table)
    if answer.coverage == "partial":
        partial = msg(
            "cli.spending.partial",
            lang,
            release=release.id,
            given=answer.given,
            expected=answer.expected,
            year=answer.year,
        )
        click.echo(f"  {partial}")
    if with_target and measure == "pct_gdp":
        for other in data.compare(answer.year, answer.target, on=day):
            published = data.published_text(other.release)
            label = msg("cli.spending.according_to", lang)
            if other.coverage == "partial":
                counted = msg("cli.spending.counted_partial", lang, count=other.count, given=other.given)
            else:
                counted = msg("cli.spending.counted", lang, count=other.count)
            click.echo(
                f"  {label} {other.release.id} ({published}): {counted} ≥ {answer.target:g}% [{other.basis}]"
            )


@spending.command("import")
@click.argument("workbook", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--release",
    required=True,
    help="Id of the release: a new id, or one of NATO's tables releases (e.g. nato-defexp-2024-06).",
)
@click.option("--title", default=None, help="Title, to add a new release to sources.yaml.")
@click.option("--published", default=None, metavar="YYYY-MM-DD", help="Publication date, for a new release.")
@click.option(
    "--replace",
    is_flag=True,
    help="Replace the rows of a release already held (prints what changes, per measure, first).",
)
@click.option(
    "--data",
    "data_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Data folder to write (default: the package's own).",
)
def import_command(
    workbook: Path,
    release: str,
    title: str | None,
    published: str | None,
    replace: bool,
    data_dir: Path | None,
) -> None:
    """Import NATO's defence expenditure workbook (sheets TABLE1…TABLE8) as a release.

    All files of the import are checked together and swapped in at once: a failed or killed
    import leaves the data as it was.
    """
    from natoatlas.importers.spending import DataChanged, LayoutError, OptionError, plan_import
    from natoatlas.kb.validate import DataError

    try:
        plan = plan_import(workbook, release, data_dir, title, published, replace)
        if not plan.new:
            after = len(plan.book.figures)
            click.echo(f"release {release}: {plan.rows_before:,} rows now, {after:,} after the import")
            for change in plan.changes:
                click.echo(
                    f"  {change.measure}: {change.added:,} added, {change.removed:,} removed, "
                    f"{change.changed:,} changed, {change.unchanged:,} unchanged"
                )
        plan.apply()
    except OptionError as err:
        raise click.BadParameter(str(err), param_hint=f"'{err.option}'") from None
    except (LayoutError, DataChanged) as err:
        raise click.ClickException(str(err)) from None
    except DataError as err:
        for problem in err.problems:
            click.echo(str(problem), err=True)
        raise click.ClickException(
            f"{len(err.problems)} problem(s) in the data (listed above); nothing was imported"
        ) from None
    except OSError as err:
        where = err.filename or (data_dir or "the data folder")
        raise click.BadParameter(
            f"cannot write {where}: {err.strerror or err}", param_hint="'--data'"
        ) from None
    book = plan.book
    click.echo(
        f"imported {len(book.figures)} figures of release {release} "
        f"({book.years[0]}–{book.years[-1]}, estimates {', '.join(map(str, book.estimate_years)) or 'none'}); "
        f"national 2% laws: {', '.join(book.national_2pct_law) or 'none'}"
    )


@spending.command("chart")
@click.argument("kind", type=click.Choice(["allies", "top5", "compliance"]))
@click.argument("output", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--year",
    type=NumberType(*checks.YEARS),
    default=None,
    help="Year, for the allies chart (default: the latest).",
)
@click.option("--target", type=TargetType(), default=2.0, show_default=True, help="Target in % of GDP.")
@click.option("--release", default=None, help="Release id (default: the newest published by --on).")
@on_option
@lang_option
def chart_command(
    kind: str,
    output: Path,
    year: int | None,
    target: float,
    release: str | None,
    on: dt.date | None,
    lang: str,
) -> None:
    """Write one of the briefing's charts as SVG or PNG: allies, top5 or compliance."""
    from natoatlas.render import charts

    _check_chart(output, "OUTPUT")
    atlas = _atlas()
    chosen = atlas.spending.release(release, _day(on))
    made: Any
    if kind == "allies":
        years = atlas.spending.years(chosen.id)
        chosen_year = year if year is not None else years[-1]
        made = charts.allies_chart(atlas, chosen_year, target, chosen.id, lang)
    elif kind == "top5":
        made = charts.top5_chart(atlas, chosen.id, lang)
    else:
        made = charts.compliance_chart(atlas, target, chosen.id, lang)
    try:
        charts.save(made, output)
    except OSError as err:
        raise write_failed(err, output, "OUTPUT") from None
    click.echo(f"chart written to {output}")


@spending.command("releases")
@json_option
def releases_command(as_json: bool) -> None:
    """The releases held, oldest first, with what each covers."""
    atlas = _atlas()
    found = views.releases(atlas)
    if as_json:
        _print_view(found)
        return
    for entry in found:
        r = entry.release
        years = atlas.spending.years(r.id)
        span = f"{years[0]}–{years[-1]}" if years else "counts only"
        published = atlas.sources[r.id].published
        given = f"  {entry.allies_given} Allies" if entry.allies_given else ""
        click.echo(f"{published}  {r.id}  [{r.kind}, {r.coverage}]  {span}{given}")


@spending.command("targets")
@on_option
@lang_option
@json_option
def targets_command(on: dt.date | None, lang: str, as_json: bool) -> None:
    """The spending targets agreed by --on, with the summit that set each."""
    atlas = _atlas()
    day = _day(on)
    found = views.targets(atlas, day)
    if as_json:
        _print_view(found)
        return
    for t in found:
        deadline = f" (by {t.deadline})" if t.deadline else ""
        click.echo(f"{t.agreed}  {t.name.get(lang)}: {t.value:g}%{deadline}")
        click.echo(f"    {t.text.get(lang)}")


__all__ = ["spending"]
