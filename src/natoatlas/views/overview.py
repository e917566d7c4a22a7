"""The overview of NATO on a day, as on the reference briefing's first page.

Labelled rows in both languages, so the terminal, the briefing and the web can each lay them
out; the wording follows the briefing (加盟国, 事務総長, 本部).
"""

from __future__ import annotations

import datetime as dt

from natoatlas.atlas import Atlas
from natoatlas.dates import PartialDate, as_of, format_date
from natoatlas.kb.model import Headquarters, SecretaryGeneral
from natoatlas.messages import msg
from natoatlas.views.base import SECTION_OF, SourceEntry, data_as_of, source_entry, view

__all__ = ["Overview", "OverviewRow", "facts", "headquarters_text", "overview", "secretary_general_text"]

LANGS = ("ja", "en")


@view
class OverviewRow:
    label: str
    value: str


@view
class ByLang:
    """One text per language."""

    ja: str
    en: str


@view
class RowsByLang:
    """The overview's rows in each language."""

    ja: tuple[OverviewRow, ...]
    en: tuple[OverviewRow, ...]


@view
class Overview:
    """Headline facts of a day in both languages (member count, founding, headquarters,
    Secretary General, newest Ally), with the sources they rest on."""

    on: dt.date
    title: ByLang
    rows: RowsByLang
    sources: tuple[SourceEntry, ...]
    data_as_of: str | None


def secretary_general_text(sg: SecretaryGeneral, lang: str) -> str:
    """The holder, marked when acting, since when, and the office held before."""
    office = sg.previous_office.get(lang) if sg.previous_office else ""
    return msg(
        "cli.overview.sg",
        lang,
        name=sg.name.get(lang),
        acting=msg("cli.overview.acting", lang) if sg.acting else "",
        since=format_date(sg.start, lang),
    ) + (msg("cli.overview.sg_former", lang, office=office) if office else "")


def headquarters_text(atlas: Atlas, hq: Headquarters, day: dt.date, lang: str) -> str:
    """The city and, by its name on ``day``, the country."""
    country = atlas.countries[hq.country].name_on(day).get(lang)
    return msg("cli.overview.hq", lang, city=hq.city.get(lang), country=country)


def facts(atlas: Atlas, day: dt.date, lang: str, *, briefing: bool = False) -> tuple[OverviewRow, ...]:
    """The overview's labelled facts in ``lang``: the member count, the founding, the headquarters,
    the Secretary General and the newest Ally.

    ``briefing`` gives them as the briefing's first-page box has them: the Secretary General in
    office since a month (2024年10月から現職, as the reference dates it), no newest Ally, and a
    fact the day has none of (no headquarters yet) left out rather than shown as none.
    """
    members = atlas.members(day)
    founders = [m for m in atlas.memberships if m.founder]
    sg = atlas.secretary_general(day)
    hq = atlas.headquarters(day)
    newest = atlas.newest_members(day)
    none = msg("cli.overview.none", lang)
    if sg is not None and briefing and sg.start.month:
        sg = sg.replace(start=PartialDate(sg.start.year, sg.start.month))
    newest_text = (
        msg(
            "cli.overview.newest",
            lang,
            names=msg("cli.list_sep", lang).join(m.country.name_on(day).get(lang) for m in newest),
            date=format_date(newest[0].joined, lang),
        )
        if newest
        else none
    )
    found = (
        ("members", msg("cli.overview.count", lang, n=len(members))),
        ("founded", msg("cli.overview.founded", lang, year=atlas.founded.year, n=len(founders))),
        ("hq", None if hq is None else headquarters_text(atlas, hq, day, lang)),
        ("sg", None if sg is None else secretary_general_text(sg, lang)),
        *((("newest", newest_text),) if not briefing else ()),
    )
    return tuple(
        OverviewRow(label=msg(f"cli.overview.{k}.label", lang), value=none if v is None else v)
        for k, v in found
        if v is not None or not briefing
    )


def overview(atlas: Atlas, day: dt.date) -> Overview:
    """The member count, founding, Secretary General, headquarters and newest Ally on ``day``."""
    members = atlas.members(day)
    sg = atlas.secretary_general(day)
    hq = atlas.headquarters(day)
    cited = [s for m in atlas.newest_members(day) for s in m.membership.sources]
    cited += [*(sg.sources if sg else ()), *(hq.sources if hq else ())]
    cited += [s for m in members for s in m.membership.sources]
    return Overview(
        on=day,
        title=ByLang(**{lang: msg("cli.overview.title", lang) for lang in LANGS}),
        rows=RowsByLang(**{lang: facts(atlas, day, lang) for lang in LANGS}),
        sources=tuple(source_entry(s) for s in atlas.cite(*cited)),
        data_as_of=data_as_of(atlas, SECTION_OF["overview"]),
    )


def as_of_text(day: dt.date, lang: str) -> str:
    """The dating of the overview's title: ``2025年5月1日現在`` / ``as of 1 May 2025``."""
    return as_of(day, lang)
