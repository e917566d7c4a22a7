"""The importer reads NATO's workbook layout, refuses others with sheet and cell, never replaces
a release unless asked, and never leaves the data half-written, even when killed. The workbooks
are built here, in NATO's layout."""

from __future__ import annotations

import math
import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

import natoatlas
from natoatlas.importers import spending as spending_import
from natoatlas.importers.spending import (
    DataChanged,
    LayoutError,
    OptionError,
    import_workbook,
    plan_import,
    read_workbook,
    recover,
)
from natoatlas.kb import datafile
from natoatlas.kb.loader import check

YEARS: list[Any] = [2022, "2023e", "2024e"]
ALLIES: dict[str, list[float]] = {
    "Poland*": [2.2, 3.3, 4.1],
    "Slovak Republic": [1.8, 1.8, 2.0],
    "Türkiye": [1.4, 1.5, 2.1],
}


def build(
    path: Path,
    *,
    drop_sheet: str | None = None,
    bad_name: str | None = None,
    text_value: bool = False,
    cell: tuple[str, Any] | None = None,
) -> Path:
    """A small workbook in the layout of NATO's tables (title, unit, years, blocks, notes).

    ``cell`` = (sheet, value) puts ``value`` in Poland's 2024e cell (F5) of that sheet.
    """
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
                if cell and cell[0] == sheet and name == "Poland*" and title == titles[0]:
                    cells[2] = cell[1]
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
        ({"text_value": True}, r"sheet TABLE3 cell E5 \(Poland, '2023e'\): 'n/a' is not a number"),
        (
            {"cell": ("TABLE3", -4.1)},
            r"sheet TABLE3 cell F5 \(Poland, '2024e'\): -4.1 is outside 0–100 for pct_gdp",
        ),
        ({"cell": ("TABLE3", True)}, r"sheet TABLE3 cell F5 \(Poland, '2024e'\): True is not a number"),
        ({"cell": ("TABLE3", 5000)}, "5000 is outside 0–100 for pct_gdp"),
        ({"cell": ("TABLE8a", 100.5)}, "100.5 is outside 0–100 for equipment_share"),
        ({"cell": ("TABLE2", -1)}, "sheet TABLE2 cell F5 .*-1 is outside 0–1e"),
        ({"cell": ("TABLE2", 1e308)}, r"1e\+308 is outside 0–1e\+07 for usd_million"),
        ({"cell": ("TABLE5", 2e9)}, "is outside 0–1e.09 for gdp_usd_million"),
        ({"cell": ("TABLE7", -0.5)}, "-0.5 is outside 0–100000 for personnel_thousands"),
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


@pytest.mark.slow
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


@pytest.mark.slow
def test_import_replaces_the_release_rows(tmp_path: Path, data_copy: Path) -> None:
    before = (data_copy / "spending.csv").read_text(encoding="utf-8")
    import_workbook(build(tmp_path / "t.xlsx"), "nato-defexp-2024-06", data_copy, replace=True)
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


@pytest.mark.slow
def test_cli_import(tmp_path: Path, data_copy: Path, run: Any) -> None:
    path = build(tmp_path / "t.xlsx")
    ok = run("spending", "import", str(path), "--release", "test-release", "--title", "Test", "--published",
             "2026-06-01", "--data", str(data_copy))  # fmt: skip
    assert ok.code == 0, ok.err
    assert "national 2% laws: POL" in ok.out
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


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` by relative path: two snapshots are equal iff the data is."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def leftovers(folder: Path) -> list[Path]:
    return sorted(folder.parent.glob(f".{folder.name}.import-*"))


def test_non_finite_values_are_refused() -> None:
    # openpyxl writes NaN and infinity as empty cells, so they are checked on the value itself.
    for value in (math.nan, math.inf, -math.inf, 10**400):
        with pytest.raises(LayoutError, match=r"X1: .* is not a finite number"):
            spending_import._checked(value, "usd_million", "X1")
    assert spending_import._checked(2.12345, "pct_gdp", "X1") == 2.1235


def test_existing_release_is_not_replaced_without_replace(tmp_path: Path, data_copy: Path) -> None:
    before = snapshot(data_copy)
    with pytest.raises(
        OptionError, match="already holds 1,804 rows; the workbook has 60: give --replace"
    ) as err:
        import_workbook(build(tmp_path / "t.xlsx"), "nato-defexp-2024-06", data_copy)
    assert err.value.option == "--release"
    assert snapshot(data_copy) == before


def test_replace_says_what_changes(tmp_path: Path, data_copy: Path, atlas: natoatlas.Atlas) -> None:
    plan = plan_import(build(tmp_path / "t.xlsx"), "nato-defexp-2024-06", data_copy, replace=True)
    held = [f for f in atlas.spending_figures if f.release == "nato-defexp-2024-06"]
    assert plan.rows_before == len(held) == 1804 and not plan.new
    changes = {c.measure: c for c in plan.changes}
    pct = changes["pct_gdp"]
    # The workbook gives 3 Allies and NATO's total for 2022–2024: 12 pct_gdp rows, all held.
    assert pct.added == 0 and pct.changed + pct.unchanged == 12
    assert pct.removed == sum(f.measure == "pct_gdp" for f in held) - 12
    assert sum(c.added + c.changed + c.unchanged for c in plan.changes) == len(plan.book.figures)
    assert sum(c.removed + c.changed + c.unchanged for c in plan.changes) == 1804
    assert snapshot(data_copy) == snapshot(datafile.default_dir())  # planning writes nothing


@pytest.mark.parametrize(
    ("release", "extra", "option", "message"),
    [
        ("mofa-briefing-2025-05", (), "--release", "'mofa-briefing-2025-05' is a source .* not a release"),
        ("nato-defexp-2024-06", ("Title", None), "--title", "--title describes a new release"),
        ("nato-ar2024", (), "--release", "of kind annual-report, not NATO's tables"),
        ("Bad_Id", ("T", "2026-06-01"), "--release", "is not a release id"),
        ("new-release", ("T", "2026-02-30"), "--published", "not a calendar date"),
        ("new-release", ("T", "２０２６-06-01"), "--published", "is not a date of the form"),
        ("new-release", ("T", "2026-06-01\n"), "--published", "is not a date of the form"),
        ("new-release", (" ", "2026-06-01"), "--title", "cannot be empty"),
    ],
)
def test_refused_options_change_nothing(
    tmp_path: Path, data_copy: Path, release: str, extra: tuple[Any, ...], option: str, message: str
) -> None:
    before = snapshot(data_copy)
    with pytest.raises(OptionError, match=message) as err:
        title, published = (*extra, None, None)[:2]
        import_workbook(build(tmp_path / "t.xlsx"), release, data_copy, title, published, replace=True)
    assert err.value.option == option
    assert snapshot(data_copy) == before


@pytest.mark.slow
def test_import_through_a_link_replaces_the_folder_it_names(tmp_path: Path, data_copy: Path) -> None:
    link = tmp_path / "link"
    link.symlink_to(data_copy)
    import_workbook(build(tmp_path / "t.xlsx"), "nato-defexp-2024-06", link, replace=True)
    assert link.is_symlink() and check(data_copy) == [] and not leftovers(data_copy)
    assert natoatlas.load(data_copy).spending.value("POL", 2024, release="nato-defexp-2024-06").value == 4.1  # type: ignore[union-attr]
    with pytest.raises(OptionError, match="is not a folder of data files"):
        import_workbook(build(tmp_path / "t.xlsx"), "nato-defexp-2024-06", tmp_path / "none", replace=True)


def test_data_changed_since_the_plan_is_refused(tmp_path: Path, data_copy: Path) -> None:
    plan = plan_import(build(tmp_path / "t.xlsx"), "nato-defexp-2024-06", data_copy, replace=True)
    csv = data_copy / "spending.csv"
    csv.write_text(csv.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    changed = snapshot(data_copy)
    with pytest.raises(DataChanged, match=r"spending\.csv changed"):
        plan.apply()
    assert snapshot(data_copy) == changed and not leftovers(data_copy)


def test_recover_removes_a_staging_folder_without_journal(data_copy: Path) -> None:
    stale = data_copy.parent / f".{data_copy.name}.import-x1"
    shutil.copytree(data_copy, stale)
    (stale / "spending.csv").write_text("broken", encoding="utf-8")
    before = snapshot(data_copy)
    recover(data_copy)
    assert not stale.exists() and snapshot(data_copy) == before


_KILLER = """
import os, sys
from pathlib import Path
from natoatlas import files
from natoatlas.importers import spending as spending_import
from natoatlas.kb import transaction
workbook, data, kill, mode = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
steps = []
def step(name):
    steps.append(name)
    if len(steps) == kill:
        os._exit(9)
transaction._step = step
if mode == "journal":
    files.exchange = lambda a, b: False
spending_import.import_workbook(workbook, "nato-defexp-2024-06", data, replace=True)
print(len(steps))
"""


def _import_killed(workbook: Path, data: Path, kill: int, mode: str) -> subprocess.CompletedProcess[str]:
    src = str(Path(natoatlas.__file__).parent.parent)
    env = {**os.environ, "PYTHONPATH": src}
    return subprocess.run(
        [sys.executable, "-c", _KILLER, str(workbook), str(data), str(kill), mode],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


@pytest.mark.parametrize("mode", ["exchange", "journal"])
@pytest.mark.slow
def test_a_kill_at_any_step_leaves_the_old_data_or_the_new(tmp_path: Path, mode: str) -> None:
    """Kill the import after each step on disk: the data is then exactly the old or the new.

    With the exchange (Linux) that holds at once; with the journal it holds once :func:`recover`
    ran, which every import does first. Either way ``check`` passes and no staging is left.
    """
    workbook = build(tmp_path / "t.xlsx")
    old = snapshot(datafile.default_dir())
    full = tmp_path / "full" / "data"
    shutil.copytree(datafile.default_dir(), full)
    done = _import_killed(workbook, full, 0, mode)
    assert done.returncode == 0, done.stderr
    steps = int(done.stdout)
    new = snapshot(full)
    assert new != old and check(full) == [] and not leftovers(full)
    assert steps >= (8 if mode == "exchange" else 12)

    def killed_at(n: int) -> tuple[int, Path, int]:
        folder = tmp_path / f"kill-{n}" / "data"
        shutil.copytree(datafile.default_dir(), folder)
        return n, folder, _import_killed(workbook, folder, n, mode).returncode

    seen = set()
    with ThreadPoolExecutor(max_workers=4) as pool:
        for n, folder, code in pool.map(killed_at, range(1, steps + 1)):
            assert code == 9, f"step {n} was not killed"
            if mode == "exchange":
                assert snapshot(folder) in (old, new), f"a mix after a kill at step {n}"
            recover(folder)
            state = snapshot(folder)
            assert state in (old, new), f"a mix after a kill at step {n} and recovery"
            assert check(folder) == [] and not leftovers(folder)
            seen.add("new" if state == new else "old")
    assert seen == {"old", "new"}


@pytest.mark.slow
def test_cli_refusals_and_replace(tmp_path: Path, data_copy: Path, run: Any) -> None:
    path = build(tmp_path / "t.xlsx")
    before = snapshot(data_copy)
    refused = run(
        "spending", "import", str(path), "--release", "nato-defexp-2024-06", "--data", str(data_copy)
    )
    assert refused.code == 2 and refused.out == ""
    assert refused.err.startswith(
        "natoatlas: error: Invalid value for '--release': release 'nato-defexp-2024-06'"
    )
    assert "give --replace" in refused.err and len(refused.err.strip().splitlines()) == 1
    other = run(
        "spending", "import", str(path), "--release", "mofa-briefing-2025-05", "--data", str(data_copy)
    )
    assert other.code == 2 and "not a release" in other.err
    value = run("spending", "import", str(build(tmp_path / "v.xlsx", cell=("TABLE3", -4.1))), "--release",
                "nato-defexp-2024-06", "--replace", "--data", str(data_copy))  # fmt: skip
    assert value.code == 2
    assert value.err.strip() == (
        "natoatlas: error: sheet TABLE3 cell F5 (Poland, '2024e'): -4.1 is outside 0–100 for pct_gdp"
    )
    assert snapshot(data_copy) == before
    ok = run("spending", "import", str(path), "--release", "nato-defexp-2024-06", "--replace", "--data",
             str(data_copy))  # fmt: skip
    assert ok.code == 0, ok.err
    lines = ok.out.splitlines()
    assert lines[0] == "release nato-defexp-2024-06: 1,804 rows now, 60 after the import"
    assert any(line.startswith("  pct_gdp: 0 added, 351 removed, ") for line in lines)
    assert lines[-1].startswith("imported 60 figures of release nato-defexp-2024-06")
    assert check(data_copy) == [] and not leftovers(data_copy)
    assert natoatlas.load(data_copy).spending.value("POL", 2024, release="nato-defexp-2024-06").value == 4.1  # type: ignore[union-attr]
