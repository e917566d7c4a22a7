"""HTTP caching: an ``ETag`` from the data version and the URL on every page and API answer,
``Cache-Control`` by whether the URL names its day, ``304`` on ``If-None-Match`` (for HEAD too),
and ``Vary: Accept-Language`` on pages, whose language follows that header when the URL has none."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

import natoatlas
from natoatlas.web import create_app
from natoatlas.web.app import data_version

ATLAS = natoatlas.load()
URLS = [
    "/?on=2019-12-31&lang=en",
    "/spending?on=2024-07-01&lang=ja",
    "/treaty?on=2025-05-01&place=59.437,24.7536",
    "/changes?on=2025-05-01&from=2024-01-01",
    "/country/FIN?on=2025-05-01",
    "/api/v1/members?on=1999-03-12",
    "/api/v1/sg?on=2015-01-01",
]


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app(ATLAS))


@pytest.mark.parametrize("url", URLS)
def test_dated_urls_are_cached_and_revalidated(client: TestClient, url: str) -> None:
    first = client.get(url)
    assert first.status_code == 200
    etag = first.headers["etag"]
    assert etag.startswith('"') and etag.endswith('"') and len(etag) > 10
    assert first.headers["cache-control"] == "public, max-age=3600"
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == etag
    assert again.headers["cache-control"] == "public, max-age=3600"
    assert "content-security-policy" in again.headers  # the 304 passes through the guard
    # A list of tags, a weak tag and "*" match too; a stale tag does not.
    assert client.get(url, headers={"If-None-Match": f'"old", W/{etag}'}).status_code == 304
    assert client.get(url, headers={"If-None-Match": "*"}).status_code == 304
    assert client.get(url, headers={"If-None-Match": '"old"'}).status_code == 200


def test_undated_urls_are_revalidated_each_time(client: TestClient) -> None:
    for url in ("/", "/spending", "/api/v1/members"):
        response = client.get(url)
        assert response.status_code == 200
        assert response.headers["cache-control"] == "no-cache"
        assert client.get(url, headers={"If-None-Match": response.headers["etag"]}).status_code == 304


def test_the_tag_follows_the_url(client: TestClient) -> None:
    tags = {client.get(url).headers["etag"] for url in URLS}
    assert len(tags) == len(URLS)
    one = client.get("/?on=2019-12-31&lang=en").headers["etag"]
    assert client.get("/?on=2019-12-31&lang=ja").headers["etag"] != one
    assert client.get("/?on=2019-12-31&lang=en").headers["etag"] == one  # stable


def test_pages_vary_by_accept_language(client: TestClient) -> None:
    ja = client.get("/?on=2025-05-01", headers={"Accept-Language": "ja-JP,ja;q=0.9"})
    en = client.get("/?on=2025-05-01", headers={"Accept-Language": "en-GB,en;q=0.8,ja;q=0.5"})
    assert ja.headers["etag"] != en.headers["etag"]
    assert "accept-language" in ja.headers["vary"].lower()
    assert '<html lang="ja">' in ja.text and '<html lang="en">' in en.text
    # The page for one language is not revalidated with the other's tag.
    stale = client.get(
        "/?on=2025-05-01", headers={"Accept-Language": "en", "If-None-Match": ja.headers["etag"]}
    )
    assert stale.status_code == 200


def test_head_is_answered_with_the_same_headers(client: TestClient) -> None:
    url = "/partners?on=2010-01-01&lang=en"
    got, head = client.get(url), client.head(url)
    assert head.status_code == 200 and head.content == b""
    assert head.headers["etag"] == got.headers["etag"]
    assert client.head(url, headers={"If-None-Match": got.headers["etag"]}).status_code == 304


def test_errors_are_not_stored(client: TestClient) -> None:
    for url in ("/api/v1/members?on=2025-13-01", "/country/XXX?on=2025-05-01", "/nowhere"):
        response = client.get(url)
        assert response.status_code >= 400
        assert "etag" not in response.headers
        assert response.headers["cache-control"] == "no-store"


def test_static_files_keep_their_own_tags(client: TestClient) -> None:
    response = client.get("/static/web.css")
    assert response.status_code == 200
    assert (
        client.get("/static/web.css", headers={"If-None-Match": response.headers["etag"]}).status_code == 304
    )


def test_the_data_version() -> None:
    # The packaged data gives a version stable across apps (and restarts); other data adds a token.
    assert data_version(natoatlas.load()) == data_version(None)  # what `natoatlas serve` passes
    assert len(data_version(None)) == 32
    other = natoatlas.Atlas.__new__(natoatlas.Atlas)
    assert data_version(other) != data_version(None)
    assert data_version(other) != data_version(other)  # a token per app: never a stale 304
