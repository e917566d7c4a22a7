"""Benchmark of the briefing: each format written by a whole process, as a user runs it (prints only).

Each run is a fresh ``python -m natoatlas brief --on DAY --lang LANG -o FILE``: import, load the
Atlas, build the briefing, write the file. The first run of each format warms the caches (the
Atlas cache and the figure cache in ``natoatlas.kb.loader.cache_dir()``); the figures reported are
the best of the following runs: wall time, the process's peak resident memory and the file's size.
The targets are issue 13's: PPTX ≤ 1.5 s, PDF ≤ 3 s, Markdown and HTML ≤ 0.5 s, peak ≤ 300 MiB,
HTML ≤ 1 MB. ``--cold`` empties a private cache folder before every run instead.

    PYTHONPATH=src python bench/bench_briefing.py [--runs 3] [--lang ja] [--day 2025-05-01] [--cold]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DAY = "2025-05-01"
FORMATS = ("md", "html", "pdf", "pptx")
TARGETS = {"md": 0.5, "html": 0.5, "pdf": 3.0, "pptx": 1.5}
PEAK_MIB = 300
HTML_MB = 1.0


def run_once(day: str, lang: str, path: Path, env: dict[str, str]) -> tuple[float, float]:
    """One whole process writing the briefing: (seconds, peak resident MiB)."""
    command = [sys.executable, "-m", "natoatlas", "brief", "--on", day, "--lang", lang, "-o", str(path)]
    start = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        error = process.stderr.read().decode() if process.stderr else ""
        raise SystemExit(f"{' '.join(command)} failed ({process.returncode}):\n{error}")
    if process.stderr:
        process.stderr.close()
    peak = usage.ru_maxrss / 1024  # Linux: KiB
    return seconds, peak


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--day", default=DAY)
    parser.add_argument("--lang", default="ja")
    parser.add_argument("--runs", type=int, default=3, help="measured runs per format (after one warm-up)")
    parser.add_argument("--cold", action="store_true", help="empty a private cache before each run")
    parser.add_argument("--formats", default=",".join(FORMATS))
    args = parser.parse_args()
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        filter(None, [str(Path(__file__).parents[1] / "src"), env.get("PYTHONPATH")])
    )
    failed = False
    with tempfile.TemporaryDirectory() as folder:
        cache = Path(folder) / "cache"
        if args.cold:
            env["NATOATLAS_CACHE"] = str(cache)
        print(f"{args.day} {args.lang}, {'cold' if args.cold else 'warm'} cache, best of {args.runs} runs")
        for fmt in args.formats.split(","):
            path = Path(folder) / f"brief.{fmt}"
            if not args.cold:
                run_once(args.day, args.lang, path, env)  # warm-up
            results = []
            for _ in range(args.runs):
                if args.cold:
                    shutil.rmtree(cache, ignore_errors=True)
                results.append(run_once(args.day, args.lang, path, env))
            seconds = min(r[0] for r in results)
            peak = max(r[1] for r in results)
            size = path.stat().st_size / 1e6
            ok = seconds <= TARGETS[fmt] and peak <= PEAK_MIB and (fmt != "html" or size <= HTML_MB)
            failed |= not ok
            print(
                f"{fmt:5} {seconds:6.2f} s (target {TARGETS[fmt]:.1f})   peak {peak:5.0f} MiB   "
                f"{size:6.2f} MB   {'ok' if ok else 'OVER'}"
            )
    return 1 if failed and not args.cold else 0


if __name__ == "__main__":
    sys.exit(main())
