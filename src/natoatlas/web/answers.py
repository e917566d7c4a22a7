"""API answers as ready bytes: one serialisation per interval between change points.

An answer such as the Allies on a day changes only on the days the data names
(:func:`natoatlas.views.base.change_points`); between two of them it is the same but for its
day. So :class:`Answers` builds a question's payload once per interval, serialises it with
``orjson`` (the same bytes as FastAPI's JSON, about 30x faster than :mod:`json` on these
answers) and keeps it cut at its day: the top-level ``on`` (whatever the day), and, when the
day is no change point, every other place its ISO form or its words (``1 May 2025``,
``2025年5月1日``) appear, as in the reason ``covers`` gives. A request is then a bisect and a join.

Why the day must not be a change point for the second kind of cut: only then is its ISO form
or its words in the answer certainly the day asked about, never a day the data names (the
same reasoning as :mod:`natoatlas.web.pagecache`). A few answers also compare the day with
today (the tense of ``covers``): the key holds which side of today the day is on.

An answer that does not depend on a day at all (``diff`` between two given days, the releases)
is kept whole under its question. Identical pieces of neighbouring intervals are kept once;
the cache is bounded in bytes (least recently used answers go first).
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

import orjson

from natoatlas.atlas import Atlas
from natoatlas.dates import PartialDate, format_date
from natoatlas.views.base import change_points
from natoatlas.views.params import LANGS

__all__ = ["BUDGET", "Answers", "dumps"]

#: Bytes the cache may hold by default (answers are 1–40 KB; a few hundred differ per question).
BUDGET = 32 * 2**20
_MARK = "\x00on\x00"
_SPLIT = orjson.dumps(_MARK)
#: Slots of a kept answer: the quoted ``on`` value, the ISO day, the day in words per language.
_ON, _ISO = 0, 1
_WORDS = {lang: 2 + i for i, lang in enumerate(LANGS)}

Build = Callable[[Any], Any]
Key = tuple[str, int | None, int]
Pieces = tuple[bytes | int, ...]


def dumps(payload: Any) -> bytes:
    """JSON as the API writes it: UTF-8, compact, the bytes of FastAPI's ``JSONResponse``."""
    return orjson.dumps(payload)


def _forms(day: dt.date) -> dict[int, bytes]:
    """What each slot stands for on ``day``."""
    iso = day.isoformat().encode()
    found = {_ON: b'"' + iso + b'"', _ISO: iso}
    for lang, slot in _WORDS.items():
        found[slot] = format_date(PartialDate.of(day), lang).encode()
    return found


def _cut(body: bytes, day: dt.date) -> Pieces:
    """``body`` cut wherever the day's ISO form or its words stand (not inside a longer number:
    the 1 May of ``11 May 2025`` is not cut)."""
    forms = _forms(day)
    wanted = {forms[slot]: slot for slot in (_ISO, *_WORDS.values())}
    pattern = re.compile(
        rb"(?<![0-9])("
        + b"|".join(re.escape(f) for f in sorted(wanted, key=len, reverse=True))
        + rb")(?![0-9])"
    )
    pieces: list[bytes | int] = []
    at = 0
    for found in pattern.finditer(body):
        pieces += [body[at : found.start()], wanted[found.group(1)]]
        at = found.end()
    pieces.append(body[at:])
    return tuple(pieces)


class Answers:
    """The serialised answers to the API's questions over one Atlas, by interval between change points."""

    def __init__(self, atlas: Atlas, budget: int = BUDGET) -> None:
        self.atlas = atlas
        self.points = change_points(atlas)
        self._point_set = frozenset(self.points)
        self.budget = budget
        self.size = 0
        self.hits = 0
        self.misses = 0
        self._entries: OrderedDict[Key, Pieces] = OrderedDict()
        self._pieces: dict[bytes, list[Any]] = {}  # piece -> [the piece kept, references]
        self._lock = threading.Lock()

    def interval(self, day: dt.date) -> int:
        """The index of the interval between change points that holds ``day``."""
        return bisect.bisect_right(self.points, day)

    def key(self, question: str, day: dt.date | None) -> Key:
        """Where the answer to ``question`` on ``day`` is kept: its interval, and the side of today."""
        if day is None:
            return question, None, 0
        today = dt.date.today()
        return question, self.interval(day), (day > today) - (day < today)

    def cached(self, question: str, day: dt.date | None) -> bytes | None:
        """The kept answer to ``question`` on ``day``, or None when it is not kept (yet)."""
        key = self.key(question, day)
        with self._lock:
            found = self._entries.get(key)
            if found is None:
                return None
            self._entries.move_to_end(key)
            self.hits += 1
        return self._join(found, day)

    def answer(self, question: str, day: dt.date | None, build: Build, keep: bool = True) -> bytes:
        """The JSON of ``build(day)``; built once per interval (once in all when ``day`` is None,
        for an answer that names no day). A mapping whose ``on`` is given must have ``day`` there.
        With ``keep`` false it is built and not kept (a question that is seldom asked twice).

        ``question`` names the question and its parameters other than the day (``operations:ended``).
        """
        found = self.cached(question, day)
        if found is not None:
            return found
        key = self.key(question, day)
        payload = build(day)
        pieces = self._pieces_of(question, payload, day) if keep else None
        with self._lock:
            self.misses += 1
            size = sum(len(p) for p in pieces if isinstance(p, bytes)) if pieces is not None else 0
            if pieces is not None and key not in self._entries and size <= self.budget:
                self._entries[key] = tuple(self._keep(p) if isinstance(p, bytes) else p for p in pieces)
                self._trim()
        return dumps(payload) if pieces is None else self._join(pieces, day)

    def _pieces_of(self, question: str, payload: Any, day: dt.date | None) -> Pieces | None:
        """The answer cut at its day, or None when it cannot stand for its interval."""
        if day is None:
            return (dumps(payload),)
        marked = isinstance(payload, dict) and "on" in payload
        if marked and payload["on"] != day.isoformat():
            raise ValueError(f"{question}: the answer's 'on' is not {day.isoformat()}")
        body = dumps({**payload, "on": _MARK} if marked else payload)
        before, marker, after = body.partition(_SPLIT)
        if marked and (not marker or _SPLIT in after):
            raise ValueError(f"{question}: the answer must hold its 'on' once")
        cut = [*_cut(before, day), *((_ON, *_cut(after, day)) if marker else ())]
        if day in self._point_set and any(isinstance(p, int) and p != _ON for p in cut):
            return None  # the day's forms may be days the data names: not kept
        return tuple(cut)

    def _join(self, pieces: Pieces, day: dt.date | None) -> bytes:
        first, *rest = pieces
        if day is None and isinstance(first, bytes):
            return first
        if day is None:  # pragma: no cover - an answer without a day is kept whole
            raise ValueError("a dated answer asked without its day")
        if len(rest) == 2 and rest[0] == _ON and isinstance(first, bytes) and isinstance(rest[1], bytes):
            return first + b'"' + day.isoformat().encode() + b'"' + rest[1]  # the day only in ``on``
        forms = _forms(day)
        return b"".join(forms[p] if isinstance(p, int) else p for p in pieces)

    def _keep(self, piece: bytes) -> bytes:
        held = self._pieces.get(piece)
        if held is None:
            held = self._pieces[piece] = [piece, 0]
            self.size += len(piece)
        held[1] += 1
        kept: bytes = held[0]
        return kept

    def _drop(self, piece: bytes | int) -> None:
        if not isinstance(piece, bytes):
            return
        held = self._pieces[piece]
        held[1] -= 1
        if held[1] == 0:
            del self._pieces[piece]
            self.size -= len(piece)

    def _trim(self) -> None:
        while self.size > self.budget and self._entries:
            _, pieces = self._entries.popitem(last=False)
            for piece in pieces:
                self._drop(piece)

    def __len__(self) -> int:
        return len(self._entries)
