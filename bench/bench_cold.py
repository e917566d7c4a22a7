"""Cold start of the CLI as whole processes, each as a ratio to a bare Python started the same way.

Run: ``PYTHONPATH=src python bench/bench_cold.py [--runs N]``. Every command is started N times,
the commands taking turns (bare Python, then each query, then bare Python again …), so that the
load of a shared machine falls on all of them alike; each figure is the median of its N runs,
printed with its ratio to the median of ``python -c pass`` measured in the same run. The data
cache is warmed first (a cold cache is a first run after installing or changing the data, not a
start), and so is Python's bytecode cache: ``PYTHONDONTWRITEBYTECODE`` is dropped from the
commands' environment, as an installed package has its modules compiled (pip compiles them), so
that the figures are not the cost of compiling every module at every start. Then
``-X importtime`` of the members command: the modules that cost the most.

Each query runs twice: as ``python -m natoatlas`` and as the installed ``natoatlas`` console
script (``[entry point]``, what users run; it is spared ``-m``'s runpy). With ``PYTHONPATH``
set to the measured source folder, the script runs that source, not the installed one.

The anchor is the interpreter that runs the Atlas (``sys.executable``, the project's virtualenv),
not a ``python3`` found on the PATH, which may be a shim that costs more than Python itself.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

PY = sys.executable
ROOT = Path(__file__).resolve().parent.parent

#: label → argv; the first is the anchor every other is divided by.
COMMANDS: dict[str, list[str]] = {
    "python -c pass": [PY, "-c", "pass"],
    "python -c 'import pydantic'": [PY, "-c", "import pydantic"],
    "python -c 'from pydantic import BaseModel'": [PY, "-c", "from pydantic import BaseModel"],
    "natoatlas members --on 2020-01-01 --json": [PY, "-m", "natoatlas", "members", "--on", "2020-01-01", "--json"],
    "natoatlas sg --on 2020-01-01 --json": [PY, "-m", "natoatlas", "sg", "--on", "2020-01-01", "--json"],
    "natoatlas country FIN --json": [PY, "-m", "natoatlas", "country", "FIN", "--json"],
    "natoatlas spending --year 2024 --json": [PY, "-m", "natoatlas", "spending", "--year", "2024", "--json"],
}  # fmt: skip

#: The ``natoatlas`` console script beside the interpreter (what users run: it starts the CLI
#: without ``-m``'s runpy), the same commands, where the environment has it installed.
ENTRY = Path(PY).parent / "natoatlas"
if ENTRY.exists():
    for _label, _argv in list(COMMANDS.items()):
        if _label.startswith("natoatlas"):
            COMMANDS[f"{_label}  [entry point]"] = [str(ENTRY), *_argv[3:]]


#: The source folder the commands run from; ``--before DIR`` adds the same commands run from
#: another checkout (say, the commit before a change), measured in the same alternating run.
SOURCES: dict[str, Path] = {"": ROOT / "src"}


def _env(src: Path | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONDONTWRITEBYTECODE")}
    env["PYTHONPATH"] = str(src or ROOT / "src")
    return env


def _plan() -> dict[str, tuple[list[str], dict[str, str]]]:
    plan = {}
    for tag, src in SOURCES.items():
        for label, argv in COMMANDS.items():
            if tag and not label.startswith("natoatlas"):
                continue
            plan[f"{label}{tag}"] = (argv, _env(src))
    return plan


def _run(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def measure(runs: int) -> dict[str, float]:
    """The median wall time of each command, the commands taking turns run after run."""
    plan = _plan()
    for argv, env in plan.values():  # warm the data cache and the OS's file cache
        _run(argv, env)
    times: dict[str, list[float]] = {label: [] for label in plan}
    for _ in range(runs):
        for label, (argv, env) in plan.items():
            times[label].append(_run(argv, env))
    return {label: statistics.median(values) for label, values in times.items()}


def importtime(argv: list[str], top: int) -> list[tuple[int, int, str]]:
    """The modules with the most cumulative import time (µs) in one run of ``argv``."""
    result = subprocess.run(
        [argv[0], "-X", "importtime", *argv[1:]], env=_env(), capture_output=True, text=True, check=True
    )
    rows = []
    for line in result.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        own, total, name = line.removeprefix("import time:").split("|")
        rows.append((int(total), int(own), name.rstrip()))
    return sorted(rows, reverse=True)[:top]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="runs of each command (default 15)")
    parser.add_argument("--top", type=int, default=20, help="modules shown from -X importtime")
    parser.add_argument("--before", type=Path, help="also run the commands from this src folder")
    args = parser.parse_args()
    if args.before:
        SOURCES["  [before]"] = args.before.resolve()
    medians = measure(args.runs)
    anchor = medians["python -c pass"]
    print(f"cold start, median of {args.runs} alternating runs ({os.cpu_count()} cores, shared)")
    for label, value in medians.items():
        print(f"  {value * 1000:7.1f} ms  {value / anchor:5.2f}× bare  {label}")
    members = COMMANDS["natoatlas members --on 2020-01-01 --json"]
    print("\n-X importtime of the members command (cumulative µs, self µs, module):")
    for total, own, name in importtime(members, args.top):
        print(f"  {total:8d} {own:8d}  {name}")


if __name__ == "__main__":
    main()
