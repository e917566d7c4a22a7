"""Charts people expect (issue 14, item 5), through the test client in both languages.

The spending page draws any Ally's or NATO group's share of GDP across the years, a line for
each release published by the page's day, picked with a plain GET form; the operations timeline
has a legend and no label beyond its drawing; every chart downloads as SVG and PNG and every
table as CSV, with the page's parameters, and the CSV holds the rows the table shows.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import re
from typing import Any

import pytest
from fastapi.testclient import TestClient

import natoatlas
from natoatlas.messages import msg
from natoatlas.render import timeline
from natoatlas.render.fonts import text_width
from natoatlas.views import spending as spending_views
from natoatlas.web import create_app
from natoatlas.web.pages import _release_label

ATLAS = natoatlas.load()
LANGS = ["ja", "en"]
PNG = b"\x89PNG\r\n\x1a\n"
DAY = "2025-09-01"


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app(ATLAS))


def _found(pattern: str, text: str, flags: int = 0) -> str:
    """The first group of ``pattern`` in ``text`` (the whole match without a group); fails if none."""
    match = re.search(pattern, text, flags)
    assert match, pattern
    return match.group(1) if match.groups() else match.group(0)


def _lines(svg: str) -> list[str]:
    """The stroke colour of each line mark a Vega SVG draws (one path per series)."""
    return re.findall(r'aria-roledescription="line mark" d="[^"]*" stroke="([^"]+)"', svg)


def _texts(svg: str) -> list[str]:
    return [html.unescape(t) for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg)]


def _released(code: str, day: str) -> list[str]:
    """The releases published by ``day`` that give ``code``'s share of GDP: the view's answer."""
    return sorted({p.release for p in spending_views.series(ATLAS, code, dt.date.fromisoformat(day)).points})


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("code", ["FIN", "nato-europe-canada", "nato-total", "USA"])
def test_the_series_has_a_line_for_each_release(client: TestClient, lang: str, code: str) -> None:
    page = client.get("/spending", params={"lang": lang, "on": DAY, "country": code})
    assert page.status_code == 200
    chart = re.search(r'<figure class="chart" id="series-chart">(.*?)</figure>', page.text, re.S)
    assert chart, code
    releases = _released(code, DAY)
    assert len(releases) >= 2, releases  # the data gives FIN, the groups and USA in several releases
    assert len(_lines(chart.group(1))) == len(releases), (code, releases)
    texts = _texts(chart.group(1))
    name = spending_views.series(ATLAS, code, dt.date.fromisoformat(DAY)).name.get(lang)
    assert any(name in t for t in texts), (name, texts[:5])  # the picker's country, named in the title
    for release in releases:  # the legend names each release as the page does
        label = _release_label(ATLAS, next(r for r in ATLAS.spending.releases if r.id == release), lang)
        assert label in texts, (label, texts)
    # The picker: a plain GET form keeping the day and the language, the country chosen.
    picker = re.search(
        r'<form class="spending" method="get" action="/spending" id="series-picker">(.*?)</form>',
        page.text,
        re.S,
    )
    assert picker
    assert f'name="lang" value="{lang}"' in picker.group(1) and f'name="on" value="{DAY}"' in picker.group(1)
    assert f'<option value="{code}" selected>' in picker.group(1)
    assert picker.group(1).count("<option") == len(spending_views.subjects(ATLAS, dt.date.fromisoformat(DAY)))


def test_the_series_marks_estimates(client: TestClient) -> None:
    page = client.get("/spending/chart.svg", params={"lang": "en", "on": DAY, "country": "FIN"}).text
    assert "Hollow points are estimates." in _texts(page)
    estimates = [
        p for p in spending_views.series(ATLAS, "FIN", dt.date.fromisoformat(DAY)).points if p.estimate
    ]
    assert estimates
    assert page.count('fill="white"') >= len(estimates)  # hollow points, one per estimate


def test_the_default_is_nato_total_and_bad_choices_are_errors(client: TestClient) -> None:
    page = client.get("/spending", params={"lang": "en", "on": DAY}).text
    assert '<option value="nato-total" selected>NATO Total</option>' in page
    bad = client.get("/spending", params={"lang": "ja", "on": DAY, "country": "XXX"})
    assert bad.status_code == 404 and "<nav>" in bad.text and "country: " in bad.text
    not_yet = client.get("/spending", params={"lang": "en", "on": "2020-01-01", "country": "FIN"})
    assert not_yet.status_code == 404  # Finland was not an Ally yet: not one of the choices
    for url, status in [("/spending/chart.svg?on=2025-09-01&chart=bogus", 422),
                        ("/spending/chart.svg?on=2015-01-01", 404),
                        ("/spending/chart.png?on=2025-09-01&country=XXX", 404),
                        ("/spending/series.csv?on=2025-09-01&year=1800", 422),
                        ("/operations/chart.svg?on=1960-01-01", 404),
                        ("/operations.csv?status=bogus", 422)]:  # fmt: skip
        response = client.get(url)
        assert response.status_code == status, url
        assert "text/html" in response.headers["content-type"] and "<nav>" in response.text, url
    # A group with no figure in any release held by then says so inside the page.
    early = client.get("/spending", params={"lang": "ja", "on": "2020-01-01", "country": "nato-total"}).text
    assert 'id="no-series"' in early and "NATO全体の数値はない" in early


def _header_checks(response: Any, media: str, suffix: str) -> None:
    headers = response.headers
    assert headers["content-type"].startswith(media)
    assert re.fullmatch(
        rf'attachment; filename="nato-[a-z0-9-]+\.{suffix}"', headers["content-disposition"], re.I
    )
    assert headers["etag"] and headers["cache-control"] == "public, max-age=3600"


@pytest.mark.parametrize("lang", LANGS)
def test_chart_downloads(client: TestClient, lang: str) -> None:
    page = client.get("/spending", params={"lang": lang, "on": DAY, "country": "FIN"}).text
    links = [
        html.unescape(h) for h in re.findall(r'<a href="(/[^"]+/chart\.(?:svg|png)\?[^"]+)" download>', page)
    ]
    charts = {_found(r"chart=(\w+)", link) for link in links}
    assert charts == {"series", "allies", "top5", "compliance"}
    for link in links:
        assert f"lang={lang}" in link and f"on={DAY}" in link and "country=FIN" in link
        response = client.get(link)
        assert response.status_code == 200, link
        if link.split("?")[0].endswith(".png"):
            _header_checks(response, "image/png", "png")
            assert response.content.startswith(PNG)
        else:
            _header_checks(response, "image/svg+xml", "svg")
            assert response.text.lstrip().startswith("<svg")
    series = client.get("/spending/chart.svg", params={"lang": lang, "on": DAY, "country": "FIN"})
    assert len(_lines(series.text)) == len(_released("FIN", DAY))
    again = client.get("/spending/chart.svg", params={"lang": lang, "on": DAY, "country": "FIN"},
                       headers={"If-None-Match": series.headers["etag"]})  # fmt: skip
    assert again.status_code == 304


def _table(page: str, table_id: str) -> list[list[str]]:
    body = re.search(rf'<table[^>]*id="{table_id}".*?<tbody>(.*?)</tbody>', page, re.S)
    assert body, table_id
    return [[html.unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
            for row in re.findall(r"<tr>(.*?)</tr>", body.group(1), re.S)]  # fmt: skip


def _csv(response: Any) -> list[dict[str, str]]:
    _header_checks(response, "text/csv; charset=utf-8", "csv")
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8"))))


@pytest.mark.parametrize("lang", LANGS)
def test_csv_rows_are_the_tables(client: TestClient, lang: str) -> None:
    query = {"lang": lang, "on": DAY, "country": "FIN", "year": "2024", "target": "3.5"}
    page = client.get("/spending", params=query).text
    link = html.unescape(_found(r'<a href="(/spending\.csv\?[^"]+)" download>', page))
    assert "year=2024" in link and "target=3.5" in link and f"lang={lang}" in link
    rows = _csv(client.get(link))
    shown = _table(page, "spending-table")
    assert [(r["code"], r[f"name_{lang}"]) for r in rows] == [(s[0], s[1]) for s in shown]
    assert [f"{float(r['value']):.2f}" if r["value"] else "—" for r in rows] == [s[2] for s in shown]
    assert sum(r["meets"] == "True" for r in rows) == sum(s[4] == "✓" for s in shown) > 0

    series_link = html.unescape(_found(r'<a href="(/spending/series\.csv\?[^"]+)" download>', page))
    series = _csv(client.get(series_link))
    labels = {r.id: _release_label(ATLAS, r, lang) for r in ATLAS.spending.releases}
    estimate = msg("web.country.estimate", lang)
    assert [[labels[r["release"]], r["year"], f"{float(r['value']):.2f}", estimate if r["estimate"] == "true" else ""]
            for r in series] == _table(page, "series-table")  # fmt: skip
    assert {r["code"] for r in series} == {"FIN"}

    operations = client.get("/operations", params={"lang": lang, "on": DAY, "status": "ended"}).text
    link = html.unescape(_found(r'<a href="(/operations\.csv\?[^"]+)" download>', operations))
    assert "status=ended" in link
    rows = _csv(client.get(link))
    shown = _table(operations, "operations")
    assert len(rows) == len(shown) > 0
    for row, cells in zip(rows, shown, strict=True):
        assert cells[0].startswith(row[f"name_{lang}"]) and cells[3] == row[f"area_{lang}"]
        assert row["end"]  # ended operations: every row has its end


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("day", ["1999-03-12", "2015-01-01", "2025-05-01"])
def test_the_timeline_has_a_legend_and_its_labels_fit(client: TestClient, lang: str, day: str) -> None:
    page = client.get("/operations", params={"lang": lang, "on": day}).text
    svg = re.search(r'<svg[^>]*class="gantt".*?</svg>', page, re.S)
    assert svg
    width = float(_found(r'viewBox="0 0 ([\d.]+) ', svg.group(0)))
    texts = re.findall(
        r'<text x="([\d.-]+)" y="[\d.]+" font-size="([\d.]+)" text-anchor="(\w+)">([^<]*)</text>',
        svg.group(0),
    )
    assert len(texts) == len(re.findall(r"<text", svg.group(0)))
    for x, size, anchor, text in texts:
        wide = text_width(html.unescape(text), float(size)) * timeline.WIDTH_SLACK
        left = {"start": float(x), "middle": float(x) - wide / 2, "end": float(x) - wide}[anchor]
        assert left >= 0 and left + wide <= width, (text, left, left + wide, width)
    day_text = natoatlas.dates.format_date(natoatlas.dates.PartialDate.parse(day), lang)
    legend = {html.unescape(t[3]) for t in texts}
    assert msg("chart.timeline.ongoing", lang, day=day_text) in legend
    assert msg("chart.timeline.ended", lang, day=day_text) in legend
    assert svg.group(0).count('class="legend"') == 2
    assert f'fill="{timeline.ONGOING}"' in svg.group(0) and f'fill="{timeline.ENDED}"' in svg.group(0)
    # Every operation is named, whole, however long its name (wrapped onto more lines).
    shown = " ".join(html.unescape(t[3]) for t in texts)
    for operation in re.findall(r"<tr><td>([^<(]+)", page):
        words = html.unescape(operation).strip().split(" ")
        assert all(w in shown for w in words), operation


@pytest.mark.parametrize("lang", LANGS)
def test_timeline_downloads(client: TestClient, lang: str) -> None:
    page = client.get("/operations", params={"lang": lang, "on": DAY, "status": "ongoing"}).text
    links = [
        html.unescape(h)
        for h in re.findall(r'<a href="(/operations/chart\.(?:svg|png)\?[^"]+)" download>', page)
    ]
    assert len(links) == 2 and all("status=ongoing" in link for link in links)
    svg, png = (client.get(link) for link in sorted(links, key=lambda link: link.endswith("png")))
    _header_checks(svg, "image/svg+xml", "svg")
    _header_checks(png, "image/png", "png")
    assert png.content.startswith(PNG)
    drawn = _found(r'<svg[^>]*class="gantt".*?</svg>', page, re.S)
    assert svg.text == drawn  # the file is the drawing the page shows


def test_long_names_wrap() -> None:
    name = ATLAS.operations[0].name.en + " " + "Interception Capabilities " * 6
    lines = timeline.lines_of(name, 200)
    assert len(lines) > 1 and " ".join(lines) == " ".join(name.split())
    assert all(text_width(line, timeline.FONT_SIZE) * timeline.WIDTH_SLACK <= 200 for line in lines)
    japanese = timeline.lines_of("ウクライナのためのNATO安全保障支援・訓練" * 2, 120)
    assert "".join(japanese) == "ウクライナのためのNATO安全保障支援・訓練" * 2 and len(japanese) > 2
