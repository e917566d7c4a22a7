"""The Atlas answers for any date: real facts pinned from the sources."""

from __future__ import annotations

import datetime as dt

import pytest

import natoatlas

# (day of an enlargement, members that day, members the day before)
ENLARGEMENTS = [
    ("1949-04-04", 12, 0),
    ("1952-02-18", 14, 12),
    ("1955-05-06", 15, 14),
    ("1982-05-30", 16, 15),
    ("1999-03-12", 19, 16),
    ("2004-03-29", 26, 19),
    ("2009-04-01", 28, 26),
    ("2017-06-05", 29, 28),
    ("2020-03-27", 30, 29),
    ("2023-04-04", 31, 30),
    ("2024-03-07", 32, 31),
]


@pytest.mark.parametrize(("day", "count", "before"), ENLARGEMENTS)
def test_member_count_on_each_enlargement(atlas: natoatlas.Atlas, day: str, count: int, before: int) -> None:
    on = dt.date.fromisoformat(day)
    assert len(atlas.members(on=on)) == count
    assert len(atlas.members(on=on - dt.timedelta(days=1))) == before


def test_enlargement_rounds(atlas: natoatlas.Atlas) -> None:
    rounds = atlas.enlargements()
    assert [r.date.isoformat() for r in rounds] == [day for day, _, _ in ENLARGEMENTS]
    assert rounds[0].founding and not rounds[1].founding
    assert {c.id for c in rounds[5].countries} == {"BGR", "EST", "LVA", "LTU", "ROU", "SVK", "SVN"}
    assert [c.id for c in rounds[-1].countries] == ["SWE"]
    assert len(atlas.enlargements(on="2000-01-01")) == 5


def test_members_default_to_today(atlas: natoatlas.Atlas) -> None:
    assert atlas.members() == atlas.members(on=dt.date.today())
    assert len(atlas.members(on="2026-01-01")) == 32


def test_members_in_order_of_accession(atlas: natoatlas.Atlas) -> None:
    codes = [m.code for m in atlas.members(on="2024-03-07")]
    assert codes[:12] == sorted(codes[:12])
    assert codes[12:] == [
        "GRC",
        "TUR",
        "DEU",
        "ESP",
        "CZE",
        "HUN",
        "POL",
        "BGR",
        "EST",
        "LTU",
        "LVA",
        "ROU",
        "SVK",
        "SVN",
        "ALB",
        "HRV",
        "MNE",
        "MKD",
        "FIN",
        "SWE",
    ]


def test_founders_signed_and_treaty_in_force(atlas: natoatlas.Atlas) -> None:
    founders = [m for m in atlas.memberships if m.founder]
    assert len(founders) == 12
    assert {m.start.isoformat() for m in founders} == {"1949-04-04"}
    assert {m.in_force.isoformat() for m in founders if m.in_force} == {"1949-08-24"}
    assert atlas.founded.isoformat() == "1949-04-04"


def test_newest_member(atlas: natoatlas.Atlas) -> None:
    assert [m.code for m in atlas.newest_members(on="2025-05-01")] == ["SWE"]
    assert {m.code for m in atlas.newest_members(on="2010-01-01")} == {"ALB", "HRV"}
    assert atlas.newest_members(on="1940-01-01") == ()


@pytest.mark.parametrize(
    ("day", "name", "acting"),
    [
        ("1952-04-04", "Lord Ismay", False),
        ("1960-01-01", "Paul-Henri Spaak", False),
        ("1985-01-01", "Lord Carrington", False),
        ("1994-09-01", "Sergio Balanzino", True),
        ("1995-01-01", "Willy Claes", False),
        ("1999-03-24", "Javier Solana", False),
        ("2003-12-20", "Alessandro Minuto-Rizzo", True),
        ("2009-08-01", "Anders Fogh Rasmussen", False),
        ("2014-10-01", "Jens Stoltenberg", False),
        ("2024-09-30", "Jens Stoltenberg", False),
        ("2024-10-01", "Mark Rutte", False),
        ("2025-05-01", "Mark Rutte", False),
    ],
)
def test_secretary_general_on(atlas: natoatlas.Atlas, day: str, name: str, acting: bool) -> None:
    holder = atlas.secretary_general(on=day)
    assert holder is not None
    assert holder.name.en == name
    assert holder.acting is acting


def test_no_secretary_general_before_the_office(atlas: natoatlas.Atlas) -> None:
    assert atlas.secretary_general(on="1951-01-01") is None


def test_briefing_names_rutte_in_japanese(atlas: natoatlas.Atlas) -> None:
    rutte = atlas.secretary_general(on="2025-05-01")
    assert rutte is not None
    assert rutte.name.ja == "マルク・ルッテ"
    assert rutte.previous_office is not None and rutte.previous_office.ja == "オランダ首相"


# The Japanese names as the reference briefing writes them (its enlargement page uses 仏 and 独).
BRIEFING_JA = {
    "BEL": "ベルギー", "CAN": "カナダ", "DNK": "デンマーク", "FRA": "仏", "ISL": "アイスランド",
    "ITA": "イタリア", "LUX": "ルクセンブルク", "NLD": "オランダ", "NOR": "ノルウェー", "PRT": "ポルトガル",
    "GBR": "英国", "USA": "米国", "TUR": "トルコ", "GRC": "ギリシャ", "DEU": "独", "ESP": "スペイン",
    "POL": "ポーランド", "CZE": "チェコ", "HUN": "ハンガリー", "EST": "エストニア", "LVA": "ラトビア",
    "LTU": "リトアニア", "SVK": "スロバキア", "SVN": "スロベニア", "BGR": "ブルガリア", "ROU": "ルーマニア",
    "ALB": "アルバニア", "HRV": "クロアチア", "MNE": "モンテネグロ", "MKD": "北マケドニア",
    "FIN": "フィンランド", "SWE": "スウェーデン",
}  # fmt: skip


def test_japanese_names_of_all_32_as_the_briefing_writes_them(atlas: natoatlas.Atlas) -> None:
    members = atlas.members(on="2025-05-01")
    assert {m.code for m in members} == set(BRIEFING_JA)
    for m in members:
        assert m.country.name_on(dt.date(2025, 5, 1)).get("ja", short=True) == BRIEFING_JA[m.code]
    assert atlas.country("FRA").current_name.ja == "フランス"
    assert atlas.country("DEU").current_name.ja == "ドイツ"


@pytest.mark.parametrize("query", ["FIN", "fi", "Finland", "finland", "フィンランド", "ＦＩＮ"])
def test_country_lookup(atlas: natoatlas.Atlas, query: str) -> None:
    assert atlas.country(query).id == "FIN"


def test_country_lookup_suggests(atlas: natoatlas.Atlas) -> None:
    with pytest.raises(LookupError, match="did you mean 'Finland'"):
        atlas.country("Fnland")
    assert atlas.get_country("Atlantis") is None


def test_names_over_time(atlas: natoatlas.Atlas) -> None:
    assert atlas.country("CZE").name_on(dt.date(1999, 3, 12)).en == "Czech Republic"
    assert atlas.country("CZE").current_name.en == "Czechia"
    assert atlas.country("Czech Republic").id == "CZE"
    assert atlas.country("TUR").name_on(dt.date(2020, 1, 1)).en == "Turkey"
    assert atlas.country("TUR").name_on(dt.date(2023, 1, 1)).en == "Türkiye"
    macedonia = atlas.country("MKD")
    assert macedonia.name_on(dt.date(2018, 1, 1)).ja == "マケドニア旧ユーゴスラビア共和国"
    assert macedonia.name_on(dt.date(2020, 3, 27)).ja == "北マケドニア"


def test_member_names_follow_the_date(atlas: natoatlas.Atlas) -> None:
    day = dt.date(1999, 3, 12)
    names = {m.code: m.country.name_on(day).en for m in atlas.members(on=day)}
    assert names["CZE"] == "Czech Republic"
    assert names["TUR"] == "Turkey"


def test_integrated_command_withdrawals(atlas: natoatlas.Atlas) -> None:
    assert {w.country for w in atlas.outside_integrated_command(on="1977-01-01")} == {"FRA", "GRC"}
    assert {w.country for w in atlas.outside_integrated_command(on="1990-01-01")} == {"FRA"}
    assert atlas.outside_integrated_command(on="2010-01-01") == ()
    assert atlas.outside_integrated_command(on="1960-01-01") == ()


def test_germany_reunification_noted(atlas: natoatlas.Atlas) -> None:
    (membership,) = atlas.membership("DEU")
    assert membership.start.isoformat() == "1955-05-06"
    assert [e.date.isoformat() for e in membership.events] == ["1990-10-03"]
    assert {a.value for a in membership.alternatives} == {"1955-05-09", "1955-05-05"}


def test_headquarters_over_time(atlas: natoatlas.Atlas) -> None:
    def city(day: str) -> str:
        hq = atlas.headquarters(on=day)
        assert hq is not None
        return hq.city.en

    assert city("1951-01-01") == "London"
    assert city("1955-01-01") == "Paris"
    assert city("1970-01-01") == "Brussels"
    assert city("2025-05-01") == "Brussels"


def test_headline_figures(atlas: natoatlas.Atlas) -> None:
    personnel = atlas.figure("armed-forces-personnel", on="2025-05-01")
    assert personnel is not None and personnel.label.ja == "約335万人"
    money = atlas.figure("defence-expenditure", on="2025-05-01")
    assert money is not None and money.label.ja == "約1兆840億ユーロ"
    assert money.quantity == 1_084_000_000_000
    before = atlas.figure("armed-forces-personnel", on="2024-12-31")
    assert before is not None and before.release == "nato-defexp-2024-06" and before.estimate
    assert atlas.figure("defence-expenditure", on="2020-01-01") is None


def test_every_record_cites_known_sources(atlas: natoatlas.Atlas) -> None:
    records = [*atlas.memberships, *atlas.secretaries_general, *atlas.headquarters_history, *atlas.figures]
    records += list(atlas.countries.values())
    for record in records:
        assert record.sources
        assert all(s in atlas.sources for s in record.sources)
    assert atlas.sources["mofa-briefing-2025-05"].publisher == "外務省欧州局政策課"


def test_atlas_is_immutable(atlas: natoatlas.Atlas) -> None:
    with pytest.raises(TypeError):
        atlas.countries["XXX"] = atlas.countries["FIN"]  # type: ignore[index]
    with pytest.raises(Exception, match="frozen"):
        atlas.memberships[0].country = "XXX"  # type: ignore[misc]
