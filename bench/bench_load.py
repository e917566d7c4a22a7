"""Load benchmark of the server (issue 15, item 9): errors, p50/p99 under 32 connections, per
endpoint and mixed, and ``/api/v1/sg`` while four PDF briefings render; the server's memory.

Starts ``natoatlas serve`` on a free loopback port as its own process (this checkout's code, or
``--src DIR``'s, to compare two checkouts turn by turn on a shared machine), then:

1. 32 concurrent *cold* ``/api/v1/covers`` by coordinates (the first geometry load), with httpx;
2. N mixed API requests (``--requests``, default 20,000) over 32 connections, driven by ``wrk``
   (one thread, a Lua script walking the same seeded list of paths every run; it stops after N);
   every path of the list is asked once before with httpx, which checks that each answers 200;
3. each endpoint of the mix alone for ``--seconds`` (default 2) at 32 connections: its p99;
4. ``wrk`` asks ``/api/v1/sg`` on 4 connections (each waiting 5 ms between requests) in runs of
   2 s: five runs alone, then runs while four PDF downloads render, until they finish (each
   line gives the median run's p99, the worst run's, and how many runs kept p99 <= 50 ms);
5. the mix again: the server's memory before and after shows whether it is flat.

wrk measures from the client's side (it is C: it costs the server's cores far less than a
Python client). Every run is bounded in time. Prints only. Targets (issue 15): 0 errors,
p99 <= 50 ms, ``/api/v1/sg`` p99 <= 50 ms during the PDFs, memory flat. Usage:
``python bench/bench_load.py [--requests N] [--connections C] [--seconds S] [--src DIR]``.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

import httpx

HOST = "127.0.0.1"  # loopback only
TIMEOUT = httpx.Timeout(600.0)  # four PDFs render one after another on a busy machine
DEADLINE_S = 1800.0
ROOT = Path(__file__).resolve().parents[1]

#: wrk's request list: one thread walks it in order (wrap-around); after ``limit`` answers it
#: stops and writes a file, and this script ends wrk with SIGINT, on which wrk prints its figures
#: for the time it ran (a stopped thread alone would leave wrk waiting for its ``-d``).
LUA = """
local paths = {%s}
local limit = %d
local pause = %d
local i = 0
local answered = 0
request = function()
  i = i + 1
  if i > #paths then i = 1 end
  return wrk.format("GET", paths[i])
end
if pause > 0 then
  delay = function() return pause end
end
response = function(status, headers, body)
  answered = answered + 1
  if limit > 0 and answered == limit then
    local done = io.open("%s", "w")
    done:write("done")
    done:close()
    wrk.thread:stop()
  end
end
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def cpu_s(pid: int) -> float:
    """The CPU time the process (all its threads) has used, user and system, in seconds."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def mix_run(
    base: str, pid: int, label: str, paths: list[str], connections: int, folder: Path
) -> dict[str, float]:
    """The mix once through wrk; printed with the server's CPU per answer, which the other jobs
    of a shared machine do not change as they change latencies."""
    used = cpu_s(pid)
    found = wrk(base, paths, connections, folder, limit=len(paths))
    per = (cpu_s(pid) - used) / max(found["requests"], 1) * 1e6
    print(line(label, found) + f"  server CPU {per:.0f} us/answer")
    return found


def mixed_paths(n: int, rng: random.Random) -> list[tuple[str, str]]:
    """A mix of the API's read operations on random days (the same mix every run), each as
    (the endpoint's name, the path)."""

    def day() -> str:
        return f"{rng.randint(1950, 2026)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"

    makers: list[tuple[str, Callable[[], str]]] = [
        ("members", lambda: f"/api/v1/members?on={day()}"),
        ("sg", lambda: f"/api/v1/sg?on={day()}"),
        ("overview", lambda: f"/api/v1/overview?on={day()}"),
        (
            "countries/CODE",
            lambda: f"/api/v1/countries/{rng.choice(['FIN', 'SWE', 'DEU', 'UKR', 'JPN', 'TUR'])}?on={day()}",
        ),
        ("partners", lambda: f"/api/v1/partners?on={day()}"),
        ("organisation", lambda: f"/api/v1/organisation?on={day()}"),
        ("commands", lambda: f"/api/v1/commands?on={day()}"),
        ("forces", lambda: f"/api/v1/forces?on={day()}"),
        ("operations", lambda: f"/api/v1/operations?on={day()}"),
        ("concepts", lambda: f"/api/v1/concepts?on={day()}"),
        ("summits", lambda: f"/api/v1/summits?on={day()}"),
        ("treaty", lambda: f"/api/v1/treaty?on={day()}&article={rng.randint(0, 14)}"),
        (
            "covers lat,lon",
            lambda: f"/api/v1/covers?place={rng.uniform(35, 70):.3f},{rng.uniform(-20, 40):.3f}&on={day()}",
        ),
        (
            "covers name",
            lambda: f"/api/v1/covers?place={rng.choice(['Estonia', 'Canary Islands', 'Hawaii'])}&on={day()}",
        ),
        ("accession/CODE", lambda: f"/api/v1/accession/{rng.choice(['FIN', 'SWE'])}?on={day()}"),
        ("diff", lambda: "/api/v1/diff?from=2019-01-01&to=2024-12-31"),
        (
            "timeline/TOPIC",
            lambda: f"/api/v1/timeline/{rng.choice(['japan-nato', 'article-4', 'article-5'])}",
        ),
        ("consultations", lambda: "/api/v1/consultations"),
        (
            "spending (release)",
            lambda: f"/api/v1/spending?year={rng.randint(2014, 2024)}&release=nato-defexp-2024-06",
        ),
        ("spending", lambda: f"/api/v1/spending?year={rng.randint(2024, 2025)}"),
        ("spending/releases", lambda: "/api/v1/spending/releases"),
        ("spending/targets", lambda: f"/api/v1/spending/targets?on={day()}"),
    ]
    chosen = []
    for _ in range(n):
        name, make = rng.choice(makers)
        chosen.append((name, make()))
    return chosen


_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3}


def _ms(text: str) -> float:
    found = re.fullmatch(r"([0-9.]+)(us|ms|s|m)", text)
    if found is None:
        raise SystemExit(f"wrk printed a latency this script cannot read: {text}")
    number, unit = found.groups()
    return float(number) * (60e3 if unit == "m" else _UNITS[unit])


def wrk(
    base: str,
    paths: list[str],
    connections: int,
    folder: Path,
    limit: int = 0,
    seconds: float = 0,
    pause: int = 0,
) -> dict[str, float]:
    """One bounded wrk run over ``paths`` (after ``limit`` answers, or for ``seconds``; each
    connection waiting ``pause`` ms between requests): answers, answers/s, p50, p99 and max in
    ms, and the errors (non-2xx, socket)."""
    script, done = folder / "paths.lua", folder / "done"
    done.unlink(missing_ok=True)
    # The request line as httpx sends it (a space in 'Canary Islands' percent-encoded).
    quoted = ", ".join('"' + quote(path, safe="/?&=,:;.-_~") + '"' for path in paths)
    script.write_text(LUA % (quoted, limit, pause, done), encoding="utf-8")
    bound = seconds or DEADLINE_S / 3
    command = ["wrk", "-t1", f"-c{connections}", f"-d{bound:g}s", "--timeout", "60s", "--latency"]
    command += ["-s", str(script), base]  # a slow answer is timed (60 s), not counted as lost (2 s)
    began = time.perf_counter()
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as run:
        while limit and run.poll() is None and not done.exists() and time.perf_counter() - began < bound:
            time.sleep(0.02)
        if run.poll() is None and limit:
            run.send_signal(signal.SIGINT)
        out, err = run.communicate(timeout=60)
    elapsed = time.perf_counter() - began
    if run.returncode != 0:
        raise SystemExit(f"wrk failed ({run.returncode}): {err}")
    count = re.search(r"^\s+(\d+) requests in ([0-9.]+(?:us|ms|s|m)),", out, re.M)
    p50 = re.search(r"^\s+50%\s+(\S+)", out, re.M)
    p99 = re.search(r"^\s+99%\s+(\S+)", out, re.M)
    top = re.search(r"^\s+Latency\s+\S+\s+\S+\s+(\S+)", out, re.M)
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    sockets = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    if not (count and p50 and p99 and top):
        raise SystemExit(f"could not read wrk's output:\n{out}")
    answers = int(count.group(1))
    return {
        "requests": answers,
        "rps": answers / (_ms(count.group(2)) / 1000 or elapsed),
        "p50": _ms(p50.group(1)),
        "p99": _ms(p99.group(1)),
        "max": _ms(top.group(1)),
        "errors": (int(bad.group(1)) if bad else 0) + (sum(map(int, sockets.groups())) if sockets else 0),
    }


def line(label: str, r: dict[str, float]) -> str:
    return (
        f"{label:34} {r['requests']:7.0f} req {r['rps']:7.0f} req/s  errors {r['errors']:3.0f}  "
        f"p50 {r['p50']:6.1f} ms  p99 {r['p99']:6.1f} ms  max {r['max']:7.1f} ms"
    )


async def check_all(client: httpx.AsyncClient, paths: list[str], connections: int) -> list[str]:
    """Ask every distinct path once (the warm-up), over ``connections``; the paths not 200."""
    queue: asyncio.Queue[str] = asyncio.Queue()
    for path in dict.fromkeys(paths):
        queue.put_nowait(path)
    errors: list[str] = []

    async def worker() -> None:
        while not queue.empty():
            path = queue.get_nowait()
            try:
                response = await client.get(path)
                if response.status_code != 200:
                    errors.append(f"{response.status_code} {path}")
            except httpx.HTTPError as err:
                errors.append(f"{type(err).__name__} {path}")

    await asyncio.gather(*(worker() for _ in range(connections)))
    return errors


async def cold_covers(client: httpx.AsyncClient, connections: int) -> None:
    async def one(i: int) -> tuple[float, int]:
        start = time.perf_counter()
        response = await client.get(f"/api/v1/covers?place={59 + i / 100:.2f},24.75")
        return time.perf_counter() - start, response.status_code

    began = time.perf_counter()
    done = await asyncio.gather(*(one(i) for i in range(connections)))
    bad = sum(status != 200 for _, status in done)
    print(
        f"{connections} cold /api/v1/covers at once: all answered in {time.perf_counter() - began:.2f} s,"
        f" the slowest {max(t for t, _ in done) * 1000:.0f} ms, errors {bad}"
    )


def during_pdfs(base: str, folder: Path, downloads: int, probes: int) -> None:
    """``downloads`` PDF briefings at once; meanwhile wrk asks /api/v1/sg on ``probes`` connections."""
    pdf_times: list[float] = []
    pdf_errors: list[str] = []

    def pdf(i: int) -> None:
        lang = "ja" if i % 2 else "en"
        start = time.perf_counter()
        query = f"format=pdf&lang={lang}&on=2025-0{i + 1}-01"
        try:
            response = httpx.get(f"{base}/briefing/download?{query}", timeout=TIMEOUT)
            # A file not ready at once answers 202, a page that looks again (as a browser does,
            # by its refresh) until it is ready, then hands the file over.
            while response.status_code == 202 and time.perf_counter() - start < TIMEOUT.read:  # type: ignore[operator]
                time.sleep(0.5)
                if httpx.get(f"{base}/briefing/status?{query}", timeout=TIMEOUT).status_code == 200:
                    response = httpx.get(f"{base}/briefing/download?{query}", timeout=TIMEOUT)
            if response.status_code != 200 or not response.content.startswith(b"%PDF"):
                pdf_errors.append(str(response.status_code))
        except httpx.HTTPError as err:
            pdf_errors.append(type(err).__name__)
        pdf_times.append(time.perf_counter() - start)

    rng = random.Random(2001)
    sg = [f"/api/v1/sg?on={rng.randint(1952, 2026)}-{rng.randint(1, 12):02d}-01" for _ in range(500)]
    # The same probe first without the PDFs: on a shared machine its worst runs show the load
    # of the other jobs, which the server's code cannot help.
    alone = [wrk(base, sg, probes, folder, seconds=2, pause=PAUSE_MS) for _ in range(5)]
    began = time.perf_counter()
    threads = [threading.Thread(target=pdf, args=(i,)) for i in range(downloads)]
    for thread in threads:
        thread.start()
    runs = []
    while any(thread.is_alive() for thread in threads) and time.perf_counter() - began < DEADLINE_S / 3:
        runs.append(wrk(base, sg, probes, folder, seconds=2, pause=PAUSE_MS))
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    print(
        f"{downloads} PDF downloads at once: {elapsed:.1f} s in all, each {min(pdf_times):.1f}–"
        f"{max(pdf_times):.1f} s, errors {len(pdf_errors)}"
    )
    for label, found in (
        (f"/api/v1/sg alone ({probes} conn)", alone),
        (f"/api/v1/sg during the PDFs ({probes} conn)", runs),
    ):
        if found:
            print(line(label, merged(found)) + _spread(found))


#: Each probe connection waits this long between requests (about 200 requests/s each), as a
#: page's scripts would: a probe at full speed would take a core from the PDF worker.
PAUSE_MS = 5


def merged(runs: list[dict[str, float]]) -> dict[str, float]:
    """Runs in one line: their answers, mean rate, median p50, *median* p99 and worst max."""
    return {
        "requests": sum(r["requests"] for r in runs),
        "rps": statistics.mean(r["rps"] for r in runs),
        "p50": statistics.median(r["p50"] for r in runs),
        "p99": statistics.median(r["p99"] for r in runs),
        "max": max(r["max"] for r in runs),
        "errors": sum(r["errors"] for r in runs),
    }


def _spread(runs: list[dict[str, float]]) -> str:
    p99s = sorted(r["p99"] for r in runs)
    within = sum(p <= 50 for p in p99s)
    return f"  ({len(runs)} runs of 2 s: p99 median, worst {p99s[-1]:.1f} ms; {within}/{len(runs)} runs <= 50 ms)"


def main_run(args: argparse.Namespace, base: str, pid: int, folder: Path) -> None:
    limits = httpx.Limits(max_connections=args.connections, max_keepalive_connections=args.connections)

    async def ask(paths: list[str], cold: bool = False) -> list[str]:
        async with httpx.AsyncClient(base_url=base, timeout=TIMEOUT, limits=limits) as client:
            if cold:
                await cold_covers(client, args.connections)
            return await check_all(client, paths, args.connections)

    print(f"server memory after start: {rss_mb(pid):.0f} MB")
    mixed = mixed_paths(args.requests, random.Random(1949))
    paths = [p for _, p in mixed]
    errors = asyncio.run(ask(paths[:500], cold=True))  # warms every route, not every interval
    print(f"server memory after the cold covers and 500 paths of the mix: {rss_mb(pid):.0f} MB")
    mix = mix_run(base, pid, f"mixed API, {args.connections} connections", paths, args.connections, folder)
    if mix["errors"] or errors:
        errors += asyncio.run(ask(paths))
        print(f"every distinct path of the mix asked once (httpx): {len(set(errors))} not 200")
        for error in sorted(set(errors))[:5]:
            print(f"  error: {error}")
    print(f"server memory after the mixed load: {rss_mb(pid):.0f} MB")

    print(f"each endpoint alone, {args.connections} connections, {args.seconds:g} s:")
    for name in dict.fromkeys(name for name, _ in mixed):
        own = [p for n, p in mixed if n == name]
        print(line(f"  {name}", wrk(base, own, args.connections, folder, seconds=args.seconds)))

    during_pdfs(base, folder, downloads=4, probes=4)
    print(f"server memory after the PDFs: {rss_mb(pid):.0f} MB")
    before = rss_mb(pid)
    mix_run(base, pid, "mixed API again (its intervals warm)", paths, args.connections, folder)
    print(f"server memory at the end: {rss_mb(pid):.0f} MB (before this last mix: {before:.0f} MB)")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--requests", type=int, default=20_000, help="mixed API requests (default 20,000)")
    parser.add_argument("--connections", type=int, default=32, help="concurrent connections (default 32)")
    parser.add_argument("--seconds", type=float, default=2.0, help="seconds per endpoint alone (default 2)")
    parser.add_argument(
        "--src", type=Path, default=ROOT / "src", help="the code to serve (default: this checkout's)"
    )
    args = parser.parse_args()
    if not 1 <= args.requests <= 200_000 or not 1 <= args.connections <= 256 or not 0.5 <= args.seconds <= 60:
        parser.error("--requests must be 1..200000, --connections 1..256 and --seconds 0.5..60")
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed (apt-get install -y wrk)")
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(args.src.resolve())}
    server = subprocess.Popen(
        [sys.executable, "-m", "natoatlas", "serve", "--host", HOST, "--port", str(port)],
        stdout=subprocess.DEVNULL,
        env=env,
    )
    base = f"http://{HOST}:{port}"
    print(
        f"serving {args.src} (2 cores shared with other jobs: wrk, the PDF worker and the server share them)"
    )
    try:
        for _ in range(600):
            try:
                httpx.get(f"{base}/api/v1/members", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        with tempfile.TemporaryDirectory(prefix="bench-load-") as tmp:
            main_run(args, base, server.pid, Path(tmp))
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            print("the server did not stop within 30 s of SIGTERM: killed")
            server.kill()


if __name__ == "__main__":
    main()
