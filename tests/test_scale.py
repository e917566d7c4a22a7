"""Scale (issue 16, item 3): a 10× copy of the data loads and answers as 1× does for the
original records, and the indexed queries answer as a plain scan does on every day that matters."""

from __future__ import annotations

import datetime as dt
import importlib.util
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

import natoatlas
from natoatlas.atlas import Atlas, load

BENCH = Path(__file__).resolve().parents[1] / "bench" / "bench_scale.py"


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_scale", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_scale"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def tenfold(tmp_path_factory: pytest.TempPathFactory) -> Atlas:
    folder = _bench().multiply(10, tmp_path_factory.mktemp("x10"))
    return load(folder)  # raises DataError if the copy broke any check


def _days(atlas: Atlas) -> Iterator[dt.date]:
    """Every day on which something begins or ends, the day before it, and a few others."""
    bounds: set[dt.date] = set()
    for items in (atlas.memberships, atlas.partnerships, atlas.operations, atlas.places, atlas.summits):
        for item in items:
            for bound in (item.start, item.end):
                if bound is not None:
                    bounds.add(bound.first_day)
    for p in atlas.partnerships:
        for s in p.statuses:
            bounds.add(s.start.first_day)
            if s.end is not None:
                bounds.add(s.end.first_day)
    for day in sorted(bounds):
        yield day
        yield day - dt.timedelta(days=1)
    yield from (dt.date(1900, 1, 1), dt.date(2100, 1, 1))


@pytest.mark.slow
def test_tenfold_copy_is_ten_times_larger(atlas: natoatlas.Atlas, tenfold: Atlas) -> None:
    assert len(tenfold.countries) == 10 * len(atlas.countries)
    assert len(tenfold.memberships) == 10 * len(atlas.memberships)
    assert len(tenfold.spending_figures) == 10 * len(atlas.spending_figures)
    assert len(tenfold.spending.releases) == 10 * len(atlas.spending.releases)
    assert len(tenfold.members("2024-06-01")) == 10 * len(atlas.members("2024-06-01"))


@pytest.mark.slow
def test_tenfold_answers_as_onefold_for_the_original_records(atlas: natoatlas.Atlas, tenfold: Atlas) -> None:
    original = set(atlas.countries)
    ops = {o.id for o in atlas.operations}
    for day in ["1949-04-03", "1949-04-04", "1999-03-12", "2020-01-01", "2023-04-04", "2024-03-07"]:
        assert [m for m in tenfold.members(day) if m.code in original] == list(atlas.members(day))
        assert tenfold.secretary_general(day) == atlas.secretary_general(day)
        for framework in ("pfp", "md", "ici", "pag"):
            mine = [p for p in tenfold.partners(framework, day) if p.code in original]
            assert mine == list(atlas.partners(framework, day))
        assert [o for o in tenfold.operations_on(day, "ongoing") if o.id in ops] == list(
            atlas.operations_on(day, "ongoing")
        )
    assert tenfold.country("フィンランド") == atlas.country("フィンランド")
    assert tenfold.accession_history("FIN") == atlas.accession_history("FIN")
    for year in (2014, 2019, 2024):
        assert tenfold.spending.figures(year, release="nato-defexp-2024-06") == atlas.spending.figures(
            year, release="nato-defexp-2024-06"
        )
    # A copied release gives the same values for the copy's Allies.
    copy = tenfold.spending.figures(2024, release="nato-defexp-2024-06-x3")
    assert [f.value for f in copy] == [
        f.value for f in atlas.spending.figures(2024, release="nato-defexp-2024-06")
    ]
    assert not {f.ally for f in copy} & original


def test_indexed_queries_answer_as_a_scan(atlas: natoatlas.Atlas) -> None:
    """On every day where an answer may change (and the day before), the cached answers equal
    what a scan of every record gives."""
    for day in _days(atlas):
        members = tuple(m for m in atlas.memberships if m.holds_on(day))
        assert tuple(m.membership for m in atlas.members(day)) == members
        for framework in atlas.frameworks:
            scanned = sorted(
                (p for p in atlas.partnerships if p.framework == framework and p.holds_on(day)),
                key=lambda p: atlas.countries[p.country].name_on(day).en,
            )
            assert [p.partnership for p in atlas.partners(framework, day)] == scanned
        started = [o for o in atlas.operations if o.start.first_day <= day]
        assert atlas.operations_on(day) == tuple(started)
        assert atlas.operations_on(day, "ongoing") == tuple(o for o in started if o.holds_on(day))
        assert atlas.operations_on(day, "ended") == tuple(o for o in started if not o.holds_on(day))
        assert atlas.commands(day) + atlas.forces(day) == tuple(
            p for p in atlas.places if p.holds_on(day) and p.kind not in {"nfiu", "battlegroup"}
        ) + tuple(p for p in atlas.places if p.holds_on(day) and p.kind in {"nfiu", "battlegroup"})
        assert atlas.summits_until(day) == tuple(s for s in atlas.summits if s.start.first_day <= day)


def test_spending_indexes_answer_as_a_scan(atlas: natoatlas.Atlas) -> None:
    spending = atlas.spending
    for release in spending.releases:
        for measure in ("pct_gdp", "usd_million"):
            years = sorted(
                {f.year for f in atlas.spending_figures if f.release == release.id and f.measure == measure}
            )
            assert spending.has_figures(release, measure) == bool(years)
            for year in years:
                scanned = sorted(
                    (
                        f
                        for f in atlas.spending_figures
                        if (f.release, f.measure, f.year) == (release.id, measure, year)
                        and f.ally not in natoatlas.load().aggregates
                    ),
                    key=lambda f: (-f.value, f.ally),
                )
                assert spending.figures(year, measure, release.id) == tuple(scanned)
    for day in (dt.date(2016, 7, 4), dt.date(2019, 6, 25), dt.date(2024, 6, 17), dt.date(2030, 1, 1)):
        newest = [r for r in spending.releases if spending.published(r) <= day][-1]
        assert spending.release(on=day) == newest
    with pytest.raises(ValueError, match="status must be"):
        atlas.operations_on("2020-01-01", status="paused")
