"""The principal offices (offices.yaml): real holders on real days, and the CLI listing."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import pytest

import natoatlas


@pytest.mark.parametrize(
    ("office", "day", "name", "country"),
    [
        ("saceur", "2020-01-01", "Tod D. Wolters", "USA"),  # SHAPE: assumed command 3 May 2019
        ("saceur", "2022-07-04", "Christopher G. Cavoli", "USA"),  # SHAPE: change of command 4 July 2022
        ("saceur", "2022-07-03", "Tod D. Wolters", "USA"),
        ("saceur", "2026-12-01", "Alexus G. Grynkewich", "USA"),  # NATO: 4 July 2025
        ("cmc", "2015-06-01", "Knud Bartels", "DNK"),  # NATO: took up his functions 2 January 2012
        ("cmc", "2021-06-25", "Rob Bauer", "NLD"),  # NATO: took over 25 June 2021
        ("sact", "2025-01-01", "Pierre Vandier", "FRA"),  # NATO: succeeded Lavigne 23 September 2024
        ("sact", "2015-09-29", "Jean-Paul Paloméros", "FRA"),  # NATO: handover to Mercier 30 September 2015
        ("sact", "2003-06-19", "Edmund P. Giambastiani Jr.", "USA"),  # sworn in as first SACT 19 June 2003
    ],
)
def test_holder_on(atlas: natoatlas.Atlas, office: str, day: str, name: str, country: str) -> None:
    holder = atlas.office(office, day)
    assert holder is not None
    assert (holder.name.en, holder.country) == (name, country)


def test_acting_and_before_first(atlas: natoatlas.Atlas) -> None:
    acting = atlas.office("sact", "2005-09-01")
    assert acting is not None and acting.acting and acting.country == "GBR"
    assert atlas.office("sact", "2003-06-18") is None
    assert atlas.office("saceur", "1951-04-01") is None


def test_terms_meet(atlas: natoatlas.Atlas) -> None:
    """Where a holder hands over, the successor's from is the predecessor's to."""
    for office in atlas.offices.values():
        for earlier, later in itertools.pairwise(office.holders):
            assert earlier.end is not None
            assert earlier.end.first_day <= later.start.first_day


def test_military_committee_chair_reads_cmc(atlas: natoatlas.Atlas) -> None:
    mc = next(b for b in atlas.bodies if b.id == "military-committee")
    chair = mc.chair_on(dt.date(2019, 1, 1))
    assert chair is not None and chair.name.en == "Sir Stuart Peach"
    assert chair == atlas.office("cmc", "2019-01-01")


def test_cli_offices(run: Any) -> None:
    result = run("offices", "--on", "2020-01-01", "--lang", "en", "--json")
    assert result.code == 0, result.err
    holders = {o["id"]: o["holder_on"]["name"]["en"] for o in result.json()["offices"]}
    assert holders == {
        "cmc": "Sir Stuart Peach",
        "dsg": "Mircea Geoană",
        "saceur": "Tod D. Wolters",
        "sact": "André Lanata",
    }
    text = run("offices", "--on", "2015-06-01", "--lang", "en")
    assert text.code == 0 and "Bartels" in text.out
