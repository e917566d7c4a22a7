"""Benchmark of the server: requests per second and p50/p99 latency under a bounded loopback load,
the CPU an overview for a date not seen before costs, and the server's memory (prints only).

Starts ``natoatlas serve`` on a free loopback port as its own process, then, in this one run:

- CPU per overview of a new date (the server's own CPU time from /proc, over requests sent one
  at a time) on a cold server: nearly every date in an interval between change points not yet
  seen, so the page is rendered and its map coloured;
- the server's resident memory after 1,000, 5,000 and 10,000 random-date page requests (target:
  at most 300 MB, and flat), which also brings the page cache to its steady state;
- requests per second of ``/api/v1/members?on=…`` and of ``/?on=…``, each over the same number
  of dates never asked before (the issue's target: the page at least half the API's rate), from
  a few client threads, the API warmed up by as many requests first;
- CPU per request of a new date once warm, for the overview and the API.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx

REQUESTS = 2000
THREADS = 4
MEMORY_REQUESTS = 10_000
MEMORY_MARKS = (1_000, 5_000, 10_000)
CPU_REQUESTS = 200


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def load(base: str, paths: list[str]) -> tuple[float, list[float]]:
    latencies: list[float] = []
    lock = threading.Lock()

    def worker(chunk: list[str]) -> None:
        with httpx.Client(base_url=base, timeout=60) as client:
            for path in chunk:
                start = time.perf_counter()
                client.get(path).raise_for_status()
                with lock:
                    latencies.append(time.perf_counter() - start)

    chunks = [paths[i::THREADS] for i in range(THREADS)]
    threads = [threading.Thread(target=worker, args=(c,)) for c in chunks]
    began = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.perf_counter() - began, latencies


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def cpu_s(pid: int) -> float:
    """The process's CPU time so far (user + system), from /proc/PID/stat."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def random_days(rng: random.Random, n: int, seen: set[str]) -> list[str]:
    """``n`` days from 1950 up to last year, none of them in ``seen`` (which they join)."""
    days: list[str] = []
    while len(days) < n:
        day = (
            f"{rng.randint(1950, dt.date.today().year - 1)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        )
        if day not in seen:
            seen.add(day)
            days.append(day)
    return days


def cpu_per_request(base: str, pid: int, paths: list[str]) -> float:
    """The server's CPU milliseconds per request, the requests sent one after another."""
    with httpx.Client(base_url=base, timeout=60) as client:
        before = cpu_s(pid)
        for path in paths:
            client.get(path).raise_for_status()
        return (cpu_s(pid) - before) * 1000 / len(paths)


def main() -> None:
    port = free_port()
    exe = shutil.which("natoatlas") or str(Path(sys.executable).with_name("natoatlas"))
    server = subprocess.Popen([exe, "serve", "--port", str(port)], stdout=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                httpx.get(f"{base}/api/v1/members", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        rng = random.Random(1949)
        seen: set[str] = set()
        httpx.get(f"{base}/?on=2000-06-15", timeout=60).raise_for_status()  # first use: templates, geometry
        cold = cpu_per_request(base, server.pid, [f"/?on={d}" for d in random_days(rng, CPU_REQUESTS, seen)])
        print(
            f"CPU per overview of a new date, cold server:   {cold:6.2f} ms  ({CPU_REQUESTS} dates, one at a time)"
        )
        sent = 0
        for mark in MEMORY_MARKS:  # also brings the page cache to its steady state
            days = [
                f"{rng.randint(1950, dt.date.today().year - 1)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
                for _ in range(mark - sent)
            ]
            load(base, [f"/?on={d}" for d in days])
            sent = mark
            print(
                f"server memory after {mark:6,} random-date page requests: {rss_mb(server.pid):5.0f} MB resident"
            )
        load(base, [f"/api/v1/members?on={d}" for d in random_days(rng, REQUESTS, seen)])  # the API's warm-up
        rates = {}
        for label, paths in (
            ("/api/v1/members?on=…", [f"/api/v1/members?on={d}" for d in random_days(rng, REQUESTS, seen)]),
            ("/?on=… (overview page)", [f"/?on={d}" for d in random_days(rng, REQUESTS, seen)]),
        ):
            elapsed, latencies = load(base, paths)
            q = statistics.quantiles(latencies, n=100)
            rates[label] = len(latencies) / elapsed
            print(
                f"{label:28} {rates[label]:7.1f} req/s   p50 {q[49] * 1000:6.1f} ms   "
                f"p99 {q[98] * 1000:7.1f} ms   ({len(latencies)} new random dates, {THREADS} clients)"
            )
        api, page = rates.values()
        print(f"page / API requests per second: {page / api:.2f} (target: at least 0.5)")
        for label, prefix in (("overview", "/?on="), ("API members", "/api/v1/members?on=")):
            warm = cpu_per_request(
                base, server.pid, [prefix + d for d in random_days(rng, CPU_REQUESTS, seen)]
            )
            print(
                f"CPU per {label} of a new date, warm server: {warm:6.2f} ms  ({CPU_REQUESTS} dates, one at a time)"
            )
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
