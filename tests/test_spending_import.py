"""The importer reads NATO's workbook layout, refuses others with sheet and row, and never
leaves the data half-written. The workbooks are built here, in NATO's layout."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

import natoatlas
from natoatlas import datafile
from natoatlas.spending_import import LayoutError, import_workbook, read_workbook

YEARS: list[Any] = [2022, "2023e", "2024e"]
ALLIES: dict[str, list[float]] = {
    "Poland*": [2.2, 3.3, 4.1],
    "Slovak Republic": [1.8, 1.8, 2.0],
    "Türkiye": [1.4, 1.5, 2.1],
}


def build(
    path: Path, *, drop_sheet: str | None = None, bad_name: str | None = None, text_value: bool = False
) -> Path:
    """A small workbook in the layout of NATO's tables (title, unit, years, blocks, notes)."""
    book = Workbook()
    del book[book.sheetnames[0]]
    blocks: dict[str, list[str | None]] = {
        "TABLE2": ["Current prices and exchange rates", "Constant 2015 prices and exchange rates"],
        "TABLE3": ["Share of real GDP (%)", "Annual real change (%)"],
        "TABLE5": ["Current prices and exchange rates"],
        "TABLE7": [None],
        "TABLE8a": ["Equipment (a)", "Personnel (b)"],
    }
    for sheet, titles in blocks.items():
        if sheet == drop_sheet:
            continue
        ws = book.create_sheet(sheet)
        ws.append([None, f"{sheet} : a table"])
        ws.append([])
        ws.append([None, None, None, *YEARS])
        for title in titles:
            if title:
                ws.append([None, title])
            for name, values in ALLIES.items():
                label = bad_name if (bad_name and name == "Türkiye") else name
                cells: list[Any] = [v * (10 if sheet == "TABLE2" else 1) for v in values]
                if text_value and sheet == "TABLE3":
                    cells[1] = "n/a"
                ws.append([None, None, label, *cells])
            ws.append([None, "NATO Total", None, 2.5, 2.6, 2.7])
        ws.append([None, None, None, "#REF!", "#REF!"])
        ws.append([None, None, "Notes: Figures for 2023 and 2024 are estimates."])
    book.save(path)
    return path


def test_reads_nato_layout(tmp_path: Path, atlas: natoatlas.Atlas) -> None:
    book = read_workbook(build(tmp_path / "t.xlsx"), "test-release", atlas)
    shares = {(f.ally, f.year): f for f in book.figures if f.measure == "pct_gdp"}
    assert shares[("POL", 2024)].value == 4.1 and shares[("POL", 2024)].estimate
    assert shares[("SVK", 2022)].value == 1.8 and not shares[("SVK", 2022)].estimate
    assert shares[("TUR", 2024)].value == 2.1
    assert shares[("nato-total", 2023)].value == 2.6
    money = {(f.ally, f.year): f.value for f in book.figures if f.measure == "usd_million"}
    assert money[("POL", 2024)] == 41.0  # the first block of TABLE2 only
    assert {f.measure for f in book.figures} == {
        "pct_gdp", "usd_million", "gdp_usd_million", "personnel_thousands", "equipment_share"
    }  # fmt: skip
    assert book.national_2pct_law == ("POL",)
    assert book.years == (2022, 2023, 2024) and book.estimate_years == (2023, 2024)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"drop_sheet": "TABLE3"}, "no sheet TABLE3"),
        ({"bad_name": "Atlantis"}, "sheet TABLE2 row 7: 'Atlantis' is not an Ally's name NATO uses"),
        ({"text_value": True}, "sheet TABLE3 row 5: 'n/a' under '2023e' is not a number"),
    ],
)
def test_refuses_other_layouts(
    tmp_path: Path, atlas: natoatlas.Atlas, kwargs: dict[str, Any], message: str
) -> None:
    with pytest.raises(LayoutError, match=message):
        read_workbook(build(tmp_path / "t.xlsx", **kwargs), "test-release", atlas)


def test_refuses_a_file_that_is_not_a_workbook(tmp_path: Path, atlas: natoatlas.Atlas) -> None:
    path = tmp_path / "t.xlsx"
    path.write_text("not excel", encoding="utf-8")
    with pytest.raises(LayoutError, match="not an Excel workbook"):
        read_workbook(path, "test-release", atlas)


def test_import_writes_a_new_release(tmp_path: Path, data_copy: Path) -> None:
    import_workbook(build(tmp_path / "t.xlsx"), "test-release", data_copy, "Test tables", "2026-06-01")
    atlas = natoatlas.load(data_copy)
    assert atlas.sources["test-release"].published is not None
    assert atlas.spending.release(on="2026-07-01").id == "test-release"
    assert atlas.spending.compliance(2024, 2.0, release="test-release").allies == ("POL", "TUR", "SVK")
    # Other releases are untouched.
    assert atlas.spending.compliance(2024, 2.0, release="nato-defexp-2024-06").count == 23
    text = (data_copy / "spending.csv").read_text(encoding="utf-8")
    records = [type(f).model_validate(f.model_dump()) for f in atlas.spending_figures]
    assert datafile.dump_csv(records) == text


def test_import_replaces_the_release_rows(tmp_path: Path, data_copy: Path) -> None:
    before = (data_copy / "spending.csv").read_text(encoding="utf-8")
    import_workbook(build(tmp_path / "t.xlsx"), "nato-defexp-2024-06", data_copy)
    atlas = natoatlas.load(data_copy)
    assert atlas.spending.value("POL", 2024, release="nato-defexp-2024-06").value == 4.1  # type: ignore[union-attr]
    assert atlas.spending.value("POL", 2014, release="nato-defexp-2024-06") is None
    assert (data_copy / "spending.csv").read_text(encoding="utf-8") != before


def test_failed_import_changes_nothing(tmp_path: Path, data_copy: Path) -> None:
    before = {p.name: p.read_bytes() for p in data_copy.iterdir() if p.is_file()}
    with pytest.raises(LookupError, match="give --title and --published"):
        import_workbook(build(tmp_path / "t.xlsx"), "new-release", data_copy)
    with pytest.raises(LayoutError):
        import_workbook(build(tmp_path / "b.xlsx", bad_name="Atlantis"), "nato-defexp-2024-06", data_copy)
    assert {p.name: p.read_bytes() for p in data_copy.iterdir() if p.is_file()} == before


def test_cli_import(tmp_path: Path, data_copy: Path, run: Any) -> None:
    path = build(tmp_path / "t.xlsx")
    ok = run("spending", "import", str(path), "--release", "test-release", "--title", "Test", "--published",
             "2026-06-01", "--data", str(data_copy))  # fmt: skip
    assert ok.code == 0, ok.err
    assert "national 2 % laws: POL" in ok.out
    bad = run("spending", "import", str(build(tmp_path / "b.xlsx", drop_sheet="TABLE7")), "--release", "x",
              "--data", str(data_copy))  # fmt: skip
    assert bad.code == 2
    assert (
        bad.err.strip()
        == "natoatlas: error: release 'x' is not in sources.yaml: give --title and --published to add it"
    )
    layout = run("spending", "import", str(build(tmp_path / "c.xlsx", drop_sheet="TABLE7")), "--release",
                 "nato-defexp-2024-06", "--data", str(data_copy))  # fmt: skip
    assert layout.code == 2 and "no sheet TABLE7" in layout.err
