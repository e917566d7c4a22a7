"""The rules' and renderers' messages: every id they name exists (also those not passed to
``msg`` directly: ``both(...)``, tables of ids, ids built from a key), counts have both forms,
and the briefing, charts and maps take their text from the catalogue in either language."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

import natoatlas
from natoatlas.atlas import Atlas
from natoatlas.kb.bilingual import both
from natoatlas.messages import catalogue, msg
from natoatlas.render import charts, maps
from natoatlas.render.briefing import SECTIONS, build
from natoatlas.render.briefing.blocks import SOURCE_KINDS

SRC = Path(natoatlas.__file__).parent
#: A quoted message id of the rules' and renderers' areas, anywhere in the code.
ID = re.compile(
    r"""["']((?:brief|chart|map|covers|change|source|count|list|date|org|slide|text)\.[a-z0-9][a-z0-9.\-]*)["']"""
)
COUNT = re.compile(r"""\.count\(\s*["']([a-z0-9.\-]+)["']""")
FILES = [*sorted((SRC / "render").rglob("*.py")), *sorted((SRC / "rules").glob("*.py")), SRC / "dates.py"]


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(SRC)))
def test_every_quoted_id_is_in_the_catalogue(path: Path) -> None:
    known = catalogue()
    text = path.read_text(encoding="utf-8")
    counts = set(COUNT.findall(text))
    quoted = {m for m in ID.findall(text) if not m.endswith(".")} - counts
    counted = {f"{key}.{form}" for key in counts for form in ("one", "other")}
    assert sorted((quoted | counted) - known.keys()) == []


def test_ids_built_from_keys_exist() -> None:
    known = catalogue()
    built = [f"brief.section.{key}" for key in (*SECTIONS, "changes")]
    built += [f"source.kind.{kind}" for kind in SOURCE_KINDS]
    built += [
        f"covers.reason.not-ally.{where}.{tense}"
        for where in ("itself", "in")
        for tense in ("past", "present")
    ]
    belongs = [k for k in known if k.startswith("covers.belongs.") and not k.endswith(".but")]
    built += [f"{k}.but" for k in belongs]
    assert sorted(set(built) - known.keys()) == []


def test_both_fills_each_language_with_its_own_values() -> None:
    from natoatlas.kb.model import Text

    text = both("change.ally-joined", name=Text(en="Finland", ja="フィンランド"))
    assert (text.en, text.ja) == ("Finland joined NATO", "フィンランドがNATOに加盟")
    assert text.ja_ours


def test_briefing_headings_are_the_catalogues(atlas: Atlas) -> None:
    for lang in ("ja", "en"):
        brief = build(atlas, on="2025-05-01", lang=lang, sections=["overview", "japan"])
        assert brief.title == msg("brief.title", lang)
        assert [s.title for s in brief.sections] == [
            msg("brief.section.overview", lang),
            msg("brief.section.japan", lang),
        ]
    ja = build(atlas, on="2025-05-01", lang="ja", sections=["overview"])
    assert ja.date_line == "令和7年5月"


def test_charts_and_maps_are_titled_from_the_catalogue(atlas: Atlas) -> None:
    day = dt.date(2025, 5, 1)
    n = len(atlas.members(on=day))
    for lang in ("ja", "en"):
        members = maps.members_map(atlas, day, lang)
        assert members["title"]["text"] == msg("map.members.title", lang, n=n)
        assert members["title"]["subtitle"][0] == msg("map.attribution", lang)
        assert maps.forces_map(atlas, day, lang)["title"]["text"] == msg("map.forces.title", lang)
        chart = charts.compliance_chart(atlas, 2.0, None, lang)
        assert chart["title"]["text"] == msg("chart.compliance.title", lang, target="2")
