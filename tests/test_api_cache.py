"""The cached dated answers of the API: the same bytes as the payload's JSON on every day of
every interval between change points, one build per interval, and a bounded cache."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import os
import random
import re
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

import natoatlas
from natoatlas.atlas import Atlas
from natoatlas.dates import PartialDate, format_date
from natoatlas.views import members as member_views
from natoatlas.views import overview as overview_views
from natoatlas.views import rules as rule_views
from natoatlas.views import sections, to_json
from natoatlas.views import spending as spending_views
from natoatlas.views.base import change_points
from natoatlas.views.params import LANGS
from natoatlas.web import create_app
from natoatlas.web.answers import Answers

ATLAS = natoatlas.load()
APP = create_app(ATLAS)

QUESTIONS: dict[str, tuple[str, Callable[[Atlas, dt.date], Any]]] = {
    "members": ("/api/v1/members", lambda a, d: to_json(member_views.members(a, d))),
    "sg": ("/api/v1/sg", lambda a, d: to_json(member_views.secretary_general(a, d))),
    "summits": ("/api/v1/summits", lambda a, d: to_json(sections.summits(a, d))),
    "operations": ("/api/v1/operations", lambda a, d: to_json(sections.operations(a, d))),
    "operations:ended": (
        "/api/v1/operations?status=ended",
        lambda a, d: to_json(sections.operations(a, d, "ended")),
    ),
    "forces": ("/api/v1/forces", lambda a, d: to_json(sections.places(a, d, "forces"))),
    "commands": ("/api/v1/commands", lambda a, d: to_json(sections.places(a, d, "commands"))),
    # Answers that show their day in words too (the overview's title), lists without an ``on``,
    # and the questions with a parameter of their own.
    "overview": ("/api/v1/overview", lambda a, d: to_json(overview_views.overview(a, d))),
    "countries": ("/api/v1/countries", lambda a, d: to_json(member_views.countries(a, d))),
    "country:FIN": (
        "/api/v1/countries/FIN",
        lambda a, d: to_json(member_views.country(a, a.countries["FIN"], d)),
    ),
    "enlargement": ("/api/v1/enlargement", lambda a, d: to_json(sections.enlargements(a, d))),
    "partners": ("/api/v1/partners", lambda a, d: to_json(sections.partners(a, d))),
    "partners:pfp": ("/api/v1/partners?framework=pfp", lambda a, d: to_json(sections.partners(a, d, "pfp"))),
    "organisation": ("/api/v1/organisation", lambda a, d: to_json(sections.organisation(a, d))),
    "concepts": ("/api/v1/concepts", lambda a, d: to_json(sections.concepts(a, d))),
    "treaty:5": ("/api/v1/treaty?article=5", lambda a, d: to_json(sections.treaty(a, d, 5))),
    "accession:SWE": ("/api/v1/accession/SWE", lambda a, d: to_json(rule_views.accession(a, "SWE", d))),
    "targets": ("/api/v1/spending/targets", lambda a, d: to_json(spending_views.targets(a, d))),
    "covers:Tallinn": (
        "/api/v1/covers?place=Tallinn",
        lambda a, d: to_json(rule_views.covers(a, "Tallinn", d)),
    ),
    "covers:forces": (
        "/api/v1/covers?place=Hawaii&kind=forces",
        lambda a, d: to_json(rule_views.covers(a, "Hawaii", d, "forces")),
    ),
    "timeline:article-4": (
        "/api/v1/timeline/article-4?from=1949-01-01&to={day}",
        lambda a, d: to_json(sections.timeline(a, "article-4", dt.date(1949, 1, 1), d)),
    ),
}
#: The questions the cache answered before the words of a day were cut too: every interval
#: of members, samples of the others.
FIRST = ("members", "sg", "summits", "operations", "operations:ended", "forces", "commands")


def as_json(payload: Any) -> bytes:
    """What FastAPI's JSONResponse writes (the answer before the cache)."""
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(APP)


def test_change_points_are_the_days_the_data_names_and_the_day_after() -> None:
    points = change_points(ATLAS)
    assert list(points) == sorted(set(points))
    # The Treaty signed, Finland and Sweden joining, each with the day after.
    for day in (dt.date(1949, 4, 4), dt.date(2023, 4, 4), dt.date(2024, 3, 7)):
        assert day in points
        assert day + dt.timedelta(days=1) in points
    assert dt.date(2000, 6, 15) not in points


def shows_its_day(payload: Any, day: dt.date) -> bool:
    """Whether an answer names its day other than in its ``on``: its ISO form or its words."""
    text = as_json({**payload, "on": None} if isinstance(payload, dict) else payload).decode()
    forms = [day.isoformat(), *(format_date(PartialDate.of(day), lang) for lang in LANGS)]
    return any(re.search(rf"(?<![0-9]){re.escape(f)}(?![0-9])", text) for f in forms)


def _check(question: str, intervals: int | None) -> None:
    """On the first and last day of each interval (or of ``intervals`` of them drawn at random)
    and a day inside it, the cached bytes are the JSON of the payload computed for that very
    day: no change point is missing, and the day is put back wherever the answer shows it."""
    answers, build = Answers(ATLAS), QUESTIONS[question][1]
    rng = random.Random(question)
    pairs = list(itertools.pairwise(p for p in answers.points if p.year >= 1949))
    chosen = pairs if intervals is None else rng.sample(pairs, intervals)
    builds = 0
    kept: set[Any] = set()
    for start, end in chosen:
        last = end - dt.timedelta(days=1)
        inside = start + dt.timedelta(days=rng.randint(0, (last - start).days))
        for day in (start, inside, last):
            payload = build(ATLAS, day)
            assert answers.answer(question, day, lambda d: build(ATLAS, d)) == as_json(payload), (
                question,
                day,
            )
            key = answers.key(question, day)
            if key not in kept:
                builds += 1
                # A change point's answer that shows its day beyond ``on`` is not kept: that
                # day may be one the data names (Finland joined on 2023-04-04).
                if not (day == start and shows_its_day(payload, day)):
                    kept.add(key)
    # One build per interval (and side of today) asked about, but for such change points.
    assert answers.misses == builds
    assert answers.hits == 3 * len(chosen) - builds
    assert builds <= 2 * len(chosen)


def test_every_interval_of_members_answers_as_the_payload() -> None:
    _check("members", None)


@pytest.mark.parametrize("question", [q for q in QUESTIONS if q != "members"])
def test_intervals_of_the_other_questions_answer_as_the_payload(question: str) -> None:
    """The change points are the same for every question (the days the data names): a sample."""
    _check(question, 120 if question in FIRST else 30)


@pytest.mark.slow
@pytest.mark.parametrize("question", [q for q in QUESTIONS if q not in FIRST])
def test_more_intervals_of_the_newer_questions_answer_as_the_payload(question: str) -> None:
    _check(question, 400)


def test_an_answer_in_words_is_cut_at_its_day_and_filled_for_another() -> None:
    """The answer of ``covers`` says its day in words ("not a NATO Ally on 15 June 2000"): one
    build serves another day of the interval with that day's words, in both languages."""
    answers, build = Answers(ATLAS), QUESTIONS["covers:Tallinn"][1]
    first, second = dt.date(2000, 6, 15), dt.date(2000, 6, 16)
    assert answers.interval(first) == answers.interval(second)
    assert shows_its_day(build(ATLAS, first), first)
    answers.answer("covers:Tallinn", first, lambda d: build(ATLAS, d))
    found = answers.answer("covers:Tallinn", second, lambda d: build(ATLAS, d))
    assert (answers.misses, answers.hits) == (1, 1)
    assert found == as_json(build(ATLAS, second))
    assert b"not a NATO Ally on 16 June 2000" in found
    assert "2000年6月16日の時点".encode() in found
    assert b"15 June 2000" not in found


def test_the_api_serves_the_same_json_as_before(client: TestClient) -> None:
    rng = random.Random(16)
    days = [dt.date(1948, 1, 1), dt.date(1949, 4, 4), dt.date.today()]
    days += [dt.date(1949, 1, 1) + dt.timedelta(days=rng.randint(0, 28_000)) for _ in range(40)]
    for path, build in QUESTIONS.values():
        for day in days:
            if "{day}" in path and day.year < 1949:
                continue  # the timeline from 1949 to a day before it is a 400
            joiner = "&" if "?" in path else "?"
            url = path.format(day=day) if "{day}" in path else f"{path}{joiner}on={day.isoformat()}"
            response = client.get(url)
            assert response.status_code == 200
            assert response.headers["content-type"] == "application/json"
            assert response.content == as_json(build(ATLAS, day)), (path, day)


def test_without_on_the_answer_is_for_today(client: TestClient) -> None:
    today = dt.date.today()
    assert client.get("/api/v1/members").content == as_json(to_json(member_views.members(ATLAS, today)))


def test_neighbouring_intervals_share_their_bytes_and_the_cache_is_bounded() -> None:
    answers = Answers(ATLAS)
    build = QUESTIONS["members"][1]
    for year in range(1960, 1980):  # between Germany (1955) and Spain (1982): one list
        answers.answer("members", dt.date(year, 6, 1), lambda d: build(ATLAS, d))
    one = len(answers.answer("members", dt.date(1975, 6, 1), lambda d: build(ATLAS, d)))
    # Twenty years of one membership list: kept once, not once per interval asked about.
    assert len(answers) > 1
    assert answers.size < 2 * one

    small = Answers(ATLAS, budget=3 * one)
    for year in range(1950, 2026):
        small.answer("members", dt.date(year, 6, 1), lambda d: build(ATLAS, d))
        assert small.size <= 3 * one
    assert 0 < len(small) < 76
    # An evicted interval is built again, with the same bytes.
    assert small.answer("members", dt.date(1950, 6, 1), lambda d: build(ATLAS, d)) == as_json(
        build(ATLAS, dt.date(1950, 6, 1))
    )


def test_plain_and_other_queries_get_the_same_bytes(client: TestClient) -> None:
    """The fast path answers plain queries, reading percent-escapes as the routes do; repeated or
    unknown parameters go to the routes: the answer is the same."""
    expected = client.get("/api/v1/operations?on=2011-06-01&status=ongoing")
    for query in (
        "status=ongoing&on=2011-06-01",
        "on=2011%2D06%2D01&status=ongoing",
        "on=2011-06-01&status=ongoing&lang=en",
    ):
        response = client.get(f"/api/v1/operations?{query}")
        assert response.content == expected.content, query
        # Every header but the ETag, which names the URL as it was asked.
        assert {k: v for k, v in response.headers.items() if k != "etag"} == {
            k: v for k, v in expected.headers.items() if k != "etag"
        }, query
    assert b"ISAF" in expected.content
    head = client.head("/api/v1/members?on=2020-01-01")
    assert head.content == b""
    assert head.headers["content-length"] == str(len(client.get("/api/v1/members?on=2020-01-01").content))
    assert head.headers["x-frame-options"] == "DENY"
    refused = client.get("/api/v1/members?on=2020-01-01", headers={"host": "evil.example"})
    assert refused.status_code == 400
    assert refused.json()["parameter"] == "host"


@pytest.mark.parametrize(
    ("plain", "routed"),
    [
        ("/api/v1/treaty?on=2011-06-01&article=5", "/api/v1/treaty?article=5&on=2011%2D06%2D01&x=1"),
        ("/api/v1/countries/FIN?on=2020-01-01", "/api/v1/countries/fin?on=2020%2D01%2D01&x=1"),
        ("/api/v1/accession/SWE?on=2023-06-01", "/api/v1/accession/SWE?on=2023-06-01&x=1"),
        (
            "/api/v1/partners?on=2018-01-01&framework=pfp",
            "/api/v1/partners?on=2018-01-01&framework=%70fp&x=1",
        ),
        (
            "/api/v1/spending?year=2020&release=nato-defexp-2024-06",
            "/api/v1/spending?year=2020&release=nato%2Ddefexp-2024-06&x=1",
        ),
        ("/api/v1/spending/releases", "/api/v1/spending/releases?x=1"),
        ("/api/v1/diff?from=2019-01-01&to=2024-12-31", "/api/v1/diff?to=2024-12-31&from=2019%2D01-01&x=1"),
        ("/api/v1/timeline/article-5", "/api/v1/timeline/article-5?x=1"),
        ("/api/v1/consultations?article=4", "/api/v1/consultations?article=%34&x=1"),
        ("/api/v1/covers?place=Tallinn&on=2020-01-01", "/api/v1/covers?place=Tallin%6E&on=2020-01-01&x=1"),
        (
            "/api/v1/covers?place=59.4,24.7&on=1990-01-01",
            "/api/v1/covers?place=59.4%2C24.7&on=1990-01-01&x=1",
        ),
        ("/api/v1/overview?on=2000-06-16", "/api/v1/overview?on=2000-06-16&on=2000-06-16&x=1"),
    ],
)
def test_the_fast_path_and_the_routes_give_the_same_answer(
    client: TestClient, plain: str, routed: str
) -> None:
    """A plain query is answered before FastAPI, one with an unknown parameter by the routes
    (which ignore it, as FastAPI does; their parameters percent-encoded here): the same bytes
    and headers, X-Data-As-Of included."""
    client.get("/api/v1/covers?place=Tallinn")  # the geometry loaded, so the fast path takes covers
    fast, slow = client.get(plain), client.get(routed)
    assert fast.status_code == slow.status_code == 200, (fast.text, slow.text)
    assert fast.content == slow.content
    assert {k: v for k, v in fast.headers.items() if k != "etag"} == {
        k: v for k, v in slow.headers.items() if k != "etag"
    }


def test_errors_are_the_routes_whichever_way_asked(client: TestClient) -> None:
    for url, status, parameter in (
        ("/api/v1/spending?release=no-such-release", 404, "release"),
        ("/api/v1/countries/XXX?on=2020-01-01", 404, "code"),
        ("/api/v1/treaty?article=15", 422, "article"),
        ("/api/v1/diff?from=2024-01-01&to=2019-01-01", 400, "to"),
        ("/api/v1/diff?from=2024-01-01", 422, "to"),
        ("/api/v1/covers?place=Paris", 409, "place"),
        ("/api/v1/covers?place=", 422, "place"),
        ("/api/v1/timeline/nothing", 404, "topic"),
    ):
        response = client.get(url)
        assert response.status_code == status, url
        assert response.json()["parameter"] == parameter, url


def test_a_bad_day_is_still_a_4xx_naming_on(client: TestClient) -> None:
    for path in ("/api/v1/members", "/api/v1/summits", "/api/v1/operations"):
        for value in ("2020-02-30", "", "2020-1-01", "２０２０-01-01"):
            response = client.get(f"{path}?on={value}")
            assert response.status_code == 422, (path, value)
            assert response.json()["parameter"] == "on"
    response = client.get("/api/v1/operations?status=later")
    assert response.status_code == 422
    assert response.json()["parameter"] == "status"


def test_an_answer_without_its_day_is_refused() -> None:
    answers = Answers(ATLAS)
    with pytest.raises(ValueError, match="'on'"):
        answers.answer("broken", dt.date(2020, 1, 1), lambda d: {"on": "2019-01-01"})


def test_serve_with_workers_answers_with_its_allowed_hosts(tmp_path: Path) -> None:
    """``natoatlas serve --workers 2``: two processes on one port, each building the app with
    the ``--allowed-host`` names, answering the same bytes as the app in process."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-m", "natoatlas", "serve", "--port", str(port), "--workers", "2"]
    command += ["--allowed-host", "atlas.example"]
    env = {**os.environ, "PYTHONPATH": str(Path(natoatlas.__file__).parents[1])}
    log = tmp_path / "serve.log"
    with log.open("wb") as errors, subprocess.Popen(command, env=env, stdout=errors, stderr=errors) as server:
        try:
            url = f"http://127.0.0.1:{port}/api/v1/members?on=2020-01-01"
            for _ in range(300):
                try:
                    answer = httpx.get(url, timeout=2)
                    break
                except httpx.HTTPError:
                    assert server.poll() is None, log.read_text()
                    time.sleep(0.1)
            assert answer.content == as_json(to_json(member_views.members(ATLAS, dt.date(2020, 1, 1))))
            assert httpx.get(url, headers={"host": "atlas.example"}).status_code == 200
            assert httpx.get(url, headers={"host": "evil.example"}).status_code == 400
        finally:
            server.terminate()
            server.wait(timeout=20)
