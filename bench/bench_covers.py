"""Benchmark of the Article 5 checker by name (prints only): what a name costs next to coordinates.

In one process, each query is answered ``--runs`` times after one warm-up and the median reported,
as a ratio to the anchor measured in the same run: ``covers`` for Tallinn's coordinates, which
skips the gazetteer. Then, in fresh processes: building the index from GeoNames into an empty
private cache (the child process ``natoatlas.rules.gazetteer`` starts once per machine), opening it, and
the resident memory a process gains by opening it (RSS after a name and a near miss, minus before).

    PYTHONPATH=src python bench/bench_covers.py [--runs 50]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial

ANCHOR = "59.437,24.7536"
QUERIES = ("Tallinn", "タリン", "Paris, Texas", "Honolulu", "Algeria", "Akrotiri")
PROBE = """
import time
import natoatlas
def rss():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * 4096 / 2**20
atlas = natoatlas.load()
atlas.treaty.covers("59.437,24.7536", on="2025-05-01")
before = rss()
start = time.perf_counter()
atlas.treaty.covers("Tallinn", on="2025-05-01")
try:
    atlas.treaty.covers("Talinn", on="2025-05-01")
except LookupError:
    pass
seconds = time.perf_counter() - start
print(seconds, rss() - before)
"""


def median_ms(call: Callable[[], object], runs: int) -> float:
    call()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def probe(env: dict[str, str]) -> tuple[float, float, float]:
    """A fresh process: (wall seconds, first-name seconds, MiB gained by opening the index)."""
    start = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", PROBE], env=env, check=True, capture_output=True, text=True)
    seconds, mib = (float(x) for x in out.stdout.split())
    return time.perf_counter() - start, seconds, mib


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()
    import natoatlas

    atlas = natoatlas.load()
    treaty = atlas.treaty
    anchor = median_ms(lambda: treaty.covers(ANCHOR, on="2025-05-01"), args.runs)
    print(f"anchor covers({ANCHOR!r}): {anchor:.2f} ms (1.00)")
    for name in QUERIES:
        ms = median_ms(partial(treaty.covers, name, on="2025-05-01"), args.runs)
        print(f"covers({name!r}): {ms:.2f} ms ({ms / anchor:.2f}× anchor)")

    def refused(name: str) -> None:
        try:
            treaty.covers(name, on="2025-05-01")
        except LookupError:
            return
        raise AssertionError(f"{name!r} was expected to be refused")

    for name in ("Paris", "Talinn"):
        ms = median_ms(partial(refused, name), args.runs)
        what = "namesakes" if name == "Paris" else "did you mean"
        print(f"covers({name!r}) -> {what}: {ms:.2f} ms ({ms / anchor:.2f}× anchor)")

    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "NATOATLAS_CACHE": cache}
        cold, first_cold, _ = probe(env)  # builds the Atlas cache and the gazetteer index
        warm, first_warm, mib = probe(env)
    print(f"fresh process, empty cache: {cold:.1f} s (first name {first_cold:.1f} s: the index is built)")
    print(
        f"fresh process, warm cache: {warm:.1f} s (first name {first_warm * 1000:.0f} ms; +{mib:.0f} MiB RSS)"
    )
    print(f"(machine: {os.cpu_count()} cores, shared with other work while measuring)")


if __name__ == "__main__":
    main()
