"""The Treaty as rules: Article 5/6 coverage, accessions step by step, Article 13, consultations,
and what changed between two dates."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

import natoatlas

PLACES = {
    "Tallinn": (59.437, 24.7536),
    "Helsinki": (60.1699, 24.9384),
    "Honolulu": (21.3069, -157.8583),
    "Anchorage": (61.2181, -149.9003),
    "Istanbul": (41.0082, 28.9784),
    "Ankara": (39.9334, 32.8597),
    "Algiers": (36.7538, 3.0588),
    "Kaliningrad": (54.7104, 20.4522),
}


def covered(atlas: natoatlas.Atlas, place: str | tuple[float, float], on: str) -> bool:
    return atlas.treaty.covers(place, on=on).covered


def test_tallinn_from_2004(atlas: natoatlas.Atlas) -> None:
    assert covered(atlas, PLACES["Tallinn"], "2004-03-29")
    assert not covered(atlas, PLACES["Tallinn"], "2004-03-28")
    answer = atlas.treaty.covers(PLACES["Tallinn"], on="2004-03-29")
    assert answer.clause == "europe-north-america" and answer.country == "EST"
    assert len(answer.allies) == 26 and "EST" in answer.allies


def test_helsinki_from_2023(atlas: natoatlas.Atlas) -> None:
    assert covered(atlas, PLACES["Helsinki"], "2023-04-04")
    assert not covered(atlas, PLACES["Helsinki"], "2023-04-03")
    before = atlas.treaty.covers("FIN", on="2022-01-01")
    assert "4 April 2023" in before.reason.en and "2023年4月4日" in before.reason.ja


@pytest.mark.parametrize(
    ("place", "expected"),
    [
        (PLACES["Honolulu"], False),
        ("Hawaii", False),
        (PLACES["Anchorage"], True),
        ("Ceuta", False),
        ("Melilla", False),
        ("Canary Islands", True),
        ("Madeira", True),
        ("Azores", True),
        ("Greenland", True),
        ("Svalbard", True),
        ("Bermuda", True),
        ("Puerto Rico", False),
        ("French Guiana", False),
        ("Guam", False),
        ("Falkland Islands", False),
        ("Cyprus", False),
        (PLACES["Kaliningrad"], False),
    ],
)
def test_article_6_area_in_2025(
    atlas: natoatlas.Atlas, place: str | tuple[float, float], expected: bool
) -> None:
    answer = atlas.treaty.covers(place, on="2025-05-01")
    assert answer.covered is expected, answer.reason.en
    assert answer.reason.en and answer.reason.ja


def test_islands_clause(atlas: natoatlas.Atlas) -> None:
    assert atlas.treaty.covers("Canary Islands", on="2025-05-01").clause == "north-atlantic-islands"
    assert atlas.treaty.covers("Bermuda", on="2025-05-01").country == "GBR"


@pytest.mark.parametrize("city", ["Istanbul", "Ankara"])
def test_turkey_from_1952(atlas: natoatlas.Atlas, city: str) -> None:
    assert covered(atlas, PLACES[city], "1952-02-18")
    assert not covered(atlas, PLACES[city], "1952-02-17")
    assert atlas.treaty.covers(PLACES[city], on="2000-01-01").clause == "turkey"


def test_algiers_1949_to_1962(atlas: natoatlas.Atlas) -> None:
    assert not covered(atlas, "Algerian departments", "1949-08-23")
    assert covered(atlas, "Algerian departments", "1949-08-24")
    assert covered(atlas, PLACES["Algiers"], "1962-07-02")
    assert not covered(atlas, PLACES["Algiers"], "1962-07-03")
    assert atlas.treaty.covers(PLACES["Algiers"], on="1955-01-01").clause == "algerian-departments"


def test_before_the_treaty_was_in_force(atlas: natoatlas.Atlas) -> None:
    answer = (
        atlas.treaty.covers("Paris", on="1949-06-01")
        if atlas.get_country("Paris")
        else atlas.treaty.covers("FRA", on="1949-06-01")
    )
    assert not answer.covered and "24 August 1949" in answer.reason.en


def test_forces_at_sea(atlas: natoatlas.Atlas) -> None:
    mediterranean = atlas.treaty.covers((35.0, 18.0), on="2025-05-01", kind="forces")
    assert mediterranean.covered and mediterranean.clause == "forces-mediterranean"
    atlantic = atlas.treaty.covers((45.0, -30.0), on="2025-05-01", kind="forces")
    assert atlantic.covered and atlantic.clause == "forces-north-atlantic"
    assert not atlas.treaty.covers((45.0, -30.0), on="2025-05-01").covered
    assert not atlas.treaty.covers((10.0, -30.0), on="2025-05-01", kind="forces").covered


@pytest.mark.parametrize(
    ("place", "message"),
    [
        ("Xqzvwpl", "unknown place 'Xqzvwpl'"),
        ("95,10", "latitude 95 is out of range"),
        ("10,200", "longitude 200 is out of range"),
    ],
)
def test_bad_places(atlas: natoatlas.Atlas, place: str, message: str) -> None:
    with pytest.raises((LookupError, ValueError), match=message):
        atlas.treaty.covers(place)


def test_cli_covers(run: Any) -> None:
    data = run("covers", "59.437,24.7536", "--on", "2004-03-29", "--json").json()
    assert data["covered"] is True and data["clause"] == "europe-north-america"
    assert len(data["allies"]) == 26 and data["country"] == "EST"
    assert run("covers", "Honolulu", "--json").code in (0, 2)
    bad = run("covers", "95,10")
    assert bad.code == 2 and "latitude 95 is out of range" in bad.err
    unknown = run("covers", "Xqzvwpl")
    assert unknown.code == 2 and "unknown place 'Xqzvwpl'" in unknown.err
    text = run("covers", "Canary Islands", "--on", "2025-05-01", "--lang", "ja").out
    assert "対象" in text and "北回帰線" in text


# -- accession as a process ------------------------------------------------------------------------


def test_finland_tracker(atlas: natoatlas.Atlas) -> None:
    finland = atlas.accession("FIN")
    before = finland.status(on="2023-04-01")
    assert before.stage == "protocol-signed"
    assert set(before.awaiting or ()) == {"TUR"}
    in_between = finland.status(on="2022-09-01")
    assert in_between.awaiting is not None and "HUN" in in_between.awaiting and "TUR" in in_between.awaiting
    after = finland.status(on="2023-04-04")
    assert after.member and after.stage == "member"
    assert finland.status(on="2022-01-01").stage is None


def test_sweden_waited_for_hungary(atlas: natoatlas.Atlas) -> None:
    sweden = atlas.accession("Sweden").status(on="2024-03-01")
    assert sweden.awaiting == ("HUN",)
    assert len(sweden.ratified) == 30


def test_cli_accession(run: Any) -> None:
    data = run("accession", "FIN", "--on", "2023-04-01", "--json").json()
    assert data["awaiting"] == ["TUR"] and data["stage"] == "protocol-signed"
    assert "still to ratify: TUR" in run("accession", "FIN", "--on", "2023-04-01").out


def test_article_13_withdrawal(atlas: natoatlas.Atlas) -> None:
    assert atlas.treaty.withdrawal(dt.date(2030, 1, 15)) == dt.date(2031, 1, 15)
    assert atlas.treaty.withdrawal(dt.date(2028, 2, 29)) == dt.date(2029, 3, 1)
    with pytest.raises(ValueError, match="only from 1969-08-24"):
        atlas.treaty.withdrawal(dt.date(1960, 1, 1))


# -- Article 4 and 5 ---------------------------------------------------------------------------------


def test_consultations(run: Any) -> None:
    events = run("consultations", "--json").json()
    five = [e for e in events if e["article"] == 5]
    assert five[0]["date"] == "2001-09-12" and five[0]["countries"] == ["USA"]
    four = run("consultations", "--article", "4", "--json").json()
    assert {e["article"] for e in four} == {4}
    assert any(e["date"] == "2022-02-24" and len(e["countries"]) == 8 for e in four)
    assert sum(1 for e in four if e["countries"] == ["TUR"]) >= 5


# -- what changed ----------------------------------------------------------------------------------


def test_diff_2024_to_2025(atlas: natoatlas.Atlas) -> None:
    changes = atlas.diff("2024-05-01", "2025-05-01")
    texts = [c.text.en for c in changes]
    assert any("Mark Rutte became Secretary General" in t for t in texts)
    assert any(c.kind == "secretary-general" and c.date.isoformat() == "2024-10-01" for c in changes)
    assert any("lead passed from Czechia to Spain" in t for t in texts)
    summit = next(c for c in changes if c.kind == "summit")
    assert summit.date.year == 2024 and "Sweden as its 32nd Ally" in summit.text.en
    japan = [c for c in changes if c.kind == "japan-nato"]
    assert {c.date.isoformat()[:7] for c in japan} >= {"2024-07", "2024-10", "2025-01", "2025-04"}
    assert all(c.sources for c in changes)
    assert any(c.kind == "spending" and "22 Allies" in c.text.en for c in changes)


def test_diff_sweden_joined(atlas: natoatlas.Atlas) -> None:
    changes = atlas.diff("2023-05-01", "2024-05-01")
    assert any(c.kind == "ally-joined" and "Sweden" in c.text.en for c in changes)
    with pytest.raises(ValueError, match="before the first"):
        atlas.diff("2025-01-01", "2024-01-01")


def test_cli_diff(run: Any) -> None:
    data = run("diff", "2024-05-01", "2025-05-01", "--json").json()
    assert data["from"] == "2024-05-01" and data["changes"]
    assert all({"date", "kind", "text", "sources"} <= set(c) for c in data["changes"])
    text = run("diff", "2024-05-01", "2025-05-01", "--lang", "ja").out
    assert "マルク・ルッテが事務総長に就任" in text
    bad = run("diff", "2025-05-01", "2024-05-01")
    assert bad.code == 2 and "before START" in bad.err
