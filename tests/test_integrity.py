"""The data model declares its integrity: references typed by what they point to and checked by
one walker, alternatives checked against their field's type, one interval type.

Each test breaks a copy of the packaged data the way an editor might, runs
``natoatlas check --data DIR`` on it, and asserts the exit code and the problem's file, record
and rule.
"""

from __future__ import annotations

import datetime as dt
import typing
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import natoatlas
from natoatlas.kb import datafile, refs, shapes
from natoatlas.kb.model import FILES, Interval, Summit
from natoatlas.kb.record import Frozen
from natoatlas.kb.validate import DataError


def edit(folder: Path, name: str, change: Callable[[list[dict[str, Any]]], None]) -> None:
    records = datafile.read(folder / name)
    change(records)
    (folder / name).write_text(datafile.dump(records), encoding="utf-8")


def find(records: list[dict[str, Any]], **match: Any) -> dict[str, Any]:
    return next(r for r in records if all(r.get(k) == v for k, v in match.items()))


def refused(run: Any, folder: Path) -> list[str]:
    """The problems ``natoatlas check --data folder`` prints; it must exit 1."""
    result = run("check", "--data", str(folder))
    assert result.code == 1, result.out
    assert "problem(s) found." in result.err
    lines: list[str] = result.out.splitlines()
    return lines


def test_the_real_data_passes(data_copy: Path, run: Any) -> None:
    result = run("check", "--data", str(data_copy))
    assert (result.code, result.out) == (0, "data OK\n")


def test_check_data_names_a_folder_that_exists(tmp_path: Path, run: Any) -> None:
    result = run("check", "--data", str(tmp_path / "nowhere"))
    assert result.code == 2
    assert "--data" in result.err


def test_check_data_reads_the_folder_given(data_copy: Path, run: Any) -> None:
    # Only the copy is broken: the packaged data, checked without --data, still passes.
    edit(data_copy, "headquarters.yaml", lambda rs: find(rs, id="london").update(country="FIX"))
    assert "headquarters.yaml: london: [unknown-reference] country 'FIX' is not in countries.yaml" in refused(
        run, data_copy
    )
    assert run("check").code == 0


def test_spending_row_naming_an_unknown_release(data_copy: Path, run: Any) -> None:
    path = data_copy / "spending.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    row = lines[1].split(",")
    row[header.index("release")] = "nato-defexp-2099-06"
    row[header.index("year")] = "2099"
    path.write_text("\n".join([*lines, ",".join(row)]) + "\n", encoding="utf-8")
    key = "/".join(row[header.index(k)] for k in ("release", "ally", "year", "measure"))
    assert (
        f"spending.csv: {key}: [unknown-reference] release 'nato-defexp-2099-06' is not in releases.yaml"
        in refused(run, data_copy)
    )


def test_target_naming_an_unknown_summit(data_copy: Path, run: Any) -> None:
    edit(
        data_copy,
        "targets.yaml",
        lambda rs: find(rs, id="wales-2014-2pct").update(summit="summit-2014-cardiff"),
    )
    assert (
        "targets.yaml: wales-2014-2pct: [unknown-reference] summit 'summit-2014-cardiff' is not in summits.yaml"
        in refused(run, data_copy)
    )
    # The briefing, which looked the summit up and stopped with StopIteration, never sees it.
    with pytest.raises(DataError):
        natoatlas.load(data_copy)


def test_target_superseded_by_an_unknown_target(data_copy: Path, run: Any) -> None:
    edit(data_copy, "targets.yaml", lambda rs: find(rs, id="wales-2014-2pct").update(superseded_by="nope"))
    assert (
        "targets.yaml: wales-2014-2pct: [unknown-reference] superseded_by 'nope' is not in targets.yaml"
        in (refused(run, data_copy))
    )


def test_treaty_article_amended_by_an_unknown_id(data_copy: Path, run: Any) -> None:
    edit(
        data_copy, "treaty.yaml", lambda rs: find(rs, id="article-6-1949").update(amended_by="protocol-1951")
    )
    assert (
        "treaty.yaml: article-6-1949: [unknown-source] amended_by 'protocol-1951' is not in sources.yaml"
        in refused(run, data_copy)
    )


def test_nested_references_are_found_with_their_path(data_copy: Path, run: Any) -> None:
    def spoil(rs: list[dict[str, Any]]) -> None:
        find(rs, id="cmc")["holders"][0]["country"] = "XYZ"

    edit(data_copy, "offices.yaml", spoil)
    edit(
        data_copy, "bodies.yaml", lambda rs: find(rs, id="military-committee").update(chair_office="chairman")
    )
    found = refused(run, data_copy)
    assert "offices.yaml: cmc: [unknown-reference] holders[0].country 'XYZ' is not in countries.yaml" in found
    assert (
        "bodies.yaml: military-committee: [unknown-reference] chair_office 'chairman' is not in offices.yaml"
        in found
    )


def test_what_follows_from_a_refused_record_is_not_reported_again(data_copy: Path, run: Any) -> None:
    # The Wales summit is refused for its date: the targets set there name it, but their
    # reference only follows from that problem, so it is one problem, not three.
    edit(
        data_copy, "summits.yaml", lambda rs: find(rs, id="summit-2014-wales").update({"from": "2014-09-31"})
    )
    found = refused(run, data_copy)
    assert [line.split(" (line ")[0] for line in found] == [
        "summits.yaml: summit-2014-wales: [malformed-date] from: '2014-09-31' is not a calendar date "
        "(day is out of range for month)"
    ]


def test_an_unknown_reference_beside_a_refused_record_of_another_kind_is_reported(
    data_copy: Path, run: Any
) -> None:
    # A refused record is matched by file and key, not by a quoted word in a message.
    edit(data_copy, "places.yaml", lambda rs: find(rs, id="bg-slovakia").update({"from": "nope"}))
    edit(
        data_copy,
        "bodies.yaml",
        lambda rs: find(rs, id="military-committee").update(chair_office="bg-slovakia"),
    )
    found = refused(run, data_copy)
    assert (
        "bodies.yaml: military-committee: [unknown-reference] chair_office 'bg-slovakia' is not in offices.yaml"
        in found
    )


def test_alternative_naming_a_field_the_record_does_not_have(data_copy: Path, run: Any) -> None:
    edit(
        data_copy,
        "summits.yaml",
        lambda rs: find(rs, id="summit-2019-london")["alternatives"][0].update(field="town"),
    )
    found = refused(run, data_copy)
    assert (
        "summits.yaml: summit-2019-london: [alternative] alternatives[0]: field 'town': Summit has no field 'town'"
        in (found)
    )


def test_alternative_naming_a_nested_item_that_does_not_exist(data_copy: Path, run: Any) -> None:
    edit(
        data_copy,
        "countries.yaml",
        lambda rs: find(rs, id="CZE")["alternatives"][0].update(field="names[5].from"),
    )
    assert (
        "countries.yaml: CZE: [alternative] alternatives[0]: field 'names[5].from': the record has no names[5]"
        in refused(run, data_copy)
    )


@pytest.mark.parametrize(
    ("file", "record", "field", "value", "reason"),
    [
        ("memberships.yaml", "GRC", "from", "1952-02-30", "is not a calendar date"),
        ("countries.yaml", "CZE", "names[1].from", "spring 2023", "is not a date of the form"),
        ("places.yaml", "aircom", "lat", "49°26′38″N", "valid number"),
        ("countries.yaml", "DNK", "wikidata", "756617", "should match pattern"),
    ],
)
def test_alternative_value_must_parse_as_its_field(
    data_copy: Path, run: Any, file: str, record: str, field: str, value: str, reason: str
) -> None:
    def spoil(rs: list[dict[str, Any]]) -> None:
        item = next(r for r in rs if record in (r.get("id"), r.get("country")))
        alternative = next(a for a in item.setdefault("alternatives", []) if a["field"] == field)
        alternative["value"] = value

    edit(data_copy, file, spoil)
    found = [p for p in refused(run, data_copy) if p.startswith(f"{file}: {record}: [alternative] ")]
    assert len(found) == 1, found
    assert f"value {value!r} is not a valid {field}: " in found[0] and reason in found[0], found[0]


def test_alternatives_in_words_stay_words(atlas: natoatlas.Atlas) -> None:
    # A field holding texts or records (a Text, a list of texts or of leads) takes its alternative
    # in words: the real data has such alternatives, and it passes (test_the_real_data_passes).
    named = {
        a.field for records in atlas.records.values() for r in records for a in getattr(r, "alternatives", ())
    }
    assert {"city", "leads", "points", "details", "name.ja"} <= named


def test_every_ref_names_a_kind_of_record_and_every_kind_is_reached(atlas: natoatlas.Atlas) -> None:
    kinds = {model.__name__ for model in FILES.values()}
    declared = {f.ref.kind for model in _models() for f in refs.refs_of(model) if f.ref is not None}
    assert declared <= kinds
    assert {
        "Country",
        "Source",
        "Release",
        "Summit",
        "Target",
        "Framework",
        "Place",
        "Office",
        "Operation",
    } <= declared
    # The walker finds, in the real data, references of every kind the model declares.
    found = {link.ref.kind for records in atlas.records.values() for r in records for link in refs.links(r)}
    assert found == declared


def _models() -> set[type[Frozen]]:
    """Every model reachable from the data files' record types."""
    seen: set[type[Frozen]] = set()
    todo: list[type[Frozen]] = list(FILES.values())
    while todo:
        model = todo.pop()
        if model in seen:
            continue
        seen.add(model)
        for info in model.fields().values():
            todo.extend(_nested(info.annotation))
    return seen


def _nested(annotation: Any) -> list[type[Frozen]]:
    if isinstance(annotation, type) and issubclass(annotation, Frozen):
        return [annotation]
    return [m for arg in typing.get_args(annotation) for m in _nested(arg)]


def test_one_interval_type(atlas: natoatlas.Atlas) -> None:
    # Every record with a time span is an Interval: inclusive start, exclusive end.
    for model in _models():
        if "start" in model.fields() or "last_day" in model.fields():
            assert issubclass(model, Interval), model
    wales = next(s for s in atlas.summits if s.id == "summit-2014-wales")
    assert (str(wales.start), str(wales.last_day), str(wales.end)) == (
        "2014-09-04",
        "2014-09-05",
        "2014-09-06",
    )
    assert wales.holds_on(dt.date(2014, 9, 5)) and not wales.holds_on(dt.date(2014, 9, 6))
    assert [s for s in atlas.summits if s.last_day is None] == []


def test_summit_whose_last_day_is_before_its_first(data_copy: Path, run: Any) -> None:
    edit(data_copy, "summits.yaml", lambda rs: find(rs, id="summit-2014-wales").update(last_day="2014-09-03"))
    assert (
        "summits.yaml: summit-2014-wales: [interval-order] last day (2014-09-03) is before the first (2014-09-04)"
        in refused(run, data_copy)
    )


def test_a_one_day_summit_holds_on_its_day_only() -> None:
    summit = shapes.validate(
        Summit,
        {"from": "1989-12-04", "id": "x", "city": {"en": "B", "ja": "B"}, "country": "BEL", "sources": ["s"]},
    )
    assert str(summit.end) == "1989-12-05"
    assert summit.holds_on(dt.date(1989, 12, 4)) and not summit.holds_on(dt.date(1989, 12, 5))


def test_an_operation_that_names_its_last_day(atlas: natoatlas.Atlas) -> None:
    # NATO: Unified Protector "ended on 31 October 2011": it ran that day, not the next.
    oup = next(o for o in atlas.operations if o.id == "unified-protector")
    assert (oup.to, str(oup.last_day), str(oup.end)) == (None, "2011-10-31", "2011-11-01")
    assert oup in atlas.operations_on("2011-10-31", status="ongoing")
    assert oup in atlas.operations_on("2011-11-01", status="ended")
    # Operations that store the first day they no longer ran keep it as their end.
    isaf = next(o for o in atlas.operations if o.id == "isaf")
    assert (str(isaf.to), isaf.last_day, str(isaf.end)) == ("2015-01-01", None, "2015-01-01")


def test_an_operation_gives_one_end(data_copy: Path, run: Any) -> None:
    edit(data_copy, "operations.yaml", lambda rs: find(rs, id="unified-protector").update(to="2011-11-01"))
    found = refused(run, data_copy)
    assert any(
        p.startswith(
            "operations.yaml: unified-protector: [schema] (record): give its end as to or as last_day, not both"
        )
        for p in found
    ), found


def test_a_lost_file_is_one_problem_not_one_per_reference(data_copy: Path, run: Any) -> None:
    # summits.yaml does not parse: the targets that name summits are not reported as well.
    (data_copy / "summits.yaml").write_text("- id: [unclosed\n", encoding="utf-8")
    found = refused(run, data_copy)
    assert len(found) == 1 and found[0].startswith("summits.yaml: -: [yaml]"), found
