"""Heavy work once and bounded (issue 15, item 9); the figures under load are in bench/bench_load.py.

The geometry is decoded once however many threads ask at the same moment; a briefing renders
off the event loop, one at a time, and the loop keeps answering meanwhile.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import re
import threading
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

import natoatlas
from natoatlas.kb import geo
from natoatlas.web import create_app, heavy


def text_of(markdown: bytes) -> bytes:
    """The briefing without its embedded images (an SVG's element ids differ run to run)."""
    return re.sub(rb"\(data:image/[^)]*\)", b"(image)", markdown)


@pytest.fixture
def cold_geometry(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """The geometry not yet loaded; yields a list that grows by one per real decode."""
    builds: list[int] = []
    real = geo._build_features

    def counted() -> Any:
        builds.append(threading.get_ident())
        return real()

    monkeypatch.setattr(geo, "_build_features", counted)
    monkeypatch.setattr(geo, "_loaded", {})
    yield builds


def test_concurrent_first_lookups_decode_the_geometry_once(cold_geometry: list[int]) -> None:
    barrier = threading.Barrier(16)
    found: list[str | None] = []

    def ask() -> None:
        barrier.wait()
        feature = geo.country_at(59.437, 24.7536)  # Tallinn
        found.append(feature.code if feature else None)

    threads = [threading.Thread(target=ask) for _ in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(cold_geometry) == 1
    assert found == ["EST"] * 16
    assert geo.ready()


def test_32_cold_covers_requests_load_the_geometry_once(
    cold_geometry: list[int], atlas: natoatlas.Atlas
) -> None:
    app = create_app(atlas)

    async def main() -> list[httpx.Response]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as client:
            return await asyncio.gather(
                *(
                    client.get(f"/api/v1/covers?place={59 + i / 100:.2f},24.75&on=2025-01-01")
                    for i in range(32)
                )
            )

    answers = asyncio.run(main())
    assert [r.status_code for r in answers] == [200] * 32
    assert all(r.json()["covered"] for r in answers)
    assert len(cold_geometry) == 1


def test_briefings_render_one_at_a_time_and_the_loop_keeps_answering(
    atlas: natoatlas.Atlas, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A non-packaged Atlas renders in a thread: at most RENDER_AT_ONCE at once, loop free."""
    running = [0]
    most = [0]
    lock = threading.Lock()
    real = heavy._render

    def tracked(*args: Any) -> bytes:
        with lock:
            running[0] += 1
            most[0] = max(most[0], running[0])
        try:
            return real(*args)
        finally:
            with lock:
                running[0] -= 1

    monkeypatch.setattr(heavy, "_render", tracked)
    monkeypatch.setattr(heavy, "_is_packaged", lambda a: False)
    day = dt.date(2024, 1, 1)

    async def main() -> tuple[list[bytes], float]:
        gaps: list[float] = []
        stop = asyncio.Event()

        async def ticker() -> None:
            last = time.perf_counter()
            while not stop.is_set():
                await asyncio.sleep(0.01)
                now = time.perf_counter()
                gaps.append(now - last)
                last = now

        tick = asyncio.create_task(ticker())
        done = await asyncio.gather(
            *(heavy.briefing(atlas, day, "en", ("overview", "spending"), "md") for _ in range(3))
        )
        stop.set()
        await tick
        return list(done), max(gaps)

    rendered, worst_gap = asyncio.run(main())
    assert most[0] == heavy.RENDER_AT_ONCE == 1
    assert len({text_of(r) for r in rendered}) == 1 and rendered[0].startswith(b"# ")
    assert b"defence expenditure" in rendered[0].lower()
    # The loop ran its ticker throughout (in a thread the render still shares the GIL, so allow
    # a generous bound; a render on the loop itself would stall it for the whole render).
    assert worst_gap < 2.0


@pytest.mark.slow
def test_the_packaged_atlas_renders_in_the_worker_process() -> None:
    """The packaged data's briefing comes from the worker process, the same text."""
    atlas = natoatlas.load()  # the packaged Atlas now (other tests may have cleared its cache)
    assert heavy._is_packaged(atlas)
    day = dt.date(2024, 1, 1)
    sections = ("overview", "treaty")
    in_worker = asyncio.run(heavy.briefing(atlas, day, "ja", sections, "md"))
    assert text_of(in_worker) == text_of(heavy._render(atlas, day, "ja", sections, "markdown"))
    assert "北大西洋条約".encode() in in_worker
    pool = heavy._pool
    assert pool is not None
    assert all(p.daemon for p in pool._pool)  # type: ignore[attr-defined]


def test_what_the_app_loads_once_is_out_of_the_collectors_reach(atlas: natoatlas.Atlas) -> None:
    """A full collection walked the Atlas and the app on every pass (100–500 ms with every
    request waiting): made, they are frozen (natoatlas.web.heavy.settle), so it no longer does."""
    import gc

    app = create_app(atlas)
    tracked = gc.get_objects()  # the objects a collection walks; frozen ones are not among them
    assert not any(o is atlas or o is app for o in tracked)
    assert gc.get_freeze_count() > 10_000
