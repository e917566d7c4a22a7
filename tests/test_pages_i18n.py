"""Every page complete and in the reader's language, for any date (issue 14, items 3 and 4).

Read through the test client: the browser test (test_web_browser.py) walks the same pages in
Chromium. A Japanese page shows no id from the data and no English word of the interface; the
language follows ``Accept-Language`` until the URL holds it; errors and days without data are
answered inside the site's layout, with navigation, the date picker and a "data as of" line.
"""

from __future__ import annotations

import html
import re
from functools import cache

import pytest
from fastapi.testclient import TestClient

import natoatlas
from natoatlas.kb.model import STEP_ORDER
from natoatlas.render.briefing import SECTIONS
from natoatlas.web import create_app
from natoatlas.web.pages import CHANGE_LABELS, STEP_LABELS, negotiate

ATLAS = natoatlas.load()
PAGES = ["/", "/spending", "/partners", "/organisation", "/operations", "/japan", "/treaty", "/changes",
         "/briefing", "/countries", "/country/FIN", "/country/UKR", "/country/JPN", "/country/DEU",
         "/changes?from=1949-04-04", "/treaty?place=Canary+Islands", "/search", "/search?q=finland",
         "/search?q=%E3%83%AB%E3%83%83%E3%83%86", "/search?q=a", "/search?q=Finlnd", "/countries/FIN",
         "/summits", "/summits/summit-2022-madrid", "/summits/summit-1957-paris",
         "/spending?country=nato-europe-canada", "/spending?country=USA&year=2020", "/operations?status=ended"]  # fmt: skip
DAYS = ["1949-04-04", "1999-03-12", "2015-01-01", "2025-05-01"]
#: English the reference itself prints in its Japanese text: 「世界におけるパートナー (Partners across
#: the globe)」 and the acronyms spelt out under the commands map ("Command and Control Centre").
REFERENCE_ENGLISH = {"across", "the", "globe", "and"}


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app(ATLAS))


@cache
def data_ids() -> frozenset[str]:
    """Every id of the data a reader should never see: sources and releases, accession steps,
    kinds of change, briefing sections, frameworks, operations, summits, places, events."""
    ids = set(ATLAS.sources) | {r.id for r in ATLAS.spending.releases} | set(STEP_ORDER) | set(SECTIONS)
    ids |= set(CHANGE_LABELS) | set(ATLAS.frameworks) | {o.id for o in ATLAS.operations}
    ids |= {s.id for s in ATLAS.summits} | {p.id for p in ATLAS.places}
    return frozenset(ids)


def visible(page: str) -> tuple[str, str]:
    """The text a reader sees, without the list of sources (titles as published), what is marked
    English (``lang="en"``), the English column of the Treaty; and the text inside the figures."""
    page = re.sub(r"<head>.*?</head>|<footer.*?</footer>", " ", page, flags=re.S)
    page = re.sub(r'<(\w+)[^>]*\blang="en"[^>]*>.*?</\1>', " ", page, flags=re.S)
    page = (
        re.sub(r"<td>(?:(?!</td>).)*</td></tr>", "</tr>", page, flags=re.S)
        if 'class="data treaty"' in page
        else page
    )
    figures = " ".join(re.findall(r"<text[^>]*>(.*?)</text>", page, flags=re.S))
    page = re.sub(r"<svg.*?</svg>", " ", page, flags=re.S)
    return _strip(page), _strip(figures)


def _strip(markup: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", markup))


def shown_ids(text: str, ids: frozenset[str], lang: str) -> set[str]:
    words = set(re.findall(r"(?<![\w.-])[a-z][a-z0-9]*(?:[-:][a-z0-9]+)*:?", text))
    found = {w.rstrip(":") for w in words if w.rstrip(":") in ids}
    if lang == "en":  # an English page may say "partners" or "overview"; never "pfp:" or "protocol-signed"
        found = {
            w
            for w in found
            if "-" in w or any(c.isdigit() for c in w) or (w in ATLAS.frameworks and f"{w}:" in words)
        }
    return found


@pytest.mark.parametrize("day", DAYS)
def test_japanese_pages_show_no_id_and_no_english_label(client: TestClient, day: str) -> None:
    for path in PAGES:
        response = client.get(path, params={"lang": "ja", "on": day})
        # Spending before the first release held: a whole page that says so, with the API's 404.
        assert response.status_code == (
            404 if path.startswith("/spending") and day < "2016-07-04" else 200
        ), (
            path,
            day,
        )
        text, figures = visible(response.text)
        assert not shown_ids(text, data_ids(), "ja"), (path, day, shown_ids(text, data_ids(), "ja"))
        assert not shown_ids(figures, data_ids() - {"mofa-briefing-2025-05"}, "ja"), (path, day)
        english = set(re.findall(r"(?<![\w.-])[a-z]{2,}\b", text)) - REFERENCE_ENGLISH
        assert not english, (path, day, english)
        assert "~" not in text, (path, day)  # the raised ASCII tilde: 「1994年1月10日～」


@pytest.mark.parametrize("day", ["1999-03-12", "2025-05-01"])
def test_english_pages_show_no_id(client: TestClient, day: str) -> None:
    for path in PAGES:
        text, _ = visible(client.get(path, params={"lang": "en", "on": day}).text)
        assert not shown_ids(text, data_ids(), "en"), (path, day, shown_ids(text, data_ids(), "en"))


def test_readable_labels(client: TestClient) -> None:
    finland = client.get("/country/FIN", params={"lang": "ja", "on": "2025-05-01"}).text
    assert "加盟議定書署名" in finland and "加盟申請" in finland and "批准(カナダ)" in finland
    assert "平和のためのパートナーシップ" in finland  # PfP by its name, not "pfp:"
    assert "推定値" in finland and ">e<" not in finland
    english = client.get("/country/FIN", params={"lang": "en", "on": "2025-05-01"}).text
    assert "accession protocol signed" in english and "ratification (Canada)" in english
    spending = client.get("/spending", params={"lang": "ja", "on": "2025-05-01", "year": "2024"}).text
    assert "<td>推定値</td>" in spending and "<td>e</td>" not in spending
    assert "NATO国防費統計(2024年6月17日公表)" in spending
    briefing = client.get("/briefing", params={"lang": "ja", "on": "2025-05-01"}).text
    assert 'value="treaty" checked> 2. 北大西洋条約の概要' in briefing
    assert set(STEP_LABELS) == set(STEP_ORDER)


def test_changes_say_from_and_to(client: TestClient) -> None:
    ja = client.get("/changes", params={"lang": "ja", "on": "2025-05-01", "from": "2024-05-01"}).text
    assert "開始 <input" in ja and "終了 <input" in ja
    assert "2024年5月1日から2025年5月1日まで" in ja
    assert "<td>首脳会合</td>" in ja and "<td>日NATO関係</td>" in ja
    en = client.get("/changes", params={"lang": "en", "on": "2025-05-01", "from": "2024-05-01"}).text
    assert "From <input" in en and "To <input" in en and "From 1 May 2024 to 1 May 2025" in en
    # Citations are numbered, each the number of its source in the list below.
    assert re.search(r'<a href="#src-[^"]+">\[\d+\]</a>', en)


def test_the_tilde_is_full_width(client: TestClient) -> None:
    page = client.get("/partners", params={"lang": "ja", "on": "2025-05-01"}).text
    assert "(1994年12月～)" in page and "~)" not in page


def test_first_visit_follows_the_browser(client: TestClient) -> None:
    assert negotiate("en-US,en;q=0.9,ja;q=0.8") == "en"
    assert negotiate("fr-FR,ja;q=0.5,en;q=0.4") == "ja"
    assert negotiate("de, en;q=0.3") == "en"
    assert negotiate("de") == "ja" and negotiate(None) == "ja" and negotiate("en;q=0, ja;q=bad") == "ja"
    page = client.get("/spending?on=2025-05-01", headers={"Accept-Language": "en-GB,en;q=0.9"}).text
    assert '<html lang="en">' in page and "<h1>Defence expenditure</h1>" in page
    # From then on the URL holds the language: every link carries it.
    assert 'href="/partners?on=2025-05-01&amp;lang=en"' in page
    assert 'href="/spending?on=2025-05-01&amp;lang=ja"' in page  # the switch
    asked = client.get("/?lang=ja", headers={"Accept-Language": "en"}).text
    assert '<html lang="ja">' in asked  # the URL wins over the header


def test_errors_inside_the_layout(client: TestClient) -> None:
    for url, status, heading in [("/nowhere?lang=ja", 404, "見つかりません"), ("/country/Atlantis?lang=ja", 404, "見つかりません"),
                                 ("/?on=2025-13-01&lang=ja", 422, "入力値が正しくありません"),
                                 ("/nowhere?lang=en", 404, "Not found")]:  # fmt: skip
        response = client.get(url)
        assert response.status_code == status, url
        page = response.text
        assert f"<h1>{heading}</h1>" in page, url
        assert '<nav><a href="/spending' in page.replace("/?", "/spending?", 0) or "<nav>" in page
        assert page.count("<nav>") == 1 and 'href="/spending?' in page, url  # navigation
        assert 'type="date" name="on"' in page, url  # the date picker
        assert 'id="data-as-of"' in page, url
    # A bad date falls back to today in the picker; the detail stays, marked as English.
    page = client.get("/?on=2025-13-01&lang=ja").text
    assert '<small lang="en">on: ' in page
    assert "2025-13-01" not in page.split("<main>")[0]  # the links lead on, not to the same error
    page = client.get("/nowhere", headers={"Accept-Language": "en"}).text
    assert '<html lang="en">' in page


def test_spending_before_any_release_says_so(client: TestClient) -> None:
    for day in ("1949-04-04", "2000-01-01", "2015-01-01"):
        response = client.get("/spending", params={"lang": "ja", "on": day})
        assert response.status_code == 404  # as /api/v1/spending answers the same question
        page = response.text
        assert 'id="no-data"' in page and "まだありません" in page
        assert 'href="/spending?lang=ja&amp;on=2016-07-04"' in page  # the first release held
        assert "<nav>" in page and 'id="data-as-of"' in page
    page = client.get("/spending", params={"lang": "en", "on": "2015-01-01"}).text
    assert "No defence expenditure figures held were published by 1 January 2015" in page
    first = client.get("/spending", params={"lang": "ja", "on": "2016-07-04"})
    assert first.status_code == 200 and 'id="spending-table"' in first.text


def test_operations_before_the_first_say_so(client: TestClient) -> None:
    page = client.get("/operations", params={"lang": "ja", "on": "1960-01-01"}).text
    assert "該当する作戦・任務はまだない" in page
    first = min(o.start.first_day for o in ATLAS.operations)
    assert f"on={first.isoformat()}" in page
    assert 'id="no-data"' not in client.get("/operations", params={"lang": "ja", "on": "2025-05-01"}).text


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_every_page_says_how_current_its_data_is(client: TestClient, lang: str) -> None:
    for path in PAGES:
        for day in ("1949-04-04", "2025-05-01"):
            page = client.get(path, params={"lang": lang, "on": day}).text
            line = re.search(r'id="data-as-of">([^<]+)<', page)
            assert line, (path, day)
            assert ("現在" if lang == "ja" else "as of") in line.group(1), (path, line.group(1))
