"""The dashboard in a real browser: Debian's Chromium driven by Playwright, against a server on
loopback. Every page in both languages, the date changing the members map, the language switch,
a briefing download, the Article 5 map click, and no request leaving 127.0.0.1. Every page in
both languages shows no id from the data (and a Japanese one no English label); the first visit
follows the browser's language; errors and days without data stay inside the layout."""

from __future__ import annotations

import datetime as dt
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
import uvicorn

import natoatlas
from natoatlas.web import create_app


def _i18n() -> Any:
    """The checks of test_pages_i18n.py (tests are not a package: loaded from its file)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "_pages_i18n", Path(__file__).with_name("test_pages_i18n.py")
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


I18N = _i18n()

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is installed by make test"),
]
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]  # fmt: skip
PAGES = ["/", "/spending", "/partners", "/organisation", "/operations", "/japan", "/treaty", "/changes", "/briefing",
         "/countries", "/country/FIN"]  # fmt: skip
#: The text a reader sees: without the list of sources (titles as published), what is marked
#: English, the English column of the Treaty, and the figures (checked apart, through the client).
READ = """() => { const body = document.body.cloneNode(true);
  body.querySelectorAll('footer.sources, [lang=en], svg, table.treaty td:nth-child(3)').forEach(n => n.remove());
  return body.innerText; }"""


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = uvicorn.Config(create_app(natoatlas.load()), host="127.0.0.1", port=port, log_level="warning")
    instance = uvicorn.Server(config)
    thread = threading.Thread(target=instance.run, daemon=True)
    thread.start()
    for _ in range(200):
        if instance.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    instance.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser: Any, tmp_path: Path) -> Iterator[Any]:
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    page.requests = []
    page.on("request", lambda request: page.requests.append(request.url))
    yield page
    hosts = {
        urlparse(url).hostname for url in page.requests if not url.startswith(("data:", "about:", "blob:"))
    }
    assert hosts <= {"127.0.0.1"}, hosts
    context.close()


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_every_page_in_both_languages(server: str, page: Any, lang: str) -> None:
    for path in PAGES:
        response = page.goto(f"{server}{path}?lang={lang}&on=2025-05-01")
        assert response.status == 200, path
        assert page.locator("html").get_attribute("lang") == lang
        assert page.locator("h1").inner_text()
        assert page.locator("input[type=date][name=on]").input_value() == "2025-05-01"
        assert page.locator("footer.sources li").count() > 0 or path in ("/briefing", "/countries"), path


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_no_page_shows_an_id(server: str, page: Any, lang: str) -> None:
    import re

    for path in [*PAGES, "/country/UKR", "/country/JPN", "/changes?from=1949-04-04"]:
        for day in ("1949-04-04", "2025-05-01"):
            sep = "&" if "?" in path else "?"
            response = page.goto(f"{server}{path}{sep}lang={lang}&on={day}")
            assert response.status in (200, 404), path
            text = page.evaluate(READ)
            shown = I18N.shown_ids(text, I18N.data_ids(), lang)
            assert not shown, (path, day, shown)
            if lang == "ja":
                english = set(re.findall(r"(?<![\w.-])[a-z]{2,}\b", text)) - I18N.REFERENCE_ENGLISH
                assert not english, (path, day, english)
                assert "~" not in text, (path, day)
            assert page.locator("#data-as-of").count() == 1, (path, day)


def test_first_visit_follows_the_browser(browser: Any, server: str) -> None:
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    page.goto(f"{server}/?on=2025-05-01")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == "Overview"
    page.click("nav a[href^='/spending']")
    page.wait_for_url("**lang=en**")  # the URL holds the language from the first click on
    assert page.locator("h1").inner_text() == "Defence expenditure"
    context.close()
    context = browser.new_context(locale="ja-JP")
    page = context.new_page()
    page.goto(f"{server}/spending?on=2025-05-01")
    assert page.locator("h1").inner_text() == "国防費"
    context.close()


@pytest.mark.parametrize(("lang", "heading"), [("ja", "見つかりません"), ("en", "Not found")])
def test_not_found_inside_the_layout(server: str, page: Any, lang: str, heading: str) -> None:
    response = page.goto(f"{server}/no-such-page?lang={lang}")
    assert response.status == 404
    assert page.locator("h1").inner_text() == heading
    assert page.locator("header.top nav a").count() >= 9
    assert page.locator("input[type=date][name=on]").count() == 1
    page.click("nav a[href^='/japan']")
    page.wait_for_url(f"**/japan?*lang={lang}*")
    assert page.locator("h1").count() == 1


def test_spending_before_any_release(server: str, page: Any) -> None:
    page.goto(f"{server}/spending?lang=ja&on=2015-01-01")
    assert "まだありません" in page.locator("#no-data").inner_text()
    page.click("#no-data a >> nth=0")
    page.wait_for_url("**on=2016-07-04**")
    assert page.locator("#spending-table tbody tr").count() > 0


def test_changes_from_and_to(server: str, page: Any) -> None:
    page.goto(f"{server}/changes?lang=ja&on=2025-05-01&from=2024-05-01")
    labels = page.locator("form.when label").all_inner_texts()
    assert any(t.startswith("開始") for t in labels) and any(t.startswith("終了") for t in labels)
    assert "2024年5月1日から2025年5月1日まで" in page.locator("#span").inner_text()
    page.goto(f"{server}/changes?lang=en&on=2025-05-01&from=2024-05-01")
    labels = page.locator("form.when label").all_inner_texts()
    assert any(t.startswith("From") for t in labels) and any(t.startswith("To") for t in labels)


def test_date_changes_the_members_map(server: str, page: Any) -> None:
    page.goto(f"{server}/?lang=ja&on=2025-05-01")
    assert "北大西洋条約機構加盟国(32か国" in page.locator("figure.map figcaption").first.inner_text()
    page.fill("form.when input[name=on]", "1999-03-11")
    page.dispatch_event("form.when input[name=on]", "change")
    page.wait_for_url("**on=1999-03-11**")
    assert "北大西洋条約機構加盟国(16か国" in page.locator("figure.map figcaption").first.inner_text()
    assert "ポーランド" not in page.locator("figure.map figcaption").first.inner_text()


def test_year_slider(server: str, page: Any) -> None:
    page.goto(f"{server}/?lang=en&on=2025-05-01")
    page.locator("[data-date-slider]").fill("2005")
    page.dispatch_event("[data-date-slider]", "change")
    page.wait_for_url("**on=2005-12-31**")
    assert "NATO Allies (26)" in page.locator("figure.map figcaption").first.inner_text()


def test_language_switch(server: str, page: Any) -> None:
    page.goto(f"{server}/spending?lang=ja&on=2025-05-01")
    assert page.locator("h1").inner_text() == "国防費"
    page.click("a.lang")
    page.wait_for_url("**lang=en**")
    assert page.locator("h1").inner_text() == "Defence expenditure"
    assert "on=2025-05-01" in page.url


def test_sortable_table(server: str, page: Any) -> None:
    page.goto(f"{server}/spending?lang=en&on=2025-05-01&year=2024&release=nato-defexp-2024-06")
    first = page.locator("#spending-table tbody tr").first.locator("td").first.inner_text()
    assert first == "POL"
    page.click("#spending-table th:nth-child(3)")  # ascending by value
    assert page.locator("#spending-table tbody tr").first.locator("td").first.inner_text() != "POL"


def test_download_a_briefing(server: str, page: Any, tmp_path: Path) -> None:
    page.goto(f"{server}/briefing?lang=en&on=2019-12-31")
    page.select_option("select[name=format]", "md")
    # Markdown comes at once from a running worker; the first briefing of a server starts the
    # worker, and its download may pass through the "being prepared" page.
    with page.expect_download(timeout=180_000) as info:
        page.click("#download")
    path = tmp_path / "brief.md"
    info.value.save_as(path)
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# The North Atlantic Treaty Organization (NATO)")
    assert "| **Allies** | 29 |" in text


def test_click_the_map_to_check_article_5(server: str, page: Any) -> None:
    page.goto(f"{server}/treaty?lang=en&on=2025-05-01")
    box = page.locator("[data-click-map] svg").bounding_box()
    # Tartu, inland Estonia: 58.38 N, 26.72 E on the equirectangular map.
    x = box["x"] + box["width"] * (26.72 + 180) / 360
    y = box["y"] + box["height"] * (90 - 58.38) / 180
    page.mouse.click(x, y)
    page.wait_for_url("**place=**")
    assert "covered" in page.locator("#answer").inner_text()
    assert "Estonia" in page.locator("#answer").inner_text()  # the Allies by name, not by code


@pytest.mark.parametrize(
    ("lang", "query", "name", "heading"),
    [("ja", "フィンランド", "フィンランド", "フィンランド"), ("en", "kfor", "Kosovo Force", "Operations")],
)
def test_search_box_finds_and_leads_to_the_page(
    server: str, page: Any, lang: str, query: str, name: str, heading: str
) -> None:
    """The box in the layout of every page: a plain GET to /search keeping the day and language;
    a result's link opens the page that shows it, on a day it held."""
    page.goto(f"{server}/spending?lang={lang}&on=2019-12-31")
    page.fill("form.search input[name=q]", query)
    page.click("form.search button")
    page.wait_for_url("**/search?**")
    assert "on=2019-12-31" in page.url and f"lang={lang}" in page.url
    assert page.locator("form.search input[name=q]").input_value() == query
    link = page.locator("#search-results a").first
    assert link.inner_text() == name
    link.click()
    page.wait_for_load_state()
    assert "on=2019-12-31" in page.url and f"lang={lang}" in page.url
    assert heading in page.locator("h1").inner_text()
    # The country index is in the navigation.
    page.click("nav a[href^='/countries']")
    page.wait_for_url("**/countries?**")
    assert page.locator("table.data tbody tr").count() > 30


def test_search_works_without_javascript(browser: Any, server: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{server}/?lang=ja&on=2025-05-01")
    page.fill("form.search input[name=q]", "ルッテ")
    page.press("form.search input[name=q]", "Enter")
    page.wait_for_url("**/search?**")
    assert page.locator("#search-results a").first.inner_text() == "マルク・ルッテ"
    context.close()


@pytest.mark.parametrize(("lang", "name"), [("ja", "フィンランド"), ("en", "Finland")])
def test_pick_a_country_for_the_spending_chart_and_download_it(
    browser: Any, server: str, tmp_path: Path, lang: str, name: str
) -> None:
    """The picker is a plain GET form: it works without JavaScript and keeps the day and the language."""
    context = browser.new_context(java_script_enabled=False, accept_downloads=True)
    page = context.new_page()
    page.goto(f"{server}/spending?lang={lang}&on=2025-09-01&year=2024")
    page.select_option("#series-picker select[name=country]", "FIN")
    page.click("#series-picker button[type=submit]")
    page.wait_for_url("**country=FIN**")
    assert f"lang={lang}" in page.url and "on=2025-09-01" in page.url and "year=2024" in page.url
    assert name in page.locator("#series-chart").inner_text()
    assert page.locator("#series-chart path[aria-roledescription='line mark']").count() >= 2
    with page.expect_download() as info:
        page.locator("#series a[href*='chart.png']").click()
    path = tmp_path / "chart.png"
    info.value.save_as(path)
    assert path.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    assert info.value.suggested_filename == f"nato-spending-FIN-2025-09-01-{lang}.png"
    context.close()


@pytest.mark.parametrize("width", [360, 1280])
def test_the_timeline_legend_and_labels_are_inside_it(server: str, page: Any, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    for lang in ("ja", "en"):
        page.goto(f"{server}/operations?lang={lang}&on=2025-05-01")
        svg = page.locator("#timeline svg").bounding_box()
        assert page.locator("#timeline svg rect.legend").count() == 2
        for box in page.locator("#timeline svg text").evaluate_all(
            "ts => ts.map(t => { const b = t.getBoundingClientRect(); return [b.left, b.right]; })"
        ):
            assert svg["x"] - 0.5 <= box[0] and box[1] <= svg["x"] + svg["width"] + 0.5, (lang, width, box)


@pytest.mark.parametrize(
    ("lang", "name", "days", "place", "count"),
    [
        ("ja", "ウェールズ首脳会合(2014年)", "2014年9月4日～5日", "ウェールズ(英国)", "首脳会合:"),
        ("en", "Wales Summit 2014", "4–5 September 2014", "Wales, United Kingdom", "summits up to"),
    ],
)
def test_the_summits_list_leads_to_a_summit_page(
    server: str, page: Any, tmp_path: Path, lang: str, name: str, days: str, place: str, count: str
) -> None:
    """/summits lists every summit up to the day, newest first, each linking to its page; the
    page gives its days (written once for what they share), place, kind and decisions."""
    page.goto(f"{server}/summits?lang={lang}&on=2025-05-01")
    assert count in page.locator("#count").inner_text()
    rows = page.locator("#summits tbody tr")
    assert rows.count() == len([s for s in I18N.ATLAS.summits if s.start.first_day <= dt.date(2025, 5, 1)])
    assert rows.first.get_attribute("id") == "summit-2024-washington"
    names = page.locator("#summits tbody tr td:nth-child(2)").all_inner_texts()
    assert len(set(names)) == len(names)  # Brussels 1989 twice, told apart by month
    with page.expect_download() as info:
        page.click("p.downloads a[href^='/summits.csv']")
    path = tmp_path / "summits.csv"
    info.value.save_as(path)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("id,start,last_day") and len(lines) == rows.count() + 1
    page.click(f"#summits a:text-is('{name}')")
    page.wait_for_url(f"**/summits/summit-2014-wales?*lang={lang}*")
    assert "on=2025-05-01" in page.url
    assert page.locator("h1").inner_text() == name
    facts = page.locator("#summit").inner_text()
    assert days in facts and place in facts
    assert page.locator("#decisions li").count() == 2
    urls = page.locator("footer.sources li a").evaluate_all("as => as.map(a => a.href)")
    assert len(urls) == len(set(urls))  # the NATO release cited under two ids, listed once
    page.click("main a[href^='/summits?']")
    page.wait_for_url("**/summits?**")


@pytest.mark.parametrize(
    ("lang", "said", "none_yet"),
    [("ja", "より後に開かれた", "まだ開かれていない"), ("en", "met after", "No summit")],
)
def test_a_summit_page_before_it_met(server: str, page: Any, lang: str, said: str, none_yet: str) -> None:
    response = page.goto(f"{server}/summits/summit-2014-wales?lang={lang}&on=2010-01-01")
    assert response.status == 200
    assert said in page.locator("#no-data").inner_text()
    page.click("#no-data a")
    page.wait_for_url("**on=2014-09-05**")
    assert page.locator("#summit").count() == 1
    page.goto(f"{server}/summits?lang={lang}&on=1950-01-01")
    assert page.locator("#summits").count() == 0
    assert none_yet in page.locator("#no-data").inner_text()
    page.click("#no-data a")
    page.wait_for_url("**on=1957-12-16**")
    assert page.locator("#summits tbody tr").count() == 1


def test_the_map_is_coloured_for_its_day_over_one_geometry(server: str, page: Any) -> None:
    """Finland joined on 4 April 2023: the overview of the 5th colours it, that of the 3rd does
    not; both draw the same shapes, /maps/members.svg, whose bytes do not depend on the day."""
    shapes = []
    for day, joined in (("2023-04-03", False), ("2023-04-05", True)):
        page.goto(f"{server}/?lang=en&on={day}")
        use = page.locator("figure.map svg use.land").first
        assert use.get_attribute("href") == "/maps/members.svg#land"
        colour = use.evaluate("u => getComputedStyle(u).getPropertyValue('--c-FIN').trim()")
        assert (colour == "#1f4e9c") is joined, (day, colour)
        assert use.evaluate("u => getComputedStyle(u).getPropertyValue('--c-SWE').trim()") == ""
        assert use.evaluate("u => getComputedStyle(u).getPropertyValue('--c-EST').trim()") == "#1f4e9c"
        assert (
            page.locator("figure.map figcaption")
            .first.inner_text()
            .startswith("NATO Allies (31" if joined else "NATO Allies (30")
        )
        response = page.request.get(f"{server}/maps/members.svg")
        assert response.status == 200 and response.headers["content-type"].startswith("image/svg+xml")
        shapes.append(response.body())
        assert page.request.get(f"{server}/maps/members.svg?on={day}").body() == shapes[-1]
    assert shapes[0] == shapes[1]
    assert b'class="c-FIN"' in shapes[0]


@pytest.mark.parametrize(("lang", "preparing"), [("ja", "作成中"), ("en", "being prepared")])
def test_a_slow_briefing_shows_progress_without_javascript(
    browser: Any, server: str, tmp_path: Path, lang: str, preparing: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A PPTX takes seconds: the form leads to a page that says it is being prepared and looks
    again by itself; the file then downloads with no click (a meta refresh, no script)."""
    from natoatlas.web import pages

    monkeypatch.setattr(pages, "PREPARE_WAIT_S", 0.0)  # a fast machine must not skip the page
    context = browser.new_context(java_script_enabled=False, accept_downloads=True)
    page = context.new_page()
    page.goto(f"{server}/briefing?lang={lang}&on=2018-12-31")
    page.select_option("select[name=format]", "pptx")
    with page.expect_download(timeout=180_000) as info:
        page.click("#download")
        page.wait_for_selector("#briefing-preparing")
        assert preparing in page.locator("#briefing-preparing").inner_text()
        assert page.locator("header.top nav a").count() >= 9  # inside the site's layout
    path = tmp_path / "brief.pptx"
    info.value.save_as(path)
    assert path.read_bytes().startswith(b"PK")
    assert info.value.suggested_filename == f"nato-briefing-2018-12-31-{lang}.pptx"
    context.close()
