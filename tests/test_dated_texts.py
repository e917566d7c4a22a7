"""Texts follow the date: nothing shown for a day contradicts what the Atlas computes for it.

Every briefing section (Markdown, both languages) and the overview and organisation payloads
are built for days across NATO's history; the count of Allies a text states must be the count
that day, no Secretary General may be named before taking office, no partner count may differ
from the framework's partners that day, and no placeholder may be left unfilled.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

import pytest

import natoatlas
from natoatlas.render.briefing import SECTIONS, Bullets, Facts, Figure, Heading, Paragraph, Table, build
from natoatlas.render.briefing.blocks import Block, Briefing
from natoatlas.rules import texts
from natoatlas.views import overview as overview_views
from natoatlas.views import sections, to_json

DAYS = ("1950-01-01", "1960-01-01", "1990-01-01", "2005-01-01", "2019-12-31", "2026-12-01")

#: Phrases that state the number of all Allies: the number must be that day's.
ALL_ALLIES = (
    re.compile(r"加盟(\d+)か国の代表"),
    re.compile(r"加盟国数[::]\s*(\d+)か国"),
    re.compile(r"(?<!原)加盟国\s*(\d+)か国"),
    re.compile(r"加盟国\((\d+)か国\)"),
    re.compile(r"the (\d+) member countries"),
    re.compile(r"Allies:? (\d+)\b"),
    re.compile(r"NATO Allies \((\d+)\)"),
)
#: Phrases that state a number of Allies (some of them): never more than there were that day.
SOME_ALLIES = (
    re.compile(r"加盟(?:国)?(\d+)か国"),
    re.compile(r"\b(\d+) (?:NATO )?(?:Allies|member countries|member states)\b"),
)
#: A text that starts with its own date tells what happened then: its counts are of that day.
DATED = re.compile(r"^(\d{4}年(\d{1,2}月)?(\d{1,2}日)?|(\d{1,2} )?([A-Z][a-z]+ )?\d{4}):")
YEAR = re.compile(r"(?<!\d)(19[4-9]\d|20[0-9]\d)(?!\d)")
#: Sections whose texts may name later years: targets name their deadlines ("by 2035"); the
#: operations' descriptions (operations.yaml, kept by another file's editors) still tell how
#: an operation ended, which the briefing should only say once it has.
FUTURE_ALLOWED = ("spending", "operations", "japan", "changes")
PLURALS = re.compile(r"\b1 (partners|Allies|Strategic Concepts|member countries|countries)\b")


def _units(block: Block) -> Iterator[tuple[str, bool]]:
    """The texts of a block, each with whether it is a dated record (an event of its own day)."""
    if isinstance(block, Heading | Paragraph):
        yield block.text, False
    elif isinstance(block, Bullets):
        if block.title:
            yield block.title, False
        for item in block.items:
            yield item, bool(DATED.match(item))
    elif isinstance(block, Facts):
        for label, value in block.pairs:
            yield f"{label} {value}", False
    elif isinstance(block, Table):
        for row in block.rows:
            yield " ".join(row), False
    elif isinstance(block, Figure):
        yield block.title, False


def briefing_units(brief: Briefing) -> Iterator[tuple[str, str, bool]]:
    """(section, text, dated) for every text of the briefing; tables of events are dated."""
    for section in brief.sections:
        for block in section.blocks:
            for text, dated in _units(block):
                # The Japan–NATO table lists events, each with its own date in the first column.
                yield section.id, text, dated or section.id in ("japan", "changes")


def payload_units(data: Any) -> Iterator[str]:
    """Every text of a payload (values of ``en``/``ja``), quotes of sources left out."""
    if isinstance(data, list):
        for item in data:
            yield from payload_units(item)
    elif isinstance(data, dict):
        for key, value in data.items():
            if key in ("citations", "alternatives", "sources"):
                continue
            if key in ("en", "ja") and isinstance(value, str):
                yield value
            else:
                yield from payload_units(value)


def problems(
    atlas: natoatlas.Atlas, day: dt.date, units: list[tuple[str, str, bool]], future: bool = True
) -> list[str]:
    """What the texts of ``day`` say that the Atlas contradicts for that day; ``future`` also
    refuses later years (payloads keep whole records, dated notes of later days included)."""
    found = []
    allies = len(atlas.members(day))
    future_sgs = [s for s in atlas.secretaries_general if s.start.first_day > day]
    for section, text, dated in units:
        where = f"{day} [{section}] {text[:90]!r}"
        if "{" in text and texts.placeholders(text):
            found.append(f"{where}: placeholder left unfilled")
        if PLURALS.search(text):
            found.append(f"{where}: '1' with a plural noun")
        for sg in future_sgs:
            if sg.name.en in text or sg.name.ja in text:
                found.append(f"{where}: names {sg.name.en}, not in office until {sg.start}")
        if dated:
            continue
        if future and section not in FUTURE_ALLOWED and any(int(y) > day.year for y in YEAR.findall(text)):
            found.append(f"{where}: names a year after {day.year}")
        for pattern in ALL_ALLIES:
            for match in pattern.finditer(text):
                if int(match.group(1)) != allies:
                    found.append(f"{where}: says {match.group(1)} Allies, there were {allies}")
        for pattern in SOME_ALLIES:
            for match in pattern.finditer(text):
                if int(match.group(1)) > allies:
                    found.append(f"{where}: says {match.group(1)} Allies, there were {allies}")
    return found


@pytest.fixture(autouse=True)
def _no_drawing(monkeypatch: pytest.MonkeyPatch) -> None:
    """The figures are not what is checked here: skip drawing them."""
    from natoatlas.render import charts

    monkeypatch.setattr(charts, "render", lambda spec, fmt: b"<svg></svg>")


@pytest.mark.parametrize("on", DAYS)
@pytest.mark.parametrize("lang", ["ja", "en"])
def test_briefing_texts_follow_the_date(atlas: natoatlas.Atlas, on: str, lang: str) -> None:
    from natoatlas.render.writers.markdown import render

    day = dt.date.fromisoformat(on)
    brief = build(atlas, on=day, lang=lang, sections=SECTIONS, since=dt.date(day.year - 1, 1, 1))
    markdown = render(brief).decode("utf-8").replace(" | ", " ").replace("**", "")
    units = list(briefing_units(brief))
    flat = " ".join(markdown.split())
    assert [t for _, t, _ in units if t and "|" not in t and " ".join(t.split()) not in flat] == []
    assert problems(atlas, day, units) == []


@pytest.mark.parametrize("on", DAYS)
def test_payload_texts_follow_the_date(atlas: natoatlas.Atlas, on: str) -> None:
    day = dt.date.fromisoformat(on)
    units = [("overview", t, False) for t in payload_units(to_json(overview_views.overview(atlas, day)))]
    units += [("organisation", t, False) for t in payload_units(to_json(sections.organisation(atlas, day)))]
    active = [f for f in to_json(sections.partners(atlas, day))["frameworks"] if f["active"]]
    units += [("partners", t, False) for t in payload_units([f["description"] for f in active])]
    assert problems(atlas, day, units, future=False) == []


@pytest.mark.parametrize("on", DAYS)
def test_overview_states_the_facts_of_the_day(atlas: natoatlas.Atlas, on: str) -> None:
    day = dt.date.fromisoformat(on)
    for lang in ("ja", "en"):
        rows = {row.label: row.value for row in overview_views.facts(atlas, day, lang)}
        count = len(atlas.members(day))
        assert rows["加盟国" if lang == "ja" else "Allies"] == (
            f"{count}か国" if lang == "ja" else str(count)
        )
        sg = atlas.secretary_general(day)
        assert (sg.name.get(lang) if sg else ("なし" if lang == "ja" else "none")) in rows[
            "事務総長" if lang == "ja" else "Secretary General"
        ]
        newest = rows["最新の加盟国" if lang == "ja" else "Newest Ally"]
        for member in atlas.newest_members(day):
            assert member.country.name_on(day).get(lang) in newest


@pytest.mark.parametrize("on", DAYS)
def test_partner_counts_are_the_days(atlas: natoatlas.Atlas, on: str) -> None:
    day = dt.date.fromisoformat(on)
    brief = build(atlas, on=day, lang="en", sections=["partners"])
    titles = [b.title for b in brief.sections[0].blocks if isinstance(b, Bullets) and b.title]
    active = [f for f in atlas.frameworks.values() if f.holds_on(day)]
    assert len(titles) == len(active)
    for framework in active:
        title = next(t for t in titles if t.startswith(framework.name_on(day).get("en")))
        n = len(atlas.partners(framework.id, day))
        if framework.kind in ("council", "commission") or not n:
            assert "partner" not in title.removeprefix(framework.name_on(day).get("en")), (
                title
            )  # as the reference
        else:
            assert f" {n} partner{'' if n == 1 else 's'}, " in title, title


def test_the_checker_catches_a_fixed_count(atlas: natoatlas.Atlas) -> None:
    """The old North Atlantic Council text ("the 32 member countries" on every date) fails."""
    day = dt.date(1960, 1, 1)
    old = [
        ("organisation", "加盟32か国の代表", False),
        ("organisation", "made up of representatives of the 32 member countries", False),
        ("overview", "Secretary General: Mark Rutte", False),
        ("partners", "NATO–Russia Council 1 partners", False),
        ("organisation", "The Allies in the integrated structure (18 Allies in 2003)", False),
    ]
    found = "\n".join(problems(atlas, day, old))
    assert "'加盟32か国の代表': says 32 Allies, there were 15" in found
    assert "'made up of representatives of the 32 member countries': says 32 Allies" in found
    assert "names Mark Rutte, not in office until 2024-10-01" in found
    assert "'1' with a plural noun" in found
    assert "names a year after 1960" in found
    assert problems(atlas, day, [("organisation", "加盟15か国の代表", False)]) == []


def test_placeholders_fill_for_the_day(atlas: natoatlas.Atlas) -> None:
    text = natoatlas.kb.model.Text(en="the {allies} member countries", ja="加盟{allies}か国")
    assert texts.fill_text(text, atlas, dt.date(1960, 1, 1), "ja") == "加盟15か国"
    assert texts.fill_text(text, atlas, dt.date(2026, 12, 1), "en") == "the 32 member countries"
    assert texts.fill("{partners:ip4} and {sg}", atlas, dt.date(2026, 12, 1), "en") == "4 and Mark Rutte"
    assert texts.fill("{newest}", atlas, dt.date(2024, 3, 7), "en") == "Sweden"
    assert texts.fill("{unknown} {partners:nope}", atlas, dt.date(2026, 12, 1), "en") == (
        "{unknown} {partners:nope}"
    )


def test_every_placeholder_in_the_data_is_known(atlas: natoatlas.Atlas) -> None:
    assert texts.unknown(atlas) == []


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_no_pillar_of_the_overview_stands_empty(atlas: natoatlas.Atlas, lang: str) -> None:
    # A day before the data's first forces and spending totals says so under the pillar; a day
    # after has the figures, and the line is gone.
    for on in ("1960-01-01", "2010-01-01", "2025-05-01"):
        (section,) = build(atlas, on=on, lang=lang, sections=["overview"]).sections
        pillars = [b for b in section.blocks if isinstance(b, Bullets) and b.title]
        assert pillars and all(p.items for p in pillars), (on, lang)
        held = all(
            atlas.figure(m, on=on) is not None for m in ("armed-forces-personnel", "defence-expenditure")
        )
        none = "未収録" if lang == "ja" else "no figure"
        assert any(none in item for item in pillars[0].items) is not held, (on, lang)
