"""Open data out: CSV, JSON, SQLite for Datasette, a Frictionless data package, DataFrames."""

from __future__ import annotations

import asyncio
import csv
import datetime as dt
import json
import sqlite3
import types
import typing
from pathlib import Path
from typing import Any

import pytest

import natoatlas
from natoatlas.atlas import Atlas
from natoatlas.kb.choices import is_choice
from natoatlas.kb.model import FILES, PlaceKind
from natoatlas.kb.record import Frozen
from natoatlas.kb.tables import RENAMED, TABLE_NAMES, Table, frame, tables
from natoatlas.render.export import FOLDER_FORMATS, export, recover

CORE = ["sources", "countries", "memberships", "partnerships", "frameworks", "bodies", "places", "places_leads",
        "operations", "concepts", "summits", "targets", "spending", "releases", "events", "accession_steps",
        "treaty_articles", "secretaries_general", "territories", "offices", "offices_holders", "reviews"]  # fmt: skip
#: Record kinds that name no sources: the project's own records (review cut-offs, refused hosts).
UNSOURCED = {"reviews", "denied_hosts"}


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory, atlas: natoatlas.Atlas) -> dict[str, list[Path]]:
    """Each folder format exported once for the module: the files, in the order written."""
    base = tmp_path_factory.mktemp("export")
    return {fmt: export(atlas, fmt, base / fmt) for fmt in FOLDER_FORMATS}


@pytest.fixture(scope="module")
def exported(exports: dict[str, list[Path]]) -> dict[str, Path]:
    return {fmt: files[0].parent for fmt, files in exports.items()}


@pytest.fixture(scope="module")
def empty(atlas: natoatlas.Atlas) -> Atlas:
    """An Atlas without a single record: its tables must have the same shape."""
    return Atlas({name: () for name in atlas.records})


def _table_of(file: str) -> str:
    return TABLE_NAMES.get(file, file.rsplit(".", 1)[0])


def _kind(annotation: Any) -> Any:
    """The type under ``Annotated`` and ``| None`` (the test's own reading of the model)."""
    while True:
        if typing.get_origin(annotation) is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif typing.get_origin(annotation) in (typing.Union, types.UnionType):
            (annotation,) = [a for a in typing.get_args(annotation) if a is not type(None)]
        else:
            return annotation


def _nested(annotation: Any) -> type[Frozen] | None:
    kind = _kind(annotation)
    if typing.get_origin(kind) is tuple:
        item = _kind(typing.get_args(kind)[0])
        return item if isinstance(item, type) and issubclass(item, Frozen) else None
    return None


def _expect(model: type[Frozen], table: str, built: dict[str, Table], prefix: str = "") -> None:
    """Every field of ``model`` is a column of ``table`` (a nested record's fields: columns after
    its name; a list of nested records: a child table, itself checked the same way)."""
    columns = {c.name for c in built[table].columns}
    for name, info in model.fields().items():
        if is_choice(model, name):
            assert prefix + RENAMED.get(name, name) not in columns, (table, name)  # not published
            continue
        column = prefix + RENAMED.get(name, name)
        kind = _kind(info.annotation)
        if (item := _nested(info.annotation)) is not None:
            child = f"{table}_{prefix}{name}"
            assert child in built, child
            _expect(item, child, built)
        elif isinstance(kind, type) and issubclass(kind, Frozen):
            _expect(kind, table, built, prefix=f"{column}_")
        else:
            assert column in columns, (table, column)


def test_every_kind_of_record_is_a_table(atlas: natoatlas.Atlas) -> None:
    built = tables(atlas)
    assert set(CORE) <= set(built)
    assert len(built["memberships"].rows) == 32
    assert len(built["spending"].rows) == len(atlas.spending_figures)
    assert {_table_of(file) for file in FILES} <= set(built)
    assert len(built["offices_holders"].rows) == sum(len(o.holders) for o in atlas.offices.values())
    for table in built.values():
        names = [c.name for c in table.columns]
        assert "sources" in names, table.name
        if table.name not in UNSOURCED:
            assert all(row["sources"] for row in table.rows), table.name
        # Every row has every column, in the columns' order (the JSON export writes rows as they are).
        assert all(list(row) == names for row in table.rows), table.name


def test_every_model_field_has_a_column(atlas: natoatlas.Atlas) -> None:
    built = tables(atlas)
    for file, model in FILES.items():
        _expect(model, _table_of(file), built)


def test_columns_do_not_depend_on_the_values(atlas: natoatlas.Atlas, empty: Atlas, tmp_path: Path) -> None:
    full, none = tables(atlas), tables(empty)
    assert list(full) == list(none)
    for name, table in full.items():
        assert table.columns == none[name].columns, name
        assert (table.primary_key, table.foreign_keys) == (none[name].primary_key, none[name].foreign_keys)
    # No column stands for a list of nested records (they are child tables) nor, bare, for a
    # text (territories once had both note_en / note_ja and an empty note); every text has its
    # _ja_ours, true or false wherever the text is there.
    for table in full.values():
        names = {c.name for c in table.columns}
        assert not names & {"citations", "alternatives", "chairs", "leads", "statuses", "names", "counts"}
        for column in names:
            if column.endswith("_en"):
                stem = column.removesuffix("_en")
                assert stem not in names and {f"{stem}_ja", f"{stem}_ja_ours"} <= names, (table.name, stem)
                ours = [r[f"{stem}_ja_ours"] for r in table.rows if r[column] is not None]
                assert all(isinstance(v, bool) for v in ours), (table.name, stem)
    assert {"note_en", "note_ja", "note_ja_ours"} <= {c.name for c in full["territories"].columns}
    # Where no record has a value, the table is still there, with its header.
    for file, model in FILES.items():
        if "alternatives" in model.fields():
            assert f"{_table_of(file)}_alternatives" in full, file
    assert not full["targets_alternatives"].rows and full["targets_alternatives"].columns
    written = export(empty, "csv", tmp_path / "empty")
    assert len(written) == len(full)
    for path in written:
        header, *rows = path.read_text(encoding="utf-8").splitlines()
        assert header.split(",") == [c.name for c in full[path.stem].columns] and not rows, path.name
    places = frame(empty, "places", on="2020-01-01")
    assert places.empty and list(places.columns) == [c.name for c in full["places"].columns]


def test_nested_lists_of_nested_records_are_kept(atlas: natoatlas.Atlas) -> None:
    """A lead's own citations are a child table of the leads, keyed by the lead's position."""
    built = tables(atlas)
    table = built["places_leads_citations"]
    expected = [
        (place.id, n, m, citation.source)
        for place in atlas.places
        for n, lead in enumerate(place.leads, start=1)
        for m, citation in enumerate(lead.citations, start=1)
    ]
    assert expected
    assert [
        (r["place_id"], r["places_leads_position"], r["position"], r["source"]) for r in table.rows
    ] == expected
    assert table.primary_key == ["place_id", "places_leads_position", "position"]
    assert built["offices_holders_citations"].rows


def test_stable_columns(exported: dict[str, Path]) -> None:
    def header(name: str) -> list[str]:
        with (exported["csv"] / f"{name}.csv").open(encoding="utf-8") as handle:
            return next(csv.reader(handle))

    assert header("countries") == ["sources", "id", "alpha2", "numeric", "wikidata", "iso", "aliases"]
    assert {"country", "from_date", "to_date", "founder", "in_force", "sources"} <= set(header("memberships"))
    assert {"id", "name_en", "name_ja", "lat", "lon", "from_date", "sources"} <= set(header("places"))
    assert header("spending") == ["release", "ally", "year", "measure", "value", "estimate", "sources"]
    assert {"country_id", "en", "ja", "from_date", "to_date"} <= set(header("countries_names"))
    assert header("figures_citations") == ["figure_id", "position", "source", "locator", "quote", "sources"]


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
    # Types, keys and constraints come from the model: a Literal's values, a Field's bounds.
    resources = {r["name"]: r["schema"] for r in descriptor["resources"]}
    places = {f["name"]: f for f in resources["places"]["fields"]}
    assert places["kind"]["constraints"]["enum"] == list(typing.get_args(PlaceKind))
    assert places["lat"]["type"] == "number" and places["lat"]["constraints"]["minimum"] == -90
    assert places["name_ja_ours"]["type"] == "boolean"
    assert places["to_date"].get("constraints", {}).get("required") is None  # open: still holds
    assert resources["places-leads"]["primaryKey"] == ["place_id", "position"]
    assert {"fields": "place_id", "reference": {"resource": "places", "fields": "id"}} in resources[
        "places-leads"
    ]["foreignKeys"]
    assert [f["name"] for f in resources["targets-alternatives"]["fields"]][:2] == ["target_id", "position"]
    # A child of a child and a child of a record without an id link to the whole key of the parent.
    assert {
        "fields": ["place_id", "places_leads_position"],
        "reference": {"resource": "places-leads", "fields": ["place_id", "position"]},
    } in resources["places-leads-citations"]["foreignKeys"]
    assert {
        "fields": ["country", "membership_from"],
        "reference": {"resource": "memberships", "fields": ["country", "from_date"]},
    } in resources["memberships-citations"]["foreignKeys"]
    report = validate(str(package))
    assert report.valid, report.flatten(["type", "note"])[:5]


@pytest.mark.parametrize("fmt", FOLDER_FORMATS)
def test_exports_are_deterministic(
    atlas: natoatlas.Atlas, exports: dict[str, list[Path]], tmp_path: Path, fmt: str
) -> None:
    """A second export, later in the session (other tests ran between), writes the same bytes."""
    first = exports[fmt]
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
    # An empty table is a sheet with its header.
    (sheet,) = (name for name in book.sheetnames if name == "targets_alternatives")
    assert [c.value for c in book[sheet][1]] == [c.name for c in tables(atlas)[sheet].columns]
    assert book[sheet].max_row == 1
    with pytest.raises(ValueError, match=r"ends in \.xlsx"):
        export_xlsx(atlas, tmp_path / "nato.xls")
