"""Derive spending.csv rows of the older releases from the reference folder.

Usage: PYTHONPATH=src python scripts/derive_spending.py REFERENCE_DIR [DATA_DIR]

Reads (under REFERENCE_DIR):
  nato-defexp-2019-06-release/nato_defexp_2019-06_long.csv      (June 2019 tables, 29 Allies, 2012-2019)
  nato-defexp-2023-07-release/nato_defexp_2023-07_tidy.csv      (July 2023, partial)
  nato-defexp-press-reported/nato_defexp_press_reported.csv     (press-reported releases 2016-2024)
  nato-defexp-press-reported/nato_definv_2026-07_spot_values.csv (July 2026 spot values)
and replaces those releases' rows in DATA_DIR/spending.csv (default: the package's data).

Left out on purpose: values given only to 0.1 in a release otherwise given to 0.01, US$ given in
rounded billions, the Annual Report 2017 (one US value from a page not re-read), the Annual Report
2025 (its only copies are on denied hosts) and the July 2026 spot values (known only from code
repositories, with an unclear publication day).
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

from natoatlas.importers.spending import DIGITS

HEADER = ["release", "ally", "year", "measure", "value", "estimate"]

PRESS_RELEASES = {
    "nato-defexp-2016-07",
    "nato-defexp-2017-06",
    "nato-defexp-2021-06",
    "nato-defexp-2022-06",
    "nato-ar2023",
    "nato-ar2025",
}
# 2026 spot values kept: those given to the precision of NATO's tables (not rounded to 0.1).
SPOT_2026 = {
    "pct_gdp": "pct_gdp",
    "equipment_share_pct": "equipment_share",
    "usd_million_current": "usd_million",
}


def _row(release: str, ally: str, year: int, measure: str, value: float, estimate: bool) -> list[str]:
    number = round(float(value), DIGITS[measure])
    text = f"{number:.{DIGITS[measure]}f}".rstrip("0").rstrip(".")
    return [release, ally, str(year), measure, text, "true" if estimate else "false"]


def rows_2019(ref: Path) -> list[list[str]]:
    out = []
    with (ref / "nato-defexp-2019-06-release/nato_defexp_2019-06_long.csv").open(encoding="utf-8") as f:
        for r in csv.DictReader(f):
            year, est = int(r["year"]), r["estimate"] == "True"
            for col, measure, scale in (
                ("pct_gdp", "pct_gdp", 1),
                ("equipment_share_pct", "equipment_share", 1),
                ("defexp_usd_current", "usd_million", 1e-6),
                ("military_personnel", "personnel_thousands", 1e-3),
            ):
                if r[col] not in ("", "NA"):
                    out.append(
                        _row("nato-defexp-2019-06", r["ally_iso3"], year, measure, float(r[col]) * scale, est)
                    )
    return out


def rows_2023(ref: Path) -> list[list[str]]:
    out = []
    with (ref / "nato-defexp-2023-07-release/nato_defexp_2023-07_tidy.csv").open(encoding="utf-8") as f:
        for r in csv.DictReader(f):
            measure = {"pct_gdp": "pct_gdp", "equipment_share_pct": "equipment_share"}.get(r["measure"])
            if measure:
                out.append(
                    _row(
                        r["release"],
                        r["ally_iso3"],
                        int(r["year"]),
                        measure,
                        float(r["value"]),
                        r["estimate"] == "true",
                    )
                )
    return out


def rows_press(ref: Path) -> list[list[str]]:
    out = []
    with (ref / "nato-defexp-press-reported/nato_defexp_press_reported.csv").open(encoding="utf-8") as f:
        for r in csv.DictReader(f):
            if r["release"] in PRESS_RELEASES and r["measure"] == "pct_gdp":
                # The report card does not say; NATO's annual reports give the year just ended as estimates.
                estimate = r["estimate"] == "true" or (
                    r["estimate"] == "unknown" and r["release"] == "nato-ar2025"
                )
                out.append(
                    _row(r["release"], r["ally_iso3"], int(r["year"]), "pct_gdp", float(r["value"]), estimate)
                )
    return out


def rows_2026(ref: Path) -> list[list[str]]:
    out = []
    with (ref / "nato-defexp-press-reported/nato_definv_2026-07_spot_values.csv").open(encoding="utf-8") as f:
        for r in csv.DictReader(f):
            measure = SPOT_2026.get(r["measure"])
            rounded = "rounded to 0.1" in r["note"] or "top LT" in r["note"]
            one_decimal = measure == "equipment_share" and len(r["value"].split(".")[-1]) < 2
            if measure and not rounded and not one_decimal:
                out.append(
                    _row(
                        "nato-definv-2026-07",
                        r["ally_iso3"],
                        int(r["year"]),
                        measure,
                        float(r["value"]),
                        r["estimate"] == "true",
                    )
                )
    return out


def main(ref: Path, data: Path) -> None:
    new = rows_2019(ref) + rows_2023(ref) + rows_press(ref)  # rows_2026: not imported (see the docstring)
    unique: dict[tuple[str, str, str, str], list[str]] = {}
    for r in new:  # the July 2023 extract gives the UK's 2023 share in two blocks, equal
        unique.setdefault((r[0], r[1], r[2], r[3]), r)
    new = list(unique.values())
    releases = {r[0] for r in new}
    path = data / "spending.csv"
    with path.open(encoding="utf-8") as f:
        kept = [r for r in csv.reader(f)][1:]
    kept = [r for r in kept if r[0] not in releases]
    from natoatlas.kb import datafile
    from natoatlas.kb.model import SpendingFigure

    figures = [
        SpendingFigure(
            release=r[0],
            ally=r[1],
            year=int(r[2]),
            measure=r[3],  # type: ignore[arg-type]  # the rows come from spending.csv, already checked
            value=float(r[4]),
            estimate=r[5] == "true",
        )
        for r in kept + new
    ]
    path.write_text(datafile.dump_csv(figures), encoding="utf-8")
    print(f"{len(new)} rows of {len(releases)} releases written to {path}")


if __name__ == "__main__":
    reference = Path(sys.argv[1])
    target = Path(sys.argv[2]) if len(sys.argv) > 2 else Path(__file__).parents[1] / "src/natoatlas/data"
    main(reference, target)
