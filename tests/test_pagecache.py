"""The dated pages' cache (natoatlas.web.pagecache): a page answered from the cache is the page
the routes render for that day, for several days of one interval between change points (and
across a new year inside one), in both languages; and the cache keeps within its byte budget."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import pytest
from fastapi.testclient import TestClient

import natoatlas
from natoatlas.views.base import change_points
from natoatlas.web import create_app
from natoatlas.web.pagecache import PAGES, PageCache

ATLAS = natoatlas.load()


def _interval(points: list[dt.date], length: int, across_a_year: bool = False) -> list[dt.date]:
    """Days inside one interval between change points (none of them a change point), at least
    ``length`` days long; with ``across_a_year``, one whose days straddle a new year."""
    for start, end in itertools.pairwise(points):
        days = [start + dt.timedelta(days=n) for n in range(1, (end - start).days)]
        if len(days) < length or (across_a_year and days[0].year == days[-1].year):
            continue
        if across_a_year:
            newyear = next(i for i, d in enumerate(days) if d.month == 1 and d.day == 1)
            if 2 <= newyear <= len(days) - 2:
                return [days[0], days[newyear - 1], days[newyear], days[-1]]
            continue
        return [days[0], days[len(days) // 3], days[len(days) // 2], days[-1]]
    raise AssertionError("no such interval")


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app(ATLAS))


@pytest.mark.parametrize("across_a_year", [False, True])
@pytest.mark.parametrize("path", ["/", "/treaty", "/countries"])
def test_a_cached_page_is_the_page_rendered_fresh(client: TestClient, path: str, across_a_year: bool) -> None:
    points = sorted(change_points(ATLAS))
    days = _interval([p for p in points if p > dt.date(1990, 1, 1)], 30, across_a_year)
    assert path in PAGES
    for lang in ("en", "ja"):
        for day in days:
            plain = client.get(f"{path}?on={day.isoformat()}&lang={lang}")  # the cache's path
            fresh = client.get(f"{path}?on={day.isoformat()}&lang={lang}&fresh=1")  # the routes'
            assert plain.status_code == fresh.status_code == 200
            assert plain.text == fresh.text, (path, lang, day)
            assert day.isoformat() in plain.text
    cache: PageCache = client.app.state.pages  # type: ignore[attr-defined]
    assert cache.hits >= 2 * (len(days) - (2 if across_a_year else 1))  # the other days came from it


def test_the_cache_keeps_within_its_budget() -> None:
    cache = PageCache(ATLAS, budget=10_000)
    day = dt.date(2001, 6, 5)
    assert cache.keepable(day)
    body = ("<p>" + "x" * 2_000 + f" {day.isoformat()} </p>").encode()
    for n in range(12):
        cache.put(cache.key(f"/page-{n}", (b"on",), "en", day), day, "en", body)
        assert cache.size <= cache.budget
    assert 3 <= len(cache) <= 5
    # The least recently used went first: the newest are there, the first are not.
    assert cache.get(cache.key("/page-11", (b"on",), "en", day), day, "en") == body
    assert cache.get(cache.key("/page-0", (b"on",), "en", day), day, "en") is None
    # A page larger than the whole budget is not kept (nor does it push the others out).
    before = len(cache)
    cache.put(cache.key("/huge", (b"on",), "en", day), day, "en", b"y" * 20_000)
    assert len(cache) == before and cache.size <= cache.budget


def test_a_change_point_or_today_is_not_kept() -> None:
    cache = PageCache(ATLAS)
    assert not cache.keepable(cache.points[len(cache.points) // 2])
    assert not cache.keepable(dt.date.today())


@pytest.mark.parametrize(
    ("query", "plain"),
    [
        (b"on=2020-01-02&lang=en", (dt.date(2020, 1, 2), "en", (b"on", b"lang"))),
        (b"lang=ja&on=2020-01-02", (dt.date(2020, 1, 2), "ja", (b"lang", b"on"))),
        (b"on=2020-01-02", (dt.date(2020, 1, 2), "ja", (b"on", b"accept:ja"))),
        (b"on=2020-02-30&lang=en", None),  # not a calendar day: the routes answer the error
        (b"on=2020-01-02&on=2020-01-03", None),  # repeated
        (b"on=2020-01-02&lang=fr", None),
        (b"on=2020%2D01-02", None),  # escaped
        (b"lang=en", None),  # a page's fast path needs a day
        (b"on=2020-01-02&place=Tallinn", None),
    ],
)
def test_the_pages_cache_reads_only_a_plain_query(query: bytes, plain: Any) -> None:
    """The pages' cache answers only what natoatlas.web.params.plain_query reads; the routes the rest."""
    from natoatlas.web.pagecache import DirectPages

    scope = {"type": "http", "query_string": query, "headers": []}
    assert DirectPages._query(scope) == plain
