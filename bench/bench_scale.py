"""Scale benchmark (issue 16, item 3): load and query times at 1×, 10× and 100× the data.

:func:`multiply` writes a copy of the packaged data with its records multiplied: each copy ``i``
of the data gives every country a new alpha-3 code (names suffixed ``#i``) and repeats, for those
codes, the memberships, accession steps, command withdrawals, partnerships, places, operations,
summits and events under new ids, and every release (with a source of its own) and its
spending rows under a new release id. The Secretaries General, the headquarters, the Treaty and
the other files that describe NATO itself stay as they are: one office holds one person at a
time, so they cannot be multiplied and stay valid. The copy passes ``natoatlas check``.

Then, for each factor, it prints:

- the load: *cold* (parse and check every file, then write the cache) and *cached*;
- a members query as a whole process, cold (a fresh interpreter, the cache warm);
- the mean time of each library query over random days (and years, for spending), warm (a
  second pass over the same days) and on the first pass (each span's answer made once),
  and of the members JSON payload;

each as a ratio to the same figure at 1× in the same run. Targets at 100×: every library
query ≤ 1 ms warm, the members query process ≤ 0.5 s cold. Prints only; asserts nothing.

Usage: ``python bench/bench_scale.py [--factors 1,10,100] [--queries N] [--keep DIR]``.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import itertools
import os
import random
import shutil
import statistics
import string
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from natoatlas.kb import datafile
from natoatlas.kb.model import FILES

#: Fields that hold one country code, and fields that hold a list of them.
_CODE_FIELDS = frozenset({"country", "by", "sovereign", "ally"})
_CODE_LISTS = frozenset({"countries", "interested", "allies", "national_2pct_law"})
#: The files whose records are repeated for each copy, and the fields that point at their ids.
_MULTIPLIED = (
    "memberships.yaml",
    "accession_steps.yaml",
    "command_withdrawals.yaml",
    "partnerships.yaml",
    "places.yaml",
    "operations.yaml",
    "summits.yaml",
    "events.yaml",
)
_ID_LINKS = frozenset({"id", "parent", "predecessor", "successor"})


def _codes(taken: set[str]) -> Iterator[str]:
    """Alpha-3 codes not used by the real data, in order (17,500 of them: enough for 200×)."""
    for letters in itertools.product(string.ascii_uppercase, repeat=3):
        code = "".join(letters)
        if code not in taken:
            yield code


def _remap(value: Any, codes: dict[str, str], suffix: str, key: str = "") -> Any:
    """A copy of a raw record with country codes mapped and ids (and links to ids) suffixed."""
    if isinstance(value, dict):
        return {k: _remap(v, codes, suffix, k) for k, v in value.items()}
    if isinstance(value, list):
        if key in _CODE_LISTS:
            return [codes.get(v, v) for v in value]
        return [_remap(v, codes, suffix) for v in value]
    if isinstance(value, str):
        if key in _CODE_FIELDS:
            return codes.get(value, value)
        if key in _ID_LINKS:
            return f"{value}{suffix}"
    return value


def _country_copy(country: dict[str, Any], code: str, copy: int) -> dict[str, Any]:
    """A new country: the same record under a new code, every name and alias marked ``#copy``."""
    new = {k: v for k, v in country.items() if k not in ("numeric", "wikidata")}
    new["id"] = code
    new["names"] = [
        {**n, **{k: f"{n[k]} #{copy}" for k in ("en", "ja", "ja_short") if n.get(k)}}
        for n in country["names"]
    ]
    if country.get("aliases"):
        new["aliases"] = [f"{a} #{copy}" for a in country["aliases"]]
    return new


def multiply(factor: int, target: Path, source: Path | None = None) -> Path:
    """Write the packaged data (or ``source``) multiplied ``factor`` times into ``target``."""
    source = source or datafile.default_dir()
    target.mkdir(parents=True, exist_ok=True)
    raw: dict[str, list[Any]] = {name: list(datafile.read(source / name)) for name in FILES}
    countries = raw["countries.yaml"]
    fresh = _codes({c["id"] for c in countries})
    releases = {r["id"] for r in raw["releases.yaml"]}
    out: dict[str, list[Any]] = {name: list(items) for name, items in raw.items()}
    for copy in range(1, factor):
        suffix = f"-x{copy}"
        codes = {c["id"]: next(fresh) for c in countries}
        out["countries.yaml"] += [_country_copy(c, codes[c["id"]], copy) for c in countries]
        for name in _MULTIPLIED:
            out[name] += [_remap(r, codes, suffix) for r in raw[name]]
        out["releases.yaml"] += [
            {**_remap(r, codes, suffix), "sources": r["sources"]} for r in raw["releases.yaml"]
        ]
        out["sources.yaml"] += [
            {**s, "id": f"{s['id']}{suffix}"} for s in raw["sources.yaml"] if s["id"] in releases
        ]
        out["spending.csv"] += [
            {**row, "release": f"{row['release']}{suffix}", "ally": codes.get(row["ally"], row["ally"])}
            for row in raw["spending.csv"]
        ]
    for name, items in out.items():
        if name.endswith(".csv"):
            buffer = io.StringIO()
            writer = csv.DictWriter(buffer, fieldnames=list(items[0]), lineterminator="\n")
            writer.writeheader()
            writer.writerows(items)
            (target / name).write_text(buffer.getvalue(), encoding="utf-8")
        else:
            (target / name).write_text(datafile.dump(items), encoding="utf-8")
    geo = source / "geo"
    if geo.is_dir():
        shutil.copytree(geo, target / "geo", dirs_exist_ok=True)
    return target


# -- measuring -------------------------------------------------------------------------------


def _timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def _fresh_load(folder: Path) -> Any:
    """Load ``folder`` as a new process would: no Atlas kept from an earlier load."""
    from natoatlas.atlas import load

    return load(folder)


def load_times(folder: Path, cache: Path, runs: int) -> tuple[float, float]:
    """Seconds to load: cold (every file parsed and checked, cache written) and cached (median)."""
    shutil.rmtree(cache, ignore_errors=True)
    cold = _timed(lambda: _fresh_load(folder))
    cached = statistics.median(_timed(lambda: _fresh_load(folder)) for _ in range(runs))
    return cold, cached


_PROCESS = """
import sys
from pathlib import Path
from natoatlas.atlas import as_day
from natoatlas.atlas import load
from natoatlas.views import to_json
from natoatlas.views.members import members
atlas = load(Path(sys.argv[1]))
import json
day = as_day("2020-01-01")
sys.stdout.write(json.dumps(to_json(members(atlas, day)), ensure_ascii=False))
"""


def process_time(folder: Path, cache: Path, runs: int) -> float:
    """Median seconds of a whole process loading ``folder`` (cache warm) and printing members JSON."""
    env = {**os.environ, "NATOATLAS_CACHE": str(cache)}
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-c", _PROCESS, str(folder)], check=True, env=env, capture_output=True
        )
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def query_times(atlas: Any, queries: int) -> tuple[dict[str, float], dict[str, float]]:
    """Mean seconds per call of each query over the same random days and years every run: on the
    first pass (indexes built, each span's answer made once) and on a second, warm pass."""
    from natoatlas.views import to_json
    from natoatlas.views.members import members

    rng = random.Random(1949)
    first, last = dt.date(1945, 1, 1).toordinal(), dt.date(2026, 12, 31).toordinal()
    days = [dt.date.fromordinal(rng.randint(first, last)) for _ in range(queries)]
    years = [rng.randint(2014, 2024) for _ in range(queries)]
    frameworks = [rng.choice(["pfp", "md", "ici", "pag"]) for _ in range(queries)]
    spending = atlas.spending
    release = "nato-defexp-2024-06"
    cases: dict[str, Callable[[int], object]] = {
        "members()": lambda i: atlas.members(days[i]),
        "secretary_general()": lambda i: atlas.secretary_general(days[i]),
        "spending.compliance()": lambda i: spending.compliance(years[i], release=release),
        "spending.figures()": lambda i: spending.figures(years[i], release=release),
        "spending.value()": lambda i: spending.value("FIN", years[i], release=release),
        "operations_on()": lambda i: atlas.operations_on(days[i]),
        "operations_on(ongoing)": lambda i: atlas.operations_on(days[i], status="ongoing"),
        "partners()": lambda i: atlas.partners(frameworks[i], days[i]),
        "summits_until()": lambda i: atlas.summits_until(days[i]),
        "commands()": lambda i: atlas.commands(days[i]),
        "country()": lambda i: atlas.country("FIN"),
        "membership()": lambda i: atlas.membership("FIN"),
        "accession_history()": lambda i: atlas.accession_history("FIN"),
        "members JSON payload": lambda i: to_json(members(atlas, days[i])),
    }
    first_pass: dict[str, float] = {}
    warm: dict[str, float] = {}
    for name, call in cases.items():
        n = queries if name != "members JSON payload" else max(20, queries // 20)
        for times in (first_pass, warm):  # first pass: each span's answer is made; then warm
            start = time.perf_counter()
            for i in range(n):
                call(i)
            times[name] = (time.perf_counter() - start) / n
    return first_pass, warm


def _ratio(value: float, anchor: float) -> str:
    return f"{value / anchor:8.1f}×" if anchor > 0 else "      —"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--factors", default="1,10,100", help="comma-separated multipliers (default 1,10,100)"
    )
    parser.add_argument("--queries", type=int, default=2000, help="calls per query (default 2000)")
    parser.add_argument(
        "--runs", type=int, default=3, help="cached loads and processes per factor (default 3)"
    )
    parser.add_argument("--keep", type=Path, help="write the multiplied data here and keep it")
    args = parser.parse_args()
    factors = [int(f) for f in args.factors.split(",")]
    if 1 not in factors:
        factors.insert(0, 1)
    root = args.keep or Path(tempfile.mkdtemp(prefix="natoatlas-scale-"))
    os.environ.pop("NATOATLAS_NO_CACHE", None)
    rows: dict[int, dict[str, float]] = {}
    sizes: dict[int, str] = {}
    try:
        for factor in factors:
            folder = multiply(factor, root / f"x{factor}")
            cache = root / f"cache-x{factor}"
            os.environ["NATOATLAS_CACHE"] = str(cache)
            cold, cached = load_times(folder, cache, args.runs)
            atlas = _fresh_load(folder)
            sizes[factor] = (
                f"{len(atlas.countries):,} countries, {len(atlas.memberships):,} memberships, "
                f"{len(atlas.spending_figures):,} spending rows"
            )
            row = {"load, cold (s)": cold, "load, cached (s)": cached}
            row["members process, cold (s)"] = process_time(folder, cache, args.runs)
            first, warm = query_times(atlas, args.queries)
            row.update({f"{k} (ms)": v * 1000 for k, v in warm.items()})
            row.update({f"{k}, 1st pass (ms)": v * 1000 for k, v in first.items()})
            rows[factor] = row
            print(f"{factor:>4}×: {sizes[factor]}", flush=True)
    finally:
        if args.keep is None:
            shutil.rmtree(root, ignore_errors=True)
    print(
        f"\nScale (Python {sys.version.split()[0]}; 2 cores shared with other work: figures vary run to run)"
    )
    head = (
        f"{'':40}"
        + "".join(f"{f'{f}×':>12}" for f in factors)
        + "".join(f"{f'{f}×/1×':>10}" for f in factors if f != 1)
    )
    print(head)
    for name in rows[1]:
        values = "".join(
            f"{rows[f][name]:12.4f}" if name.endswith("(ms)") else f"{rows[f][name]:12.3f}" for f in factors
        )
        ratios = "".join(f"{_ratio(rows[f][name], rows[1][name]):>10}" for f in factors if f != 1)
        print(f"{name:40}{values}{ratios}")
    top = max(factors)
    slowest = max(
        (k for k in rows[top] if k.endswith("(ms)") and "payload" not in k and "1st" not in k),
        key=lambda k: rows[top][k],
    )
    print(
        f"\nTargets at {top}×: slowest warm library query {slowest} {rows[top][slowest]:.4f} ms (≤ 1 ms); "
        f"members process {rows[top]['members process, cold (s)']:.3f} s (≤ 0.5 s)"
    )


if __name__ == "__main__":
    main()
