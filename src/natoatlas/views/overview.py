"""The overview of NATO on a day, as on the reference briefing's first page.

Returned as labelled rows per language, so the terminal, the briefing and the web can each
lay them out; the wording follows the briefing (加盟国, 事務総長, 本部).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from natoatlas.atlas import Atlas
from natoatlas.dates import DateLike, as_day, as_of, format_date
from natoatlas.kb.model import Headquarters, SecretaryGeneral, Source

__all__ = ["Overview", "headquarters_text", "overview", "secretary_general_text"]

_LABELS = {
    "ja": {
        "title": "北大西洋条約機構 (NATO) の概要",
        "members": "加盟国",
        "founded": "設立年",
        "sg": "事務総長",
        "hq": "本部",
        "newest": "最新の加盟国",
        "none": "なし",
    },
    "en": {
        "title": "The North Atlantic Treaty Organization (NATO): overview",
        "members": "Allies",
        "founded": "Founded",
        "sg": "Secretary General",
        "hq": "Headquarters",
        "newest": "Newest Ally",
        "none": "none",
    },
}


@dataclass(frozen=True, slots=True)
class Overview:
    """Headline facts for one day and language, with the sources they rest on."""

    title: str
    as_of: str
    rows: tuple[tuple[str, str], ...]
    sources: tuple[Source, ...]


def secretary_general_text(sg: SecretaryGeneral, lang: str) -> str:
    """The holder, marked when acting, since when, and the office held before."""
    since = format_date(sg.start, lang)
    acting = ("(代行)" if lang == "ja" else " (acting)") if sg.acting else ""
    office = sg.previous_office.get(lang) if sg.previous_office else ""
    if lang == "ja":
        return f"{sg.name.ja}{acting} {since}から現職" + (f"、元{office}" if office else "")
    return f"{sg.name.en}{acting}, since {since}" + (f"; former {office}" if office else "")


def headquarters_text(atlas: Atlas, hq: Headquarters, day: dt.date, lang: str) -> str:
    """The city and, by its name on ``day``, the country."""
    country = atlas.countries[hq.country].name_on(day).get(lang)
    return f"{hq.city.ja}({country})" if lang == "ja" else f"{hq.city.en}, {country}"


def overview(atlas: Atlas, on: DateLike = None, lang: str = "ja") -> Overview:
    """The member count, founding, Secretary General, headquarters and newest Ally on ``on``."""
    day = as_day(on)
    labels = _LABELS[lang]
    members = atlas.members(day)
    founders = [m for m in atlas.memberships if m.founder]
    sg = atlas.secretary_general(day)
    hq = atlas.headquarters(day)
    newest = atlas.newest_members(day)
    sep = "、" if lang == "ja" else ", "
    count = f"{len(members)}か国" if lang == "ja" else str(len(members))
    founded = atlas.founded
    if lang == "ja":
        founded_text = f"{founded.year}年(原加盟国{len(founders)}か国)"
    else:
        founded_text = f"{founded.year} ({len(founders)} founding members)"
    sg_text = labels["none"] if sg is None else secretary_general_text(sg, lang)
    hq_text = labels["none"] if hq is None else headquarters_text(atlas, hq, day, lang)
    newest_text = (
        sep.join(m.country.name_on(day).get(lang) for m in newest)
        + (
            f"({format_date(newest[0].joined, lang)})"
            if lang == "ja"
            else f" ({format_date(newest[0].joined, lang)})"
        )
        if newest
        else labels["none"]
    )
    rows = (
        (labels["members"], count),
        (labels["founded"], founded_text),
        (labels["hq"], hq_text),
        (labels["sg"], sg_text),
        (labels["newest"], newest_text),
    )
    cited = [s for m in newest for s in m.membership.sources]
    cited += [*(sg.sources if sg else ()), *(hq.sources if hq else ())]
    cited += [s for m in members for s in m.membership.sources]
    return Overview(
        title=labels["title"],
        as_of=as_of(day, lang),
        rows=rows,
        sources=atlas.cite(*cited),
    )
