"""Broken copies of the data are refused, each with a message naming file, record and rule."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import natoatlas
from natoatlas.kb import datafile


def edit(folder: Path, name: str, change: Callable[[list[dict[str, Any]]], None]) -> None:
    records = datafile.read(folder / name)
    change(records)
    (folder / name).write_text(datafile.dump(records), encoding="utf-8")


def find(records: list[dict[str, Any]], **match: Any) -> dict[str, Any]:
    return next(r for r in records if all(r.get(k) == v for k, v in match.items()))


def has(found: list[str], prefix: str) -> bool:
    """Whether a problem starts so: problems found in one record end with that record's line."""
    return any(p.startswith(prefix) for p in found)


def problems(folder: Path) -> list[str]:
    return [str(p) for p in natoatlas.check(folder)]


def test_packaged_data_is_valid() -> None:
    assert natoatlas.check() == []


def test_unknown_country_reference(data_copy: Path) -> None:
    edit(data_copy, "memberships.yaml", lambda rs: find(rs, country="FIN").update(country="FIX"))
    assert "memberships.yaml: FIX: [unknown-reference] country 'FIX' is not in countries.yaml" in problems(
        data_copy
    )


def test_deposit_must_agree_with_membership(data_copy: Path) -> None:
    edit(data_copy, "accession_steps.yaml", lambda rs: find(rs, id="swe-deposit").update(date="2024-03-08"))
    assert (
        "accession_steps.yaml: swe-deposit: [inconsistent] deposit on 2024-03-08 "
        "but no membership of SWE starts that day"
    ) in problems(data_copy)


def test_nested_interval_and_reference_are_checked(data_copy: Path) -> None:
    def break_lead(rs: list[dict[str, Any]]) -> None:
        find(rs, id="bg-slovakia")["leads"][0]["country"] = "XYZ"

    edit(data_copy, "places.yaml", break_lead)
    assert any(
        p.startswith("places.yaml: bg-slovakia: [unknown-reference] leads[0].country 'XYZ'")
        for p in problems(data_copy)
    )


def test_interval_that_ends_before_it_starts(data_copy: Path) -> None:
    edit(data_copy, "secretaries_general.yaml", lambda rs: find(rs, id="claes").update({"to": "1994-01-01"}))
    assert (
        "secretaries_general.yaml: claes: [interval-order] interval ends (1994-01-01) "
        "before or when it starts (1994-10-17)"
    ) in problems(data_copy)


def test_overlapping_intervals_of_one_kind(data_copy: Path) -> None:
    edit(
        data_copy,
        "secretaries_general.yaml",
        lambda rs: find(rs, id="stoltenberg").update({"to": "2024-12-01"}),
    )
    found = problems(data_copy)
    assert (
        "secretaries_general.yaml: Secretary General: [overlap] interval from 2014-10-01 to 2024-12-01 "
        "overlaps the one from 2024-10-01"
    ) in found


def test_overlapping_membership_of_one_country(data_copy: Path) -> None:
    def duplicate(rs: list[dict[str, Any]]) -> None:
        rs.append({"country": "FIN", "from": "2023-05-01", "sources": ["mofa-briefing-2025-05"]})

    edit(data_copy, "memberships.yaml", duplicate)
    assert any(p.startswith("memberships.yaml: FIN: [overlap]") for p in problems(data_copy))


def test_missing_source(data_copy: Path) -> None:
    edit(data_copy, "memberships.yaml", lambda rs: find(rs, country="SWE").update(sources=[]))
    assert has(problems(data_copy), "memberships.yaml: SWE: [missing-source] sources: no source given (line ")


def test_missing_source_field(data_copy: Path) -> None:
    edit(data_copy, "headquarters.yaml", lambda rs: find(rs, id="london").pop("sources"))
    assert has(
        problems(data_copy), "headquarters.yaml: london: [missing-source] sources: no source given (line "
    )


def test_unknown_source(data_copy: Path) -> None:
    edit(data_copy, "memberships.yaml", lambda rs: find(rs, country="SWE").update(sources=["no-such-source"]))
    assert (
        "memberships.yaml: SWE: [unknown-source] source 'no-such-source' is not in sources.yaml"
        in problems(data_copy)
    )


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ("2023-13-04", "from: '2023-13-04' is not a calendar date"),
        ("2023/04/04", "from: '2023/04/04' is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD"),
    ],
)
def test_malformed_date(data_copy: Path, bad: str, message: str) -> None:
    edit(data_copy, "memberships.yaml", lambda rs: find(rs, country="FIN").update({"from": bad}))
    found = problems(data_copy)
    assert any(p.startswith("memberships.yaml: FIN: [malformed-date] " + message) for p in found), found


def test_membership_needs_day_precision(data_copy: Path) -> None:
    edit(data_copy, "memberships.yaml", lambda rs: find(rs, country="FIN").update({"from": "2023-04"}))
    assert "memberships.yaml: FIN: [precision] membership must start on a day, not 2023-04" in problems(
        data_copy
    )


def test_missing_japanese_name(data_copy: Path) -> None:
    edit(data_copy, "countries.yaml", lambda rs: find(rs, id="FIN")["names"][0].pop("ja"))
    assert has(
        problems(data_copy), "countries.yaml: FIN: [missing-name] names.0.ja: missing Japanese name (line "
    )


def test_missing_english_name(data_copy: Path) -> None:
    edit(data_copy, "secretaries_general.yaml", lambda rs: find(rs, id="rutte")["name"].update(en=""))
    assert has(
        problems(data_copy),
        "secretaries_general.yaml: rutte: [missing-name] name.en: missing English name (line ",
    )


def test_norway_unquoted_is_caught(data_copy: Path) -> None:
    # PyYAML reads a bare NO as false: the schema must refuse it, not load Norway as False.
    path = data_copy / "countries.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("alpha2: 'NO'", "alpha2: NO"), encoding="utf-8")
    assert any(p.startswith("countries.yaml: NOR: [schema] alpha2:") for p in problems(data_copy))


def test_duplicate_id(data_copy: Path) -> None:
    edit(data_copy, "headquarters.yaml", lambda rs: rs.append(dict(find(rs, id="london"))))
    assert "headquarters.yaml: london: [duplicate-id] id 'london' is used twice" in problems(data_copy)


def test_unknown_field(data_copy: Path) -> None:
    edit(data_copy, "figures.yaml", lambda rs: rs[0].update(colour="blue"))
    assert any("[unknown-field] colour: field not in the schema" in p for p in problems(data_copy))


def test_all_problems_are_reported_and_nothing_loads(data_copy: Path) -> None:
    edit(data_copy, "headquarters.yaml", lambda rs: find(rs, id="paris-chaillot").update(country="FIX"))
    edit(
        data_copy,
        "headquarters.yaml",
        lambda rs: find(rs, id="london").update(sources=["nope"], citations=[]),
    )
    with pytest.raises(natoatlas.DataError) as caught:
        natoatlas.load(data_copy)
    assert len(caught.value.problems) == 2
    assert "2 problem(s) in the data" in str(caught.value)


def test_check_command_prints_problems_and_fails(
    data_copy: Path, monkeypatch: pytest.MonkeyPatch, run: Any
) -> None:
    edit(data_copy, "headquarters.yaml", lambda rs: find(rs, id="london").update(country="FIX"))
    monkeypatch.setattr(datafile, "default_dir", lambda: data_copy)
    result = run("check")
    assert result.code == 1
    assert "headquarters.yaml: london: [unknown-reference] country 'FIX'" in result.out
    assert "1 problem(s) found." in result.err


def test_yaml_syntax_error(data_copy: Path) -> None:
    (data_copy / "figures.yaml").write_text("- id: [unclosed\n", encoding="utf-8")
    assert any(p.startswith("figures.yaml: -: [yaml]") for p in problems(data_copy))


@pytest.mark.slow
def test_checked_data_is_cached_and_a_change_is_checked_again(
    data_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from natoatlas.kb import loader

    monkeypatch.setenv("NATOATLAS_CACHE", str(tmp_path / "cache"))
    first = natoatlas.load(data_copy)
    cached = list((tmp_path / "cache").glob("data-*.json"))
    assert len(cached) == 1
    again = natoatlas.load(data_copy)
    assert len(again.members(on="2025-05-01")) == len(first.members(on="2025-05-01")) == 32
    assert again.countries["NOR"].alpha2 == "NO"
    # A change to any file changes the key: the broken copy is checked and refused, not served.
    edit(data_copy, "headquarters.yaml", lambda rs: find(rs, id="london").update(country="FIX"))
    with pytest.raises(natoatlas.DataError):
        natoatlas.load(data_copy)
    # A damaged cache file is ignored.
    cached[0].write_text("{not json", encoding="utf-8")
    assert loader._read_cache("x" * 64) is None


def test_impossible_date_is_one_problem_with_its_line(data_copy: Path) -> None:
    # Unquoted, YAML itself would fail on 2023-02-30 and lose the whole file (20 follow-on errors).
    path = data_copy / "memberships.yaml"
    text = path.read_text(encoding="utf-8").replace("from: '2023-04-04'", "from: 2023-02-30", 1)
    path.write_text(text, encoding="utf-8")
    lines = text.splitlines()
    at = lines.index("  from: 2023-02-30")
    start = max(i for i in range(at) if lines[i].startswith("- ")) + 1
    assert problems(data_copy) == [
        "memberships.yaml: FIN: [malformed-date] from: '2023-02-30' is not a calendar date "
        f"(day is out of range for month) (line {start})"
    ]


def test_key_repeated_in_one_record(data_copy: Path) -> None:
    path = data_copy / "headquarters.yaml"
    text = path.read_text(encoding="utf-8").replace("  id: london\n", "  id: london\n  id: london2\n", 1)
    path.write_text(text, encoding="utf-8")
    line = text.splitlines().index("  id: london2") + 1
    assert (
        f"headquarters.yaml: -: [duplicate-key] key 'id' is given twice in one mapping (line {line})"
        in problems(data_copy)
    )


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("-1.29", "value -1.29 is outside 0–100 for pct_gdp"),
        ("5000", "value 5000.0 is outside 0–100 for pct_gdp"),
        ("nan", "value nan is not a finite number"),
        ("inf", "value inf is not a finite number"),
    ],
)
def test_spending_value_out_of_range(data_copy: Path, value: str, message: str) -> None:
    path = data_copy / "spending.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    row = next(i for i, line in enumerate(lines) if ",pct_gdp," in line)
    cells = lines[row].split(",")
    cells[lines[0].split(",").index("value")] = value
    lines[row] = ",".join(cells)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert any(p.startswith("spending.csv: ") and p.endswith(message) for p in problems(data_copy)), message


def test_spending_row_naming_an_unknown_release_or_ally(data_copy: Path) -> None:
    path = data_copy / "spending.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    first = lines[1].split(",")
    unknown_release = list(first)
    unknown_release[header.index("release")] = "no-such-release"
    unknown_ally = list(first)
    unknown_ally[header.index("ally")] = "XYZ"
    path.write_text(
        "\n".join([*lines, ",".join(unknown_release), ",".join(unknown_ally)]) + "\n", encoding="utf-8"
    )
    found = problems(data_copy)
    assert any("[unknown-reference] release 'no-such-release' is not in releases.yaml" in p for p in found)
    assert any("[unknown-reference] ally 'XYZ' is not in countries.yaml" in p for p in found)


def test_empty_spending_file(data_copy: Path) -> None:
    path = data_copy / "spending.csv"
    path.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    assert "spending.csv: -: [empty-file] the file has a header but no rows" in problems(data_copy)


def test_denied_host_and_mirror_without_original(data_copy: Path) -> None:
    def spoil(rs: list[dict[str, Any]]) -> None:
        rs[0]["url"] = "http://10.1.2.3/page.html"
        mirror = next(r for r in rs if r.get("kind") == "mirror")
        mirror.pop("copies")

    edit(data_copy, "sources.yaml", spoil)
    found = problems(data_copy)
    assert any(
        "[denied-host] http://10.1.2.3/page.html is on the deny list (bare-ipv4: ip-address)" in p
        for p in found
    )
    assert any("[mirror-original] a mirror must say what it copies" in p for p in found)


def test_citation_must_quote_a_cited_source(data_copy: Path) -> None:
    def quote(rs: list[dict[str, Any]]) -> None:
        find(rs, id="london")["citations"] = [{"source": "mofa-briefing-2025-05", "quote": "London."}]

    edit(data_copy, "headquarters.yaml", quote)
    assert any(
        p.startswith("headquarters.yaml: london: [citation] citations[0] quotes 'mofa-briefing-2025-05'")
        for p in problems(data_copy)
    )


@pytest.mark.parametrize("content", ["[]", "null", "42", "{not json", '{"format": 2}\n[]', ""])
@pytest.mark.slow
def test_a_damaged_cache_is_ignored_and_rebuilt(
    data_copy: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    content: str,
) -> None:
    monkeypatch.setenv("NATOATLAS_CACHE", str(tmp_path / "cache"))
    natoatlas.load(data_copy)
    (cached,) = (tmp_path / "cache").glob("data-*.json")
    cached.write_text(content, encoding="utf-8")
    capsys.readouterr()
    atlas = natoatlas.load(data_copy)
    assert len(atlas.members(on="2020-01-01")) == 29
    warning = capsys.readouterr().err
    assert warning.startswith("natoatlas: warning: ignoring the data cache") and warning.count("\n") == 1
    natoatlas.load(data_copy)
    assert "ignoring" not in capsys.readouterr().err  # rebuilt: the next load is clean


@pytest.mark.slow
def test_a_tampered_cache_is_not_served(
    data_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NATOATLAS_CACHE", str(tmp_path / "cache"))
    natoatlas.load(data_copy)
    (cached,) = (tmp_path / "cache").glob("data-*.json")
    assert cached.stat().st_mode & 0o777 == 0o600
    head, _, body = cached.read_bytes().partition(b"\n")
    # Well-formed, but edited: a renamed Finland and a duplicated membership.
    content = json.loads(body)
    content["memberships.yaml"].append(content["memberships.yaml"][0])
    for country in content["countries.yaml"]:
        if country["id"] == "FIN":
            country["names"][0]["en"] = "Finnland"
    cached.write_bytes(head + b"\n" + json.dumps(content, ensure_ascii=False).encode())
    atlas = natoatlas.load(data_copy)
    assert atlas.countries["FIN"].current_name.en == "Finland"
    assert len(atlas.members(on="2020-01-01")) == 29


def test_the_cache_key_covers_the_checking_code(data_copy: Path) -> None:
    from natoatlas.kb import loader

    before = loader._key(data_copy)
    loader._code_digest.cache_clear()
    original = loader._code_digest
    try:
        loader._code_digest = lambda: b"other code"  # type: ignore[assignment]
        assert loader._key(data_copy) != before
    finally:
        loader._code_digest = original
