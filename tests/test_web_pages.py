"""What the pages show, through the app (no browser): the summit pages' dates and names, the
sources listed once per published page, one partners map, the Article 5 checker's map on the
days of French Algeria, and the "data as of" line inside the content column."""

from __future__ import annotations

import csv
import html
import io
import re
import time
from urllib.parse import urlsplit

import pytest
from fastapi.testclient import TestClient

import natoatlas
from natoatlas.web import create_app

ATLAS = natoatlas.load()


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app(ATLAS))


@pytest.mark.parametrize(("lang", "days"), [("en", "4–5 September 2014"), ("ja", "2014年9月4日～5日")])
def test_a_summit_page_writes_its_days_once(client: TestClient, lang: str, days: str) -> None:
    text = client.get(f"/summits/summit-2014-wales?lang={lang}&on=2025-05-01").text
    assert f"<td>{days}</td>" in text
    assert "2014 – 5" not in text and "5日～2014" not in text


@pytest.mark.parametrize(("lang", "day"), [("en", "25 May 2017"), ("ja", "2017年5月25日")])
def test_a_one_day_summit_is_one_date_not_an_open_range(client: TestClient, lang: str, day: str) -> None:
    text = client.get(f"/summits?lang={lang}&on=2025-05-01").text
    assert f'<td data-value="2017-05-25">{day}</td>' in text


def test_the_summits_list_names_the_two_brussels_summits_of_1989_apart(client: TestClient) -> None:
    text = client.get("/summits?lang=en&on=1990-01-01").text
    assert "Brussels Summit (May 1989)" in text and "Brussels Summit (December 1989)" in text
    assert ">Brussels Summit 1989<" not in text
    page = client.get("/summits/summit-1989-12-brussels?lang=ja&on=1990-01-01").text
    assert "<h1>ブリュッセル首脳会合(1989年12月)</h1>" in page


def test_a_page_cited_under_two_ids_is_listed_once(client: TestClient) -> None:
    """The NATO release on the Wales summit is in the data twice, at one URL."""
    text = client.get("/summits/summit-2014-wales?lang=en&on=2025-05-01").text
    listed = re.findall(r'<footer class="sources">.*</footer>', text, re.S)[0]
    assert listed.count('href="https://www.nato.int/cps/en/natohq/news_112461.htm"') == 1
    urls = re.findall(r'<li id="src-[^"]*"[^>]*>.*?<a href="([^"]+)"', listed)
    assert len(urls) == len(set(urls)) > 3


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_the_partners_page_draws_its_map_once(client: TestClient, lang: str) -> None:
    text = client.get(f"/partners?lang={lang}&on=2025-05-01").text
    assert text.count('class="map-drawing"') == 1


@pytest.mark.parametrize(
    ("day", "coloured"), [("1955-01-01", True), ("1962-07-02", True), ("1962-07-03", False)]
)
def test_the_checker_map_colours_french_algeria_while_it_was_covered(
    client: TestClient, day: str, coloured: bool
) -> None:
    text = client.get(f"/treaty?lang=en&on={day}").text
    assert ("--c-DZA:" in text) is coloured
    assert "--c-FRA:" in text


@pytest.mark.parametrize("path", ["/", "/summits", "/spending", "/treaty", "/country/FIN"])
def test_the_data_as_of_line_is_inside_the_content_column(client: TestClient, path: str) -> None:
    text = client.get(f"{path}?lang=en&on=2025-05-01").text
    main = text[text.index("<main>") : text.index("</main>")]
    assert 'id="data-as-of"' in main


PAGES_WITH_DATA = ["/", "/spending", "/partners", "/organisation", "/operations", "/japan", "/treaty",
                   "/summits", "/changes", "/countries", "/country/FIN", "/country/SWE"]  # fmt: skip
TYPES = {"svg": "image/svg+xml", "png": "image/png", "csv": "text/csv; charset=utf-8"}


def _links(text: str) -> list[str]:
    return [html.unescape(h) for h in re.findall(r'<a href="([^"]+)" download>', text)]


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_every_chart_and_table_has_its_downloads(client: TestClient, lang: str) -> None:
    """Every figure (chart or map) has an SVG and a PNG link, every data table a CSV link, and
    each link answers a file of its type, named for the page, the day and (a drawing) the language."""
    fetched = 0
    for path in PAGES_WITH_DATA:
        text = client.get(f"{path}?lang={lang}&on=2025-05-01").text
        main = text[text.index("<main>") : text.index("</main>")]
        links = _links(main)
        kinds = [urlsplit(h).path.rsplit(".", 1)[-1] for h in links]
        figures = main.count("<figure")
        tables = len(re.findall(r'<table class="data', main))
        assert figures + tables > 0, path
        assert kinds.count("svg") >= figures and kinds.count("png") >= figures, (path, kinds)
        assert kinds.count("csv") >= tables, (path, kinds)
        for href in links if lang == "en" else links[:1]:
            response = client.get(href)
            kind = urlsplit(href).path.rsplit(".", 1)[-1]
            assert response.status_code == 200, href
            assert response.headers["content-type"] == TYPES[kind], href
            name = response.headers["content-disposition"]
            assert name.startswith("attachment; filename=") and name.endswith(f'.{kind}"'), href
            if kind == "png":
                assert response.content.startswith(b"\x89PNG\r\n\x1a\n")
            elif kind == "svg":
                assert (
                    b"<svg" in response.content[:2000] and b"/maps/" not in response.content
                )  # whole, standalone
            else:
                header, *rows = response.text.splitlines()
                assert "," in header and rows, href
            fetched += 1
    assert fetched >= 12


def test_a_section_table_download_is_the_table_on_the_page(client: TestClient) -> None:
    text = client.get("/japan?lang=ja&on=2025-05-01").text
    href = next(h for h in _links(text) if h.startswith("/sections/table.csv"))
    rows = list(csv.reader(io.StringIO(client.get(href).text)))
    first_table = text[text.index('<table class="data"') :]
    assert all(f"<th>{c}</th>" in first_table[: first_table.index("</thead>")] for c in rows[0])
    assert len(rows) - 1 == first_table[: first_table.index("</tbody>")].count("<tr>") - 1
    assert client.get(href.replace("n=1", "n=99")).status_code == 404
    assert client.get(href.replace("page=japan", "page=nowhere")).status_code == 422


@pytest.mark.slow
def test_a_slow_briefing_says_it_is_being_prepared_then_hands_the_file_over(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A briefing not ready within the wait (a PPTX or PDF on a busy server; here the wait is
    nil, so that a fast machine cannot skip the page): within 2 s the download answers a page
    (202, never stored) that says so and looks again by itself (a meta refresh, no JavaScript);
    once ready, the status page starts the download, and the download is the file."""
    from natoatlas.web import pages

    monkeypatch.setattr(pages, "PREPARE_WAIT_S", 0.0)
    query = "on=2019-12-30&lang=ja&format=pptx&section=overview&section=spending"
    started = time.monotonic()
    first = client.get(f"/briefing/download?{query}")
    assert time.monotonic() - started <= 2.5  # PREPARE_WAIT_S and the page, on a busy machine
    assert first.status_code == 202 and first.headers["cache-control"] == "no-store"
    assert "作成中" in first.text and '<html lang="ja">' in first.text
    refresh = re.search(r'<meta http-equiv="refresh" content="2;url=([^"]+)">', first.text)
    assert refresh and html.unescape(refresh.group(1)) == f"/briefing/status?{query}"
    deadline = time.monotonic() + 180
    while True:
        status = client.get(f"/briefing/status?{query}")
        if status.status_code == 200 or time.monotonic() > deadline:
            break
        assert status.status_code == 202 and "作成中" in status.text
        time.sleep(1)
    assert status.status_code == 200 and status.headers["cache-control"] == "no-store"
    assert f'content="0;url=/briefing/download?{html.escape(query)}"' in status.text
    done = client.get(f"/briefing/download?{query}")
    assert done.status_code == 200 and done.content.startswith(b"PK")
    assert done.headers["content-disposition"] == 'attachment; filename="nato-briefing-2019-12-30-ja.pptx"'


def test_a_briefing_ready_within_the_wait_is_the_file(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A briefing done within the wait (Markdown takes about half a second; here the wait is
    long, so that a loaded machine or the worker's start cannot make it a page) is the file
    itself, not a page about it; asked again, the file the job kept."""
    from natoatlas.web import pages

    monkeypatch.setattr(pages, "PREPARE_WAIT_S", 180.0)
    url = "/briefing/download?on=2019-12-29&lang=en&format=md&section=overview"
    answer = client.get(url)
    assert answer.status_code == 200 and answer.text.startswith("# The North Atlantic Treaty Organization")
    assert answer.headers["content-type"].startswith("text/markdown")
    assert answer.headers["content-disposition"] == 'attachment; filename="nato-briefing-2019-12-29-en.md"'
    assert client.get(url).content == answer.content
    assert client.get(url.replace("download", "status")).status_code == 200  # ready


def test_the_built_briefings_are_kept_within_their_byte_budget(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from collections import OrderedDict

    from natoatlas.web import pages

    monkeypatch.setattr(pages, "_BRIEFS", OrderedDict())
    monkeypatch.setattr(pages, "_briefs_size", 0)
    monkeypatch.setattr(pages, "BRIEFS_BUDGET", 900_000)  # two or three pages' sections
    for n, path in enumerate(["/", "/partners", "/japan", "/organisation", "/"] * 2):
        assert client.get(f"{path}?lang=en&on=2011-0{n % 9 + 1}-15&fresh=1").status_code == 200
        sizes = [size for _, size in pages._BRIEFS.values()]
        assert sum(sizes) == pages._briefs_size <= pages.BRIEFS_BUDGET
        assert all(size > 0 for size in sizes)
    assert 2 <= len(pages._BRIEFS) < 10  # some went, the newest stayed
    newest = next(reversed(pages._BRIEFS))
    assert newest[1:] == ("2011-01-15", "en", ("overview", "enlargement"))


@pytest.mark.parametrize(
    ("lang", "ranges"),
    [
        ("ja", ["(…～2019年2月12日)", "(2019年2月12日～)", "1995年11月15日～2020年3月27日"]),
        ("en", ["(… – 12 February 2019)", "(12 February 2019 –)", "15 November 1995 – 27 March 2020"]),
    ],
)
def test_the_country_page_writes_its_ranges_as_the_language_does(
    client: TestClient, lang: str, ranges: list[str]
) -> None:
    text = client.get(f"/country/MKD?lang={lang}&on=2025-05-01").text
    for expected in ranges:
        assert expected in text
    if lang == "ja":
        assert " – " not in text[text.index("<main>") : text.index("</main>")]
