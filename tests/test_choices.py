"""Choices as data: what the briefing highlights and what a map shows are fields of the records,
so a translation fix in the data keeps every line, and an editor chooses without a code change."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import natoatlas
from natoatlas.kb import choices, datafile
from natoatlas.kb.model import FILES, Place, Summit
from natoatlas.render import maps
from natoatlas.views.numbering import numbering

ON = "2025-05-01"


def _edit(folder: Path, name: str, change: Callable[[list[dict[str, Any]]], None]) -> None:
    path = folder / name
    records = datafile.read(path)
    change(records)
    path.write_text(datafile.dump(records), encoding="utf-8")


def _brief(run: Any, folder: Path, out: Path, lang: str = "ja", sections: str = "overview") -> str:
    result = run(
        "--data", str(folder), "brief", "--on", ON, "--lang", lang, "--sections", sections, "-o", str(out)
    )
    assert result.code == 0, result.err
    return out.read_text(encoding="utf-8")


def _highlighted(records: list[dict[str, Any]], items: str, tag: str) -> dict[str, Any]:
    found: list[dict[str, Any]] = [
        item for r in records for item in r.get(items, ()) if tag in item.get("highlight", ())
    ]
    assert len(found) == 1, f"expected one item highlighted {tag!r}"
    return found[0]


@pytest.mark.parametrize(
    ("name", "items", "tag", "section"),
    [
        ("summits.yaml", "decisions", "china", "overview"),
        ("summits.yaml", "decisions", "spending-pledge", "spending"),
    ],
)
def test_a_translation_fix_keeps_the_highlighted_line(
    run: Any, data_copy: Path, tmp_path: Path, name: str, items: str, tag: str, section: str
) -> None:
    """Rewording a highlighted text (none of its old words kept) changes the line, never drops it."""
    before = _brief(run, data_copy, tmp_path / "before.md", sections=section)
    old = _highlighted(datafile.read(data_copy / name), items, tag)["ja"]
    assert old.rstrip("。") in before
    new = "編集者が訳文を改めた一文"

    def reword(records: list[dict[str, Any]]) -> None:
        _highlighted(records, items, tag)["ja"] = new + "。"

    _edit(data_copy, name, reword)
    after = _brief(run, data_copy, tmp_path / "after.md", sections=section)
    assert new in after and old.rstrip("。") not in after
    # The same number of lines: the reworded one replaced the old one in place.
    assert len(after.splitlines()) == len(before.splitlines())
    assert before.replace(old.rstrip("。"), new) == after


def test_a_reworded_concept_point_keeps_the_china_line(run: Any, data_copy: Path, tmp_path: Path) -> None:
    """The overview says the 2022 Concept names China for the first time because a point is tagged
    so, not because its Japanese contains 初めて中国."""
    line = "に採択されたNATOの新「戦略概念」に中国を初めて記載するなど、対中認識を強化。"
    assert line in _brief(run, data_copy, tmp_path / "before.md")

    def reword(records: list[dict[str, Any]]) -> None:
        _highlighted(records, "points", "china")["ja"] = "編集者が訳文を改めた一文。"

    _edit(data_copy, "concepts.yaml", reword)
    assert line in _brief(run, data_copy, tmp_path / "after.md")


def test_the_tag_is_what_chooses(run: Any, data_copy: Path, tmp_path: Path) -> None:
    """Without the ``china`` tag the overview has no China line, whatever the text says."""
    before = _brief(run, data_copy, tmp_path / "before.md")

    def untag(records: list[dict[str, Any]]) -> None:
        _highlighted(records, "decisions", "china")["highlight"].remove("china")

    _edit(data_copy, "summits.yaml", untag)
    after = _brief(run, data_copy, tmp_path / "after.md")
    assert "首脳会合でNATOとして初めて中国に言及" in before
    assert "首脳会合でNATOとして初めて中国に言及" not in after


def test_prime_minister_and_cyber_lines_follow_their_tags(run: Any, data_copy: Path, tmp_path: Path) -> None:
    before = _brief(run, data_copy, tmp_path / "before.md", lang="en")
    assert "attended a NATO summit for the first time" in before
    assert "CyCon" in before

    def retitle(records: list[dict[str, Any]]) -> None:
        for e in records:
            if "pm-at-summit" in e.get("highlight", ()):
                e["title"]["ja"] = "首相のサミット参加"

    def untag_centre(records: list[dict[str, Any]]) -> None:
        for p in records:
            if "cyber" in p.get("highlight", ()):
                p["highlight"].remove("cyber")

    _edit(data_copy, "events.yaml", retitle)
    _edit(data_copy, "places.yaml", untag_centre)
    after = _brief(run, data_copy, tmp_path / "after.md", lang="en")
    assert "attended a NATO summit for the first time" in after
    assert "CyCon" not in after


def test_the_commands_map_shows_the_places_the_data_names(atlas: natoatlas.Atlas) -> None:
    day = atlas.places[0].start.first_day.replace(year=2025, month=5, day=1)
    shown = {n.entry.place.id for n in numbering(atlas, day)}
    live = {p.id for p in atlas.places if p.holds_on(day)}
    assert shown == {p.id for p in atlas.places if "commands" in p.maps} & live
    assert "act" in live - shown  # Norfolk is off the map of Europe
    assert "ccdcoe" in live - shown  # a centre, not a command or a force


def test_choices_stay_out_of_payloads_and_exports(run: Any, tmp_path: Path) -> None:
    """The records' published shapes (``--json``, exports) are as documented: no choice fields."""
    summits = run("summits", "--on", ON, "--json")
    assert summits.code == 0
    text = summits.out
    assert '"highlight"' not in text and '"maps"' not in text
    assert json.loads(text)["summits"][0]["decisions"] is not None
    assert run("export", "--format", "csv", str(tmp_path / "csv")).code == 0
    headers = {
        p.name: p.read_text(encoding="utf-8").splitlines()[0] for p in (tmp_path / "csv").glob("*.csv")
    }
    leaked = []
    for file, model in FILES.items():
        header = headers.get(file.rsplit(".", 1)[0] + ".csv", "").split(",")
        leaked += [(file, n) for n in model.fields() if choices.is_choice(model, n) and n in header]
    assert not leaked
    assert "region" not in headers["countries.csv"].split(",")
    assert "region" in headers["territories.csv"].split(",")  # a territory's region is a published fact
    assert "highlight" not in headers["summits_decisions.csv"]


def test_every_field_marked_in_the_model_is_a_choice() -> None:
    """A field written ``Annotated[..., CHOICE]`` (or ``Highlights``) is found as one, wherever the
    types it names are defined in model.py (a forward reference must not hide the marker)."""
    from natoatlas.kb import model as module
    from natoatlas.kb.record import Frozen

    marked, found = set(), set()
    for cls in vars(module).values():
        if not (isinstance(cls, type) and issubclass(cls, Frozen) and cls.__module__ == module.__name__):
            continue
        for name, annotation in cls.__annotations__.items():
            if "CHOICE" in str(annotation) or "Highlights" in str(annotation):
                marked.add((cls.__name__, name))
        found |= {
            (cls.__name__, n) for n in cls.fields() if n in cls.__annotations__ and choices.is_choice(cls, n)
        }
    assert marked and marked == found


def test_excluded_reaches_nested_items() -> None:
    assert choices.excluded(Summit) == {"decisions": {"__all__": {"highlight": True}}}
    assert choices.excluded(Place) == {
        "highlight": True,
        "maps": True,
        "rank": True,
        "shares_number": True,
        "numbered": True,
        "under": True,
        "commander": True,
    }
    # Every choice field of every file's model is found by ``excluded``.
    for model in FILES.values():
        for name in model.fields():
            if choices.is_choice(model, name):
                assert (choices.excluded(model) or {}).get(name) is True


def test_no_armed_forces_is_a_cited_fact_of_the_data(atlas: natoatlas.Atlas) -> None:
    iceland = atlas.countries["ISL"]
    assert not iceland.armed_forces and iceland.no_armed_forces is not None
    assert iceland.no_armed_forces.source in atlas.sources
    assert "Iceland" in (iceland.no_armed_forces.quote or "")
    assert atlas.spending.no_armed_forces == {c.id for c in atlas.countries.values() if not c.armed_forces}
    assert "ISL" not in atlas.spending.expected_allies(2024)


def test_an_ally_without_armed_forces_is_left_out_by_the_data_alone(data_copy: Path) -> None:
    """Marking another Ally as without armed forces (with a source) takes it out of the expected Allies."""
    before = natoatlas.load(data_copy).spending.expected_allies(2024)

    def mark(records: list[dict[str, Any]]) -> None:
        for c in records:
            if c["id"] == "LUX":
                c["no_armed_forces"] = {"source": "tass-2025-08-28", "quote": "a test quote"}

    _edit(data_copy, "countries.yaml", mark)
    after = natoatlas.load(data_copy).spending.expected_allies(2024)
    assert set(before) - set(after) == {"LUX"}


def test_aggregates_come_from_the_data(atlas: natoatlas.Atlas, data_copy: Path) -> None:
    assert set(atlas.aggregates) == {f.ally for f in atlas.spending_figures if not f.ally.isupper()}
    total = atlas.spending.series("nato-total", release="nato-defexp-2024-06")
    assert total and all(f.ally == "nato-total" for f in total)

    # A row naming an aggregate that aggregates.yaml does not hold is refused, with file and rule.
    def drop_total(records: list[dict[str, Any]]) -> None:
        records[:] = [r for r in records if r["id"] != "nato-total"]

    _edit(data_copy, "aggregates.yaml", drop_total)
    problems = natoatlas.check(data_copy)
    assert problems and {(p.file, p.rule) for p in problems} == {("spending.csv", "unknown-reference")}
    assert all("nato-total" in p.message for p in problems)


def test_home_regions_and_their_clauses_are_data(atlas: natoatlas.Atlas, data_copy: Path) -> None:
    """Article 6's area by region comes from regions.yaml and each Ally's ``region``."""
    allies = {m.country for m in atlas.memberships}
    assert all(atlas.countries[c].region for c in allies)
    assert atlas.countries["TUR"].region == "turkey" and atlas.regions["turkey"].clause == "turkey"
    pacific = atlas.treaty.covers("Honolulu", on="2025-05-01")
    assert not pacific.covered and "the Pacific" in pacific.reason.en

    def rename(records: list[dict[str, Any]]) -> None:
        for r in records:
            if r["id"] == "pacific":
                r["name"]["en"] = "the Pacific Ocean"

    def forget(records: list[dict[str, Any]]) -> None:
        for c in records:
            if c["id"] == "NOR":
                del c["region"]

    _edit(data_copy, "regions.yaml", rename)
    renamed = natoatlas.load(data_copy).treaty.covers("Honolulu", on="2025-05-01")
    assert "the Pacific Ocean" in renamed.reason.en
    _edit(data_copy, "countries.yaml", forget)
    problems = natoatlas.check(data_copy)
    assert [(p.file, p.record, p.rule) for p in problems] == [("countries.yaml", "NOR", "missing-region")]


def test_the_briefing_orders_frameworks_and_operations_by_the_data(
    run: Any, data_copy: Path, tmp_path: Path
) -> None:
    """The order of section 4's frameworks and section 9's ongoing operations is the data's ``rank``."""
    before = _brief(run, data_copy, tmp_path / "before.md", lang="en", sections="partners,operations")
    assert before.index("Mediterranean Dialogue") < before.index("Istanbul Cooperation Initiative")
    assert before.index("Kosovo Force") < before.index("Maritime security")

    def swap_frameworks(records: list[dict[str, Any]]) -> None:
        ranks = {f["id"]: f for f in records}
        ranks["md"]["rank"], ranks["ici"]["rank"] = ranks["ici"]["rank"], ranks["md"]["rank"]

    def kfor_last(records: list[dict[str, Any]]) -> None:
        for o in records:
            if o["id"] == "kfor":
                o["rank"] = 99

    _edit(data_copy, "frameworks.yaml", swap_frameworks)
    _edit(data_copy, "operations.yaml", kfor_last)
    after = _brief(run, data_copy, tmp_path / "after.md", lang="en", sections="partners,operations")
    assert after.index("Mediterranean Dialogue") > after.index("Istanbul Cooperation Initiative")
    assert after.index("Kosovo Force") > after.index("Maritime security")


def test_the_partners_map_shows_the_frameworks_the_data_names(
    atlas: natoatlas.Atlas, data_copy: Path
) -> None:
    assert maps.partner_frameworks(atlas) == ("pfp", "md", "ici", "pag")

    def drop_ici(records: list[dict[str, Any]]) -> None:
        for f in records:
            if f["id"] == "ici":
                del f["maps"]

    _edit(data_copy, "frameworks.yaml", drop_ici)
    other = natoatlas.load(data_copy)
    assert maps.partner_frameworks(other) == ("pfp", "md", "pag")
    legend = json.dumps(maps.partners_map(other, other.founded.first_day.replace(year=2025), "en"))
    assert "Istanbul Cooperation Initiative" not in legend and "Mediterranean Dialogue" in legend


def test_the_organisation_chart_hangs_boxes_as_the_data_says(atlas: natoatlas.Atlas, data_copy: Path) -> None:
    from natoatlas.render.briefing.orgchart import organisation_chart

    day = atlas.founded.first_day.replace(year=2025, month=5, day=1)
    chart = organisation_chart(atlas, day, "en")
    assert chart is not None
    parents = {n.id: n.parent for n in chart.nodes}
    assert parents["nac"] is None and parents["npg"] == "nac" and parents["shape"] == "military-committee"
    assert next(n for n in chart.nodes if n.id == "shape").detail.startswith("SACEUR ")

    def npg_under_mc(records: list[dict[str, Any]]) -> None:
        for b in records:
            if b["id"] == "npg":
                b["under"] = "military-committee"

    _edit(data_copy, "bodies.yaml", npg_under_mc)
    moved = organisation_chart(natoatlas.load(data_copy), day, "en")
    assert moved is not None and {n.id: n.parent for n in moved.nodes}["npg"] == "military-committee"


def test_the_concepts_history_is_the_datas(run: Any, data_copy: Path, tmp_path: Path) -> None:
    """Section 7's history of the Concepts: each adopted Concept's ``history``, in order."""
    before = _brief(run, data_copy, tmp_path / "before.md", sections="concept")
    assert "(1999年「戦略概念」(第6版)に反映。)" in before

    def reword(records: list[dict[str, Any]]) -> None:
        for c in records:
            if c["id"] == "sc-1999":
                c["history"]["ja"] = "編集者が改めた経緯。"

    _edit(data_copy, "concepts.yaml", reword)
    after = _brief(run, data_copy, tmp_path / "after.md", sections="concept")
    assert "編集者が改めた経緯。" in after and "(第6版)に反映" not in after
    assert after.index("編集者が改めた経緯。") < after.index("(第7版)に反映")


def test_territories_drawn_apart_are_coloured_as_the_data_says(atlas: natoatlas.Atlas) -> None:
    day = atlas.founded.first_day.replace(year=2025, month=5, day=1)
    drawn = {t.id: t.map_feature for t in atlas.territories if t.map_feature}
    assert drawn == {"greenland": "GRL", "faroe-islands": "FRO", "svalbard": "SJM"}
    groups = maps.ally_groups(atlas, day)
    assert {"GRL", "FRO", "SJM", "DNK", "NOR"} <= set(groups)
    # Before the Treaty, no Ally: nothing is coloured, territories included.
    assert maps.ally_groups(atlas, atlas.founded.first_day.replace(year=1948)) == {}


def test_the_ids_choices_name_are_checked(data_copy: Path) -> None:
    def bad_commander(records: list[dict[str, Any]]) -> None:
        for p in records:
            if p["id"] == "shape":
                p["commander"] = "no-such-office"

    _edit(data_copy, "places.yaml", bad_commander)
    problems = natoatlas.check(data_copy)
    assert [(p.file, p.record, p.rule) for p in problems] == [("places.yaml", "shape", "unknown-reference")]
    assert "commander 'no-such-office' is not in offices.yaml" in problems[0].message
