"""What the pages show, through the app (no browser): the summit pages' dates and names, the
sources listed once per published page, one partners map, the Article 5 checker's map on the
days of French Algeria, and the "data as of" line inside the content column."""

from __future__ import annotations

import re

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
