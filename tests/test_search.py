"""Find anything (issue 14, item 2): the search view, its API, CLI and MCP tool, the search box
of every page and the results page, in English and Japanese, against the real data."""

from __future__ import annotations

import datetime as dt
import re
import time
from typing import Any

import pytest
from fastapi.testclient import TestClient

import natoatlas
from natoatlas.views import search as search_views
from natoatlas.views.base import Bi, to_json
from natoatlas.views.search import KIND_LABELS, KINDS, search
from natoatlas.web import create_app

ATLAS = natoatlas.load()
DAY = dt.date(2025, 5, 1)


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app(ATLAS))


def _first(query: str, day: dt.date = DAY) -> Any:
    found = search(ATLAS, day, query)
    assert found.hits, query
    return found.hits[0]


@pytest.mark.parametrize(
    "query", ["finland", "Finland", "FINLAND", "フィンランド", "FIN", "FI", "ｆｉｎ", "246"]
)
def test_a_country_by_any_name_code_case_or_width(query: str) -> None:
    hit = _first(query)
    assert (hit.kind, hit.id, hit.match) == ("country", "FIN", "exact")
    assert hit.name.en == "Finland" and hit.name.ja == "フィンランド"
    assert hit.path == "/country/FIN" and hit.url == "/country/FIN?on=2025-05-01&lang=en"
    assert hit.holds is True and hit.shown_on == DAY


def test_a_country_by_a_former_name_is_named_as_it_was_then() -> None:
    hit = _first("the former Yugoslav Republic of Macedonia", dt.date(2010, 1, 1))
    assert hit.id == "MKD" and hit.name.en == "the former Yugoslav Republic of Macedonia"
    assert _first("Türkiye").id == _first("Turkey").id == _first("トルコ").id == "TUR"
    assert _first("Czechia").id == _first("Czech Republic").id == "CZE"
    assert _first("グルジア").id == "GEO"


def test_people_in_both_languages() -> None:
    for query in ("Rutte", "rutte", "ルッテ", "Mark Rutte", "マルク・ルッテ"):
        hit = _first(query)
        assert (hit.kind, hit.id) == ("person", "rutte"), query
        assert hit.name.ja == "マルク・ルッテ" and hit.holds is True
    ismay = _first("Ismay")
    assert ismay.kind == "person" and ismay.holds is False
    assert ismay.start is not None and ismay.shown_on == ismay.end.first_day - dt.timedelta(days=1)
    # An office holder (SACEUR, Chair of the Military Committee …) shows on the organisation page.
    holder = _first("ヒル=ノートン")
    assert holder.kind == "person" and holder.path == "/organisation"


def test_operations_summits_places_frameworks() -> None:
    kfor = _first("KFOR")
    assert (kfor.kind, kfor.id, kfor.match, kfor.path) == ("operation", "kfor", "exact", "/operations")
    assert kfor.holds is True and kfor.start.isoformat() == "1999-06-12"
    madrid = search(ATLAS, DAY, "Madrid").hits
    assert [h.id for h in madrid] == ["summit-1997-madrid", "summit-2022-madrid"]
    assert madrid[1].name.en == "Madrid Summit 2022" and madrid[1].name.ja == "マドリード首脳会合(2022年)"
    assert (
        not madrid[1].holds and madrid[1].url == "/summits/summit-2022-madrid?on=2022-06-30&lang=en"
    )  # its last day
    during = search(ATLAS, dt.date(2022, 6, 29), "マドリード").hits  # what held on the day comes first
    assert [(h.id, h.holds) for h in during] == [("summit-2022-madrid", True), ("summit-1997-madrid", False)]
    nfiu = search(ATLAS, DAY, "NATO Force Integration Unit").hits
    assert {h.kind for h in nfiu} == {"place"} and len(nfiu) >= 8
    assert all(h.match == "prefix" for h in nfiu)
    assert _first("平和のためのパートナーシップ").id == _first("pfp").id == "pfp"
    assert _first("Guam").url == "/treaty?place=Guam&on=2025-05-01&lang=en"


def test_ranked_exact_then_prefix_then_substring() -> None:
    found = search(ATLAS, DAY, "mar").hits
    order = [("exact", "prefix", "substring").index(h.match) for h in found]
    assert order == sorted(order) and len(set(order)) >= 2
    # Within one rank, what held on the day comes first.
    for match in ("prefix", "substring"):
        held = [h.holds for h in found if h.match == match]
        assert held == sorted(held, reverse=True)


def test_nothing_found_suggests_close_names_and_lang_sets_the_links() -> None:
    found = search(ATLAS, DAY, "Finlnd")
    assert (
        found.count == 0 and found.hits == () and found.suggestions == (Bi(en="Finland", ja="フィンランド"),)
    )
    assert search(ATLAS, DAY, "  ").count == 0
    assert search(ATLAS, DAY, "FIN", "ja").hits[0].url == "/country/FIN?on=2025-05-01&lang=ja"


def test_every_kind_is_found_and_labelled() -> None:
    kinds = {h.kind for q in ("a", "e", "o", "の", "ー") for h in search(ATLAS, DAY, q).hits}
    assert set(KIND_LABELS) == set(KINDS) and len(kinds) >= 5


def test_fast_with_one_index_per_atlas() -> None:
    search(ATLAS, DAY, "warm")
    start = time.perf_counter()
    for query in ("finland", "フィンランド", "Rutte", "KFOR", "Madrid", "zzzz") * 10:
        search(ATLAS, DAY, query)
    assert (time.perf_counter() - start) / 60 < 0.02  # well under 20 ms a query (about 1 ms here)


def test_api_answers_the_view(client: TestClient) -> None:
    response = client.get("/api/v1/search", params={"q": "ルッテ", "on": "2025-05-01", "lang": "ja"})
    assert response.status_code == 200
    assert response.json() == to_json(search(ATLAS, DAY, "ルッテ", "ja"))
    assert response.json()["hits"][0]["url"] == "/?on=2025-05-01&lang=ja"
    assert set(response.json()["hits"][0]) == {
        "kind", "id", "name", "matched", "match", "path", "url", "holds", "shown_on", "start", "end",
    }  # fmt: skip
    for params, parameter in [({"q": ""}, "q"), ({}, "q"), ({"q": "x", "lang": "fr"}, "lang"),
                              ({"q": "x", "on": "2025-02-30"}, "on")]:  # fmt: skip
        bad = client.get("/api/v1/search", params=params)
        assert bad.status_code == 422 and bad.json()["parameter"] == parameter, params
    schema = client.get("/api/openapi.json").json()
    assert "SearchView" in str(schema["paths"]["/api/v1/search"]["get"]["responses"]["200"])


def test_cli(run: Any) -> None:
    data = run("search", "KFOR", "--on", "2025-05-01", "--json").json()
    assert data == to_json(search(ATLAS, DAY, "KFOR"))
    ja = run("search", "フィンランド", "--on", "2025-05-01", "--lang", "ja")
    assert (
        ja.code == 0
        and "フィンランド  [国]  2025年5月1日時点で該当  /country/FIN?on=2025-05-01&lang=ja" in ja.out
    )
    en = run("search", "Madrid", "--on", "2025-05-01")
    assert (
        "Madrid Summit 2022  [summit]  not on 1 May 2025 (see 30 June 2022)  /summits/summit-2022-madrid?on=2022-06-30&lang=en"
        in en.out
    )
    assert "2 found for 'Madrid'" in en.out
    empty = run("search", "")
    assert empty.code == 2 and "QUERY" in empty.err and len(empty.err.strip().splitlines()) == 1


def test_every_page_has_a_search_box_keeping_day_and_language(client: TestClient) -> None:
    for path in ("/", "/spending", "/treaty", "/countries", "/country/FIN", "/search", "/no/such/page"):
        page = client.get(path, params={"on": "2019-12-31", "lang": "ja"}).text
        form = re.search(
            r'<form class="search" method="get" action="/search" role="search">.*?</form>', page, re.S
        )
        assert form, path
        assert 'name="lang" value="ja"' in form.group(0) and 'name="on" value="2019-12-31"' in form.group(0)
        assert 'name="q"' in form.group(0) and ">検索</button>" in form.group(0)
        # The country index is in the navigation, in the page's language.
        assert re.search(
            r'<nav>.*<a href="/countries\?on=2019-12-31&amp;lang=ja"[^>]*>国一覧</a>.*</nav>', page
        ), path


def test_results_page_in_both_languages(client: TestClient) -> None:
    ja = client.get("/search", params={"q": "ルッテ", "on": "2025-05-01", "lang": "ja"}).text
    assert '<a href="/?on=2025-05-01&amp;lang=ja">マルク・ルッテ</a>' in ja and "<td>人物</td>" in ja
    assert 'value="ルッテ"' in ja  # the box keeps the query
    en = client.get("/search", params={"q": "madrid", "on": "2025-05-01", "lang": "en"}).text
    assert "Madrid Summit 2022" in en and "no: see 30 June 2022" in en
    none = client.get("/search", params={"q": "Finlnd", "lang": "en"}).text
    assert "Nothing found" in none and 'href="/search?lang=en&amp;q=Finland"' in none
    none_ja = client.get("/search", params={"q": "Finlnd", "lang": "ja"}).text
    assert "もしかして:" in none_ja and ">フィンランド</a>" in none_ja
    prompt = client.get("/search", params={"lang": "ja"})
    assert prompt.status_code == 200 and 'id="search-prompt"' in prompt.text
    # The result's link leads to a page that shows it.
    for query, text in [
        ("KFOR", "KFOR"),
        ("finland", "Finland"),
        ("NATO Force Integration Unit Estonia", "Estonia"),
    ]:
        hit = search(ATLAS, DAY, query, "en").hits[0]
        page = client.get(hit.url)
        assert page.status_code == 200 and text in page.text, query


def test_country_page_charts_spending_in_every_release(client: TestClient) -> None:
    for lang, title in (
        ("en", "Finland: defence expenditure as a share of GDP"),
        ("ja", "フィンランドの国防費対GDP比"),
    ):
        page = client.get("/countries/FIN", params={"on": "2025-05-01", "lang": lang}).text
        chart = page[page.index('id="spending-chart"') :]
        svg = chart[chart.index("<svg") : chart.index("</svg>")]
        assert title in svg
        published = [r for r in ATLAS.spending.releases if ATLAS.spending.published(r) <= DAY]
        with_fin = [r for r in published if ATLAS.spending.series("FIN", "pct_gdp", r.id)]
        assert len(with_fin) >= 2
        assert svg.count('class="mark-line role-mark') >= 1
    assert client.get("/countries/FIN").text.count("<svg") == client.get("/country/FIN").text.count("<svg")
    japan = client.get("/country/JPN", params={"on": "2025-05-01", "lang": "ja"}).text
    assert "この日までの公表資料に、この国の国防費はない。" in japan


def test_two_summits_in_one_city_and_year_are_told_apart_by_month() -> None:
    """Brussels met twice in 1989 (29–30 May, 4 December): no two summits share a name."""
    names = [search_views.summit_name(s, ATLAS.summits) for s in ATLAS.summits]
    assert len({n.en for n in names}) == len(names) and len({n.ja for n in names}) == len(names)
    brussels = {
        s.id: search_views.summit_name(s, ATLAS.summits) for s in ATLAS.summits if s.start.year == 1989
    }
    assert brussels["summit-1989-05-brussels"].en == "Brussels Summit (May 1989)"
    assert brussels["summit-1989-12-brussels"].ja == "ブリュッセル首脳会合(1989年12月)"
    assert (
        search_views.summit_name(
            next(s for s in ATLAS.summits if s.id == "summit-2014-wales"), ATLAS.summits
        ).en
        == "Wales Summit 2014"
    )
