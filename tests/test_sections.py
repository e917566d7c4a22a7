"""Every section of the reference briefing as data: pinned to the briefing (2025-05-01) and to
the history before it."""

from __future__ import annotations

import datetime as dt

import pytest

import natoatlas

BRIEFING_DAY = "2025-05-01"


# -- the treaty -----------------------------------------------------------------------------


def test_treaty_has_preamble_and_fourteen_articles(atlas: natoatlas.Atlas) -> None:
    articles = atlas.treaty(on=BRIEFING_DAY)
    assert [a.number for a in articles] == list(range(15))
    for a in articles:
        assert a.text.en and a.text.ja
        assert a.sources


def test_article_5_text(atlas: natoatlas.Atlas) -> None:
    five = atlas.article(5)
    assert (
        "an armed attack against one or more of them in Europe or North America "
        "shall be considered an attack against them all" in five.text.en
    )
    assert five.briefing is not None and five.briefing.startswith(
        "欧州又は北米における一又は二以上の締約国に対する武力攻撃を全締約国に対する攻撃とみなす。"
    )


@pytest.mark.parametrize(
    ("number", "title", "start"),
    [
        (0, "目的 (条約前文)", "①国連憲章の目的及び諸原則への信頼"),
        (4, "第4条 (協議)", "締約国は、領土保全、政治的独立又は安全が脅かされていると認めるときは"),
        (10, "第10条 (加入)", "締約国は、全会一致の合意により"),
        (11, "第11条 (条約の批准)", "本条約は、締約国により各自の憲法の手続に従って批准され"),
    ],
)
def test_briefing_quotes_the_articles_in_its_own_japanese(
    atlas: natoatlas.Atlas, number: int, title: str, start: str
) -> None:
    article = atlas.article(number)
    assert article.briefing is not None and article.briefing.startswith(start)
    assert article.title is not None


def test_our_translations_are_marked(atlas: natoatlas.Atlas) -> None:
    unquoted = [a for a in atlas.treaty() if a.number in (1, 2, 3, 7, 8, 9, 12, 13, 14)]
    assert unquoted and all(a.text.ja_ours for a in unquoted)


def test_article_6_before_and_after_the_1951_protocol(atlas: natoatlas.Atlas) -> None:
    before = atlas.article(6, on="1950-01-01")
    after = atlas.article(6, on=BRIEFING_DAY)
    assert "algerian departments of france" in before.text.en.lower()
    assert "Turkey" not in before.text.en
    assert "Turkey" in after.text.en and "Mediterranean Sea" in after.text.en
    # The 1951 text keeps the Algerian clause: it lapsed with Algeria's independence, not by amendment.
    assert "Algerian Departments of France" in after.text.en
    with pytest.raises(LookupError, match="no article 15"):
        atlas.article(15)


# -- enlargement -------------------------------------------------------------------------------


def test_finland_accession_milestones(atlas: natoatlas.Atlas) -> None:
    steps = {s.step: s.date.isoformat() for s in atlas.accession_history("FIN") if s.by is None}
    assert steps["application"] == "2022-05-18"
    assert steps["invitation"] == "2022-06-29"
    assert steps["protocol-signed"] == "2022-07-05"
    assert steps["deposit"] == "2023-04-04"


def test_finland_and_sweden_ratified_by_every_ally(atlas: natoatlas.Atlas) -> None:
    for candidate, day in (("FIN", "2023-04-04"), ("SWE", "2024-03-07")):
        allies = {m.code for m in atlas.members(on=dt.date.fromisoformat(day) - dt.timedelta(days=1))}
        ratified = {s.by for s in atlas.accession_history(candidate) if s.step == "ratification"}
        assert allies <= ratified, allies - ratified
    last_for_sweden = max(
        (s for s in atlas.accession_history("SWE") if s.by == "HUN"), key=lambda s: s.date.first_day
    )
    assert last_for_sweden.date.isoformat() == "2024-03-05"


def test_every_deposit_matches_a_membership(atlas: natoatlas.Atlas) -> None:
    deposits = {(s.country, s.date.isoformat()) for s in atlas.accession_steps if s.step == "deposit"}
    joined = {(m.country, m.start.isoformat()) for m in atlas.memberships if not m.founder}
    assert deposits == joined


# -- partners ----------------------------------------------------------------------------------

PFP_2025 = {"ARM", "AUT", "AZE", "BLR", "BIH", "GEO", "IRL", "KAZ", "KGZ", "MLT", "MDA", "RUS", "SRB",
            "CHE", "TJK", "TKM", "UKR", "UZB"}  # fmt: skip


@pytest.mark.parametrize(
    ("framework", "codes"),
    [
        ("pfp", PFP_2025),
        ("md", {"DZA", "EGY", "ISR", "JOR", "MRT", "MAR", "TUN"}),
        ("ici", {"BHR", "KWT", "QAT", "ARE"}),
        ("pag", {"JPN", "KOR", "AUS", "NZL", "AFG", "IRQ", "PAK", "MNG", "COL"}),
        ("ip4", {"JPN", "KOR", "AUS", "NZL"}),
    ],
)
def test_briefing_partner_lists(atlas: natoatlas.Atlas, framework: str, codes: set[str]) -> None:
    assert {p.code for p in atlas.partners(framework, on=BRIEFING_DAY)} == codes


def test_partner_history(atlas: natoatlas.Atlas) -> None:
    pfp_2018 = {p.code for p in atlas.partners("pfp", on="2018-01-01")}
    assert {"FIN", "SWE"} <= pfp_2018
    assert {p.code for p in atlas.partners("PfP", on="2000-01-01")} >= {"EST", "LVA", "LTU", "SVK"}
    assert "POL" not in {p.code for p in atlas.partners("pfp", on="2000-01-01")}
    assert atlas.partners("pfp", on="1993-12-31") == ()


def test_suspensions(atlas: natoatlas.Atlas) -> None:
    status = {p.code: p.status for p in atlas.partners("pfp", on=BRIEFING_DAY)}
    assert status["RUS"] is not None and status["RUS"].kind == "practical-cooperation-suspended"
    assert status["RUS"].start.year == 2014
    assert status["BLR"] is not None and status["BLR"].start.year == 2021
    assert status["AUT"] is None
    earlier = {p.code: p.status for p in atlas.partners("pfp", on="2013-01-01")}
    assert earlier["RUS"] is None


def test_frameworks_start_dates(atlas: natoatlas.Atlas) -> None:
    starts = {f.id: f.start.isoformat() for f in atlas.frameworks.values()}
    assert starts["pfp"].startswith("1994-01")
    assert starts["md"].startswith("1994-12")
    assert starts["ici"].startswith("2004-06")
    assert starts["nrc"].startswith("2002-05")
    assert starts["nuc"].startswith("2023-07")
    assert starts["ngc"].startswith("2008-09")
    assert set(atlas.framework("ici").interested) == {"OMN", "SAU"}
    assert atlas.framework("地中海ダイアログ").id == "md"


def test_no_nato_ukraine_council_in_2019(atlas: natoatlas.Atlas) -> None:
    council = atlas.framework("nuc")
    assert not council.holds_on(dt.date(2019, 12, 31))
    assert council.holds_on(dt.date(2025, 5, 1))


def test_ap4_became_ip4(atlas: natoatlas.Atlas) -> None:
    group = atlas.framework("ip4")
    assert group.name_on(dt.date(2025, 5, 1)).acronym == "IP4"
    assert any(n.acronym == "AP4" for n in group.names)


# -- organisation ------------------------------------------------------------------------------


def test_organisation(atlas: natoatlas.Atlas) -> None:
    bodies = {b.id: b for b in atlas.organisation(on=BRIEFING_DAY)}
    assert {"nac", "military-committee", "npg"} <= set(bodies)
    assert bodies["nac"].name.ja == "北大西洋理事会"
    assert bodies["military-committee"].name.ja == "軍事委員会"
    chair = next(c for c in bodies["military-committee"].chairs if c.holds_on(dt.date(2025, 5, 1)))
    assert "Cavo Dragone" in chair.name.en
    chair_2022 = next(c for c in bodies["military-committee"].chairs if c.holds_on(dt.date(2022, 1, 1)))
    assert "Bauer" in chair_2022.name.en


# -- commands and forward presence ---------------------------------------------------------------

BATTLEGROUPS_2025 = {"BGR": "ITA", "EST": "GBR", "HUN": "HUN", "LVA": "CAN", "LTU": "DEU", "POL": "USA",
                     "ROU": "FRA", "SVK": "ESP"}  # fmt: skip
NFIU_CITIES = {
    "Tallinn",
    "Riga",
    "Vilnius",
    "Bydgoszcz",
    "Bratislava",
    "Székesfehérvár",
    "Bucharest",
    "Sofia",
}


def test_battlegroups_and_their_framework_nations(atlas: natoatlas.Atlas) -> None:
    day = dt.date(2025, 5, 1)
    groups = [p for p in atlas.forces(on=day) if p.kind == "battlegroup"]
    leads = {}
    for group in groups:
        lead = group.lead_on(day)
        assert lead is not None
        leads[group.country] = lead.country
    assert leads == BATTLEGROUPS_2025


def test_nfius(atlas: natoatlas.Atlas) -> None:
    units = [p for p in atlas.forces(on=BRIEFING_DAY) if p.kind == "nfiu"]
    assert {u.city.en for u in units} == NFIU_CITIES


def test_forward_presence_history(atlas: natoatlas.Atlas) -> None:
    def groups(day: str) -> dict[str, str | None]:
        on = dt.date.fromisoformat(day)
        found = {}
        for p in atlas.forces(on=on):
            if p.kind == "battlegroup":
                lead = p.lead_on(on)
                found[p.country] = lead.country if lead else None
        return found

    assert "SVK" not in groups("2018-01-01")
    assert set(groups("2018-01-01")) == {"EST", "LVA", "LTU", "POL"}
    assert groups("2023-01-01")["SVK"] == "CZE"
    assert groups("2024-07-01")["SVK"] == "ESP"
    assert groups("2016-01-01") == {}


def test_commands_of_page_6(atlas: natoatlas.Atlas) -> None:
    commands = atlas.commands(on=BRIEFING_DAY)
    cities = {p.city.ja for p in commands}
    page_6 = [
        "モンス",
        "ブルンサム",
        "ナポリ",
        "ノーフォーク",
        "ウルム",
        "イズミル",
        "ノースウッド",
        "ラムシュタイン",
    ]
    page_6 += ["トレホン", "ウエデム", "ポッジョ・レナーティコ"]
    for city in page_6:
        assert city in cities, city
    kinds = {p.kind for p in commands}
    assert {"strategic-command", "joint-force-command", "mnd", "caoc", "daccc"} <= kinds
    assert {p.country for p in commands if p.kind == "mnd"} >= {"POL", "HUN", "ROU"}
    for place in commands:
        assert -90 <= place.lat <= 90 and -180 <= place.lon <= 180


def test_ccdcoe(atlas: natoatlas.Atlas) -> None:
    centre = next(p for p in atlas.places if p.id == "ccdcoe")
    assert centre.country == "EST"
    assert centre.start.isoformat().startswith("2008")


# -- Strategic Concepts, summits, operations ------------------------------------------------------


def test_eight_strategic_concepts(atlas: natoatlas.Atlas) -> None:
    assert len(atlas.concepts) == 8
    current = atlas.concept(on=BRIEFING_DAY)
    assert current is not None and current.adopted.isoformat().startswith("2022-06")
    points = " ".join(p.ja for p in current.points)
    assert "抑止と防衛" in points and "最も重大かつ直接的な脅威" in points and "インド太平洋" in points
    in_2019 = atlas.concept(on="2019-12-31")
    assert in_2019 is not None and in_2019.adopted.year == 2010
    assert atlas.concept(on="1949-06-01") is None


def test_summits(atlas: natoatlas.Atlas) -> None:
    held = {(s.start.year, s.city.en) for s in atlas.summits_until(BRIEFING_DAY)}
    for summit in ((2014, "Wales"), (2022, "Madrid"), (2023, "Vilnius"), (2024, "Washington")):
        assert summit in held or any(y == summit[0] and summit[1] in c for y, c in held), summit
    london = next(s for s in atlas.summits if s.start.isoformat().startswith("2019-12"))
    assert any("中国" in d.ja for d in london.decisions)
    assert any(s.start.isoformat().startswith("2025-06") for s in atlas.summits)


def test_operations_ongoing_in_the_briefing(atlas: natoatlas.Atlas) -> None:
    ongoing = {o.id for o in atlas.operations_on(on=BRIEFING_DAY, status="ongoing")}
    assert {"kfor", "sea-guardian", "aegean", "nmi", "au-support", "baltic-air-policing"} <= ongoing
    ended = {o.id for o in atlas.operations_on(on=BRIEFING_DAY, status="ended")}
    assert {
        "unified-protector",
        "resolute-support",
        "isaf",
        "ntm-a",
        "ocean-shield",
        "active-endeavour",
    } <= ended


def test_operation_links_and_dates(atlas: natoatlas.Atlas) -> None:
    ops = {o.id: o for o in atlas.operations}
    assert ops["active-endeavour"].successor == "sea-guardian"
    assert ops["sea-guardian"].predecessor == "active-endeavour"
    assert ops["isaf"].successor == "resolute-support"
    assert ops["active-endeavour"].article5 is True
    assert ops["sea-guardian"].article5 is False
    assert ops["kfor"].start.isoformat().startswith("1999-06")
    assert ops["resolute-support"].start.isoformat().startswith("2015-01")
    # The briefing's NTM-A end (2024.9) is kept as a disagreeing source, not as the fact.
    assert ops["ntm-a"].end is not None and ops["ntm-a"].end.year == 2014
    assert any(a.value.startswith("2024-09") for a in ops["ntm-a"].alternatives)
    with pytest.raises(ValueError, match="status must be"):
        atlas.operations_on(status="paused")


# -- Japan–NATO ----------------------------------------------------------------------------------

BRIEFING_TIMELINE = ["2010-06", "2013-04", "2014-05", "2015-01", "2017-07", "2017-10", "2018-07", "2020-12",
                     "2022-02", "2022-03", "2022-04", "2022-06", "2023-01", "2023-04", "2023-07", "2024-04",
                     "2024-07", "2024-10", "2025-01", "2025-04"]  # fmt: skip


def test_japan_timeline_has_every_month_of_the_briefing(atlas: natoatlas.Atlas) -> None:
    months = {e.date.isoformat()[:7] for e in atlas.timeline("japan-nato")}
    for month in BRIEFING_TIMELINE:
        assert month in months, month


def test_japan_timeline_details(atlas: natoatlas.Atlas) -> None:
    events = atlas.timeline("japan-nato", "2022-06-01", "2022-06-30")
    assert any("岸田" in e.title.ja for e in events)
    documents = {d.en for e in atlas.timeline("japan-nato") for d in e.documents}
    assert any("IPCP" in d or "Individual Partnership and Cooperation Programme" in d for d in documents)
    assert any("ITPP" in d or "Individually Tailored Partnership Programme" in d for d in documents)
    assert atlas.timeline("japan-nato", "2025-06-01") != ()


def test_article_4_and_5(atlas: natoatlas.Atlas) -> None:
    invocation = atlas.timeline("article-5")
    assert invocation and invocation[0].date.isoformat() == "2001-09-12"
    requests = atlas.timeline("article-4")
    assert any(e.date.isoformat().startswith("2022-02-24") and "POL" in e.countries for e in requests)
