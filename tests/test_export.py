"""Open data out: CSV, JSON, SQLite for Datasette, a Frictionless data package, DataFrames."""

from __future__ import annotations

import asyncio
import csv
import datetime as dt
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

import natoatlas
from natoatlas.render.export import FOLDER_FORMATS, export, recover, tables

CORE = ["sources", "countries", "memberships", "partnerships", "frameworks", "bodies", "places", "places_leads",
        "operations", "concepts", "summits", "targets", "spending", "releases", "events", "accession_steps",
        "treaty_articles", "secretaries_general", "territories"]  # fmt: skip


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory, atlas: natoatlas.Atlas) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("export")
    return {fmt: export(atlas, fmt, base / fmt)[0].parent for fmt in FOLDER_FORMATS}


def test_every_kind_of_record_is_a_table(atlas: natoatlas.Atlas) -> None:
    built = tables(atlas)
    assert set(CORE) <= set(built)
    assert len(built["memberships"].rows) == 32
    assert len(built["spending"].rows) == len(atlas.spending_figures)
    for table in built.values():
        names = [c.name for c in table.columns]
        assert "sources" in names, table.name
        assert all(row["sources"] for row in table.rows), table.name


def test_stable_columns(exported: dict[str, Path]) -> None:
    def header(name: str) -> list[str]:
        with (exported["csv"] / f"{name}.csv").open(encoding="utf-8") as handle:
            return next(csv.reader(handle))

    assert header("countries")[:6] == ["sources", "id", "alpha2", "numeric", "wikidata", "iso"] or {
        "id",
        "alpha2",
        "wikidata",
        "sources",
    } <= set(header("countries"))
    assert {"country", "from_date", "to_date", "founder", "in_force", "sources"} <= set(header("memberships"))
    assert {"id", "name_en", "name_ja", "lat", "lon", "from_date", "sources"} <= set(header("places"))
    assert header("spending") == ["release", "ally", "year", "measure", "value", "estimate", "sources"]
    assert {"country_id", "en", "ja", "from_date", "to_date"} <= set(header("countries_names"))


def test_csv_and_json_agree(exported: dict[str, Path]) -> None:
    rows = json.loads((exported["json"] / "memberships.json").read_text(encoding="utf-8"))
    finland = next(r for r in rows if r["country"] == "FIN")
    assert finland["from_date"] == "2023-04-04"
    with (exported["csv"] / "memberships.csv").open(encoding="utf-8") as handle:
        fin = next(r for r in csv.DictReader(handle) if r["country"] == "FIN")
    assert fin["from_date"] == "2023-04-04" and fin["sources"] == ";".join(finland["sources"].split(";"))


def test_sqlite_keys_indexes_and_search(exported: dict[str, Path]) -> None:
    db = sqlite3.connect(exported["sqlite"] / "nato.db")
    try:
        pk = [r[1] for r in db.execute("pragma table_info(countries)") if r[5]]
        assert pk == ["id"]
        fks = {(r[3], r[2]) for r in db.execute("pragma foreign_key_list(memberships)")}
        assert ("country", "countries") in fks
        indexed = {r[1] for r in db.execute("pragma index_list(memberships)")}
        assert any("from_date" in name for name in indexed)
        hits = db.execute("select rowid from places_fts where places_fts match 'Tallinn'").fetchall()
        assert hits
        at_two = (
            "select count(*) from spending where release = 'nato-defexp-2024-06' and measure = 'pct_gdp' "
            "and year = 2024 and value >= 2 and ally not like 'nato-%'"
        )
        assert db.execute(at_two).fetchone()[0] == 23
    finally:
        db.close()


def test_datasette_explores_it(exported: dict[str, Path]) -> None:
    from datasette.app import Datasette  # type: ignore[import-untyped]

    async def query() -> Any:
        ds = Datasette([str(exported["sqlite"] / "nato.db")])
        response = await ds.client.get("/nato/countries.json?_shape=array&id=FIN")
        search = await ds.client.get("/nato/places.json?_search=Tallinn&_shape=array")
        return response, search

    response, search = asyncio.run(query())
    assert response.status_code == 200
    (finland,) = response.json()
    assert finland["wikidata"] == "Q33"
    assert search.status_code == 200 and search.json()


@pytest.mark.slow
def test_datapackage_is_valid(exported: dict[str, Path]) -> None:
    from frictionless import validate

    package = exported["datapackage"] / "datapackage.json"
    descriptor = json.loads(package.read_text(encoding="utf-8"))
    assert descriptor["licenses"] and descriptor["sources"]
    for resource in descriptor["resources"]:
        for field in resource["schema"]["fields"]:
            assert field["type"] and field["description"]
    ja = [f for r in descriptor["resources"] for f in r["schema"]["fields"] if f.get("rdfType") == "lang:ja"]
    assert ja
    report = validate(str(package))
    assert report.valid, report.flatten(["type", "note"])[:5]


@pytest.mark.parametrize("fmt", FOLDER_FORMATS)
def test_exports_are_deterministic(atlas: natoatlas.Atlas, tmp_path: Path, fmt: str) -> None:
    first = export(atlas, fmt, tmp_path / "a")
    second = export(atlas, fmt, tmp_path / "b")
    assert [p.name for p in first] == [p.name for p in second]
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name


def test_existing_folder_needs_force(atlas: natoatlas.Atlas, tmp_path: Path, run: Any) -> None:
    target = tmp_path / "out"
    target.mkdir()
    (target / "keep.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(FileExistsError, match="give --force"):
        export(atlas, "csv", target)
    bad = run("export", "--format", "csv", str(target))
    assert bad.code == 2 and "give --force" in bad.err
    # --force replaces only what an export wrote: a folder of someone's own files is kept.
    mine = run("export", "--format", "json", "--force", str(target))
    assert mine.code == 2 and "no export wrote" in mine.err
    assert (target / "keep.txt").read_text(encoding="utf-8") == "mine"
    (target / "keep.txt").unlink()
    assert run("export", "--format", "csv", "--force", str(target)).code == 0
    ok = run("export", "--format", "json", "--force", str(target))
    assert ok.code == 0
    assert (target / "countries.json").exists() and not (target / "countries.csv").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["out"]  # no staging folder left behind
    assert run("export", "--format", "xml", str(tmp_path / "x")).code == 2


@pytest.mark.parametrize("name", [".", "..", "sub/.."])
def test_force_never_replaces_the_working_directory(
    tmp_path: Path, run: Any, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "mine.txt").write_text("mine", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = run("export", "--format", "csv", "--force", name)
    assert result.code == 2 and "Traceback" not in result.err
    assert (tmp_path / "mine.txt").exists()


def test_leftovers_of_a_killed_export_are_recovered(atlas: natoatlas.Atlas, tmp_path: Path) -> None:
    target = tmp_path / "out"
    export(atlas, "csv", target)
    # Killed between the two renames of the fallback path: only the old folder is left.
    target.rename(tmp_path / ".out.old")
    (tmp_path / ".out.staging-abc").mkdir()
    (tmp_path / ".out.staging-abc" / "nato.db").write_bytes(b"partial")
    recover(target)
    assert (target / "countries.csv").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
    # A forced export over it leaves exactly one folder, with the new files.
    export(atlas, "json", target, force=True)
    assert (target / "countries.json").exists() and sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_frame(atlas: natoatlas.Atlas) -> None:
    members = atlas.frame("members", on="1999-03-12")
    assert len(members) == 19 and list(members.columns)[:3] == ["code", "name_en", "name_ja"]
    places = atlas.frame("places", on="2018-01-01")
    assert "bg-slovakia" not in set(places.id) and "bg-estonia" in set(places.id)
    leads = atlas.frame("places_leads", on="2023-01-01")
    assert set(leads[leads.place_id == "bg-slovakia"].country) == {"CZE"}
    assert len(atlas.frame("countries")) == len(atlas.countries)
    with pytest.raises(LookupError, match="unknown table"):
        atlas.frame("weather")


def test_public_api() -> None:
    for name in natoatlas.__all__:
        value = getattr(natoatlas, name)
        assert value.__doc__, name
    assert (Path(natoatlas.__file__).parent / "py.typed").exists()


@pytest.mark.slow
def test_excel_workbook(atlas: natoatlas.Atlas, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from natoatlas.render.export import export_xlsx

    path = export_xlsx(atlas, tmp_path / "nato.xlsx")
    book = load_workbook(path)
    assert book.sheetnames[:2] == ["README", "sources"]
    assert all(len(name) <= 31 for name in book.sheetnames)
    assert len(set(book.sheetnames)) == len(book.sheetnames) == len(tables(atlas)) + 1
    members = book["memberships"]
    header = [c.value for c in members[1]]
    assert members.freeze_panes == "A2" and members["A1"].font.bold
    rows = [dict(zip(header, (c.value for c in row), strict=True)) for row in members.iter_rows(min_row=2)]
    finland = next(r for r in rows if r["country"] == "FIN")
    joined = finland["from_date"]
    assert isinstance(joined, dt.datetime) and joined.date() == dt.date(2023, 4, 4)  # an Excel date
    assert members.column_dimensions["A"].width > 8
    summits = book["summits"]
    header = [c.value for c in summits[1]]
    assert len(list(summits.iter_rows(min_row=2))) == len(atlas.summits)
    # A date known only to the month stays text: an Excel date would claim a day.
    operations = book["operations"]
    header = [c.value for c in operations[1]]
    starts = {
        row[header.index("id")].value: row[header.index("from_date")].value
        for row in operations.iter_rows(min_row=2)
    }
    assert starts["nsatu"] == "2024-07"
    assert "Dates:" in " ".join(str(c.value) for (c,) in book["README"].iter_rows())
    with pytest.raises(FileExistsError, match="give --force"):
        export_xlsx(atlas, path)
    with pytest.raises(ValueError, match=r"ends in \.xlsx"):
        export_xlsx(atlas, tmp_path / "nato.xls")
