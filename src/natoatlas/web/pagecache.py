"""Dated pages as ready bytes: one rendering per interval between the data's change points.

A page such as the overview on a day shows the same facts on every day between two of the
data's change points (:func:`natoatlas.views.base.change_points`, as the API's answers do,
:mod:`natoatlas.web.answers`); only the day itself differs: in its links and date field
(``2020-01-02``), in words (「2020年1月2日現在」) and in the year slider. So :class:`DirectPages`
keeps the first rendering of a page in an interval with the day's ISO form and its words cut
out, and answers every other day of that interval, in the same year, language and shape of
query, by joining the pieces around the new day: no briefing built, no template rendered, no
map drawn, and none of FastAPI's routing.

A rendering is kept only when its day cannot be mistaken for a date the data shows: a day that
is not a change point is no day the data names (nor the day after one), so its ISO form and its
words appear on the page only where the page's day does. Nor is today kept: the date field's
``max`` is today. The cache is bounded in bytes (least recently used first out); the pages' maps
hold no country shapes (:mod:`natoatlas.render.svgmap` serves them once), so a page is 10–60 kB.
Anything else (``place=``, an unknown or repeated parameter, an error) goes on to the routes.
"""

from __future__ import annotations

import bisect
import datetime as dt
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from natoatlas.dates import PartialDate, format_date
from natoatlas.views.base import change_points
from natoatlas.views.params import LANGS
from natoatlas.web import params
from natoatlas.web.pages import negotiate

__all__ = ["BUDGET", "PAGES", "DirectPages", "PageCache"]

#: The pages whose content is a function of the day and the language only.
PAGES = frozenset({"/", "/partners", "/organisation", "/japan", "/treaty", "/countries"})
#: Bytes the cache may hold by default (pages are 10–60 kB).
BUDGET = 32 * 2**20
_ISO, _WORDS = 0, 1
Key = tuple[str, tuple[bytes, ...], str, int, int]


class PageCache:
    """Rendered pages split at their day, by page, query shape, language, interval and year."""

    def __init__(self, atlas: Any, budget: int = BUDGET) -> None:
        self.points = change_points(atlas)
        self._point_set = frozenset(self.points)
        self.budget = budget
        self.size = 0
        self.hits = 0
        self.misses = 0
        self._entries: OrderedDict[Key, tuple[tuple[bytes | int, ...], int]] = OrderedDict()
        self._lock = threading.Lock()

    def key(self, path: str, shape: tuple[bytes, ...], lang: str, day: dt.date) -> Key:
        return path, shape, lang, bisect.bisect_right(self.points, day), day.year

    def get(self, key: Key, day: dt.date, lang: str) -> bytes | None:
        with self._lock:
            found = self._entries.get(key)
            if found is None:
                return None
            self._entries.move_to_end(key)
            self.hits += 1
        iso = day.isoformat().encode()
        words = format_date(PartialDate.of(day), lang).encode()
        return b"".join(iso if p == _ISO else words if p == _WORDS else p for p in found[0])  # type: ignore[misc]

    def keepable(self, day: dt.date) -> bool:
        """Whether a rendering for ``day`` can stand for its interval (see the module's docstring)."""
        return day not in self._point_set and day != dt.date.today()

    def put(self, key: Key, day: dt.date, lang: str, body: bytes) -> None:
        """Keep ``body``, the page of ``day``, cut at the day's ISO form and words."""
        text = body.decode("utf-8")
        iso, words = day.isoformat(), format_date(PartialDate.of(day), lang)
        pieces: list[bytes | int] = []
        own = 0
        for i, chunk in enumerate(text.split(iso)):
            if i:
                pieces.append(_ISO)
            for j, part in enumerate(chunk.split(words)):
                if j:
                    pieces.append(_WORDS)
                encoded = part.encode()
                pieces.append(encoded)
                own += len(encoded)
        with self._lock:
            self.misses += 1
            if key in self._entries or own > self.budget:
                return
            self._entries[key] = (tuple(pieces), own)
            self.size += own
            while self.size > self.budget and self._entries:
                _, (_, dropped) = self._entries.popitem(last=False)
                self.size -= dropped

    def __len__(self) -> int:
        return len(self._entries)


class DirectPages:
    """The pages of :data:`PAGES` for a plain query (``on=YYYY-MM-DD`` and at most ``lang=``, each
    once) answered from :class:`PageCache` before FastAPI's routing; a first rendering is kept
    as the route answered it. Installed inside the HTTP cache (ETag, 304) and the host check."""

    def __init__(self, app: ASGIApp, budget: int = BUDGET) -> None:
        self.app = app
        self.budget = budget
        self._cache: PageCache | None = None
        self._lock = threading.Lock()

    def cache(self, scope: Scope) -> PageCache:
        with self._lock:
            if self._cache is None:
                self._cache = PageCache(scope["app"].state.atlas, self.budget)
                scope["app"].state.pages = self._cache
            return self._cache

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        plain = scope["type"] == "http" and scope["method"] == "GET" and scope["path"] in PAGES
        query = self._query(scope) if plain else None
        if query is None:
            await self.app(scope, receive, send)
            return
        day, lang, shape = query
        cache = self.cache(scope)
        key = cache.key(scope["path"], shape, lang, day)
        body = cache.get(key, day, lang)
        if body is not None:
            headers = [
                (b"content-length", str(len(body)).encode()),
                (b"content-type", b"text/html; charset=utf-8"),
            ]
            await send({"type": "http.response.start", "status": 200, "headers": headers})
            await send({"type": "http.response.body", "body": body})
            return
        if not cache.keepable(day):
            await self.app(scope, receive, send)
            return
        status: list[int] = []
        chunks: list[bytes] = []

        async def keep(message: Message) -> None:
            if message["type"] == "http.response.start":
                status.append(message["status"])
            elif message["type"] == "http.response.body" and status == [200]:
                chunks.append(message.get("body", b""))
                if not message.get("more_body", False):
                    cache.put(key, day, lang, b"".join(chunks))
            await send(message)

        await self.app(scope, receive, keep)

    @staticmethod
    def _query(scope: Scope) -> tuple[dt.date, str, tuple[bytes, ...]] | None:
        """The day, language and parameter order of a plain query (a day is required); None for
        anything else. Read as the API's fast path reads its queries (:func:`params.plain_query`)."""
        found = params.plain_query(scope["query_string"], _ACCEPTED)
        if found is None or b"on" not in found:
            return None
        shape = tuple(found)
        lang = found.get(b"lang")
        if lang is None:
            lang = negotiate(Headers(scope=scope).get("accept-language"))
            shape += (b"accept:" + lang.encode(),)
        return found[b"on"], lang, shape


#: The parameters of a plain page query.
_ACCEPTED: dict[bytes, Callable[[str], bool]] = {b"on": bool, b"lang": LANGS.__contains__}
