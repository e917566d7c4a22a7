"""Load benchmark of the server (issue 15, item 9): errors, p50/p99 under 32 connections, and
``/api/v1/sg`` while four PDF briefings render; the server's memory at each step.

Starts ``natoatlas serve`` on a free loopback port as its own process (this checkout's code),
then, with httpx's async client on 127.0.0.1 only:

1. 32 concurrent *cold* ``/api/v1/covers`` by coordinates (the first geometry load);
2. N mixed API requests (``--requests``, default 5,000) over 32 connections;
3. four concurrent PDF downloads, while 4 connections ask ``/api/v1/sg`` until they finish.

Every request has a timeout and the whole run a deadline, so it always ends. Prints only.
Targets (issue 15): 0 errors, p99 ≤ 50 ms, ``/api/v1/sg`` p99 ≤ 50 ms during the PDFs, memory
flat. Usage: ``python bench/bench_load.py [--requests N] [--connections C]``.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import httpx

HOST = "127.0.0.1"  # loopback only
TIMEOUT = httpx.Timeout(600.0)  # four PDFs render one after another on a busy machine
DEADLINE_S = 1800.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def mixed_paths(n: int, rng: random.Random) -> list[str]:
    """A mix of the API's read operations on random days (the same mix every run)."""

    def day() -> str:
        return f"{rng.randint(1950, 2026)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"

    makers: list[Callable[[], str]] = [
        lambda: f"/api/v1/members?on={day()}",
        lambda: f"/api/v1/sg?on={day()}",
        lambda: f"/api/v1/overview?on={day()}",
        lambda: f"/api/v1/countries/{rng.choice(['FIN', 'SWE', 'DEU', 'UKR', 'JPN', 'TUR'])}?on={day()}",
        lambda: f"/api/v1/partners?on={day()}",
        lambda: f"/api/v1/organisation?on={day()}",
        lambda: f"/api/v1/commands?on={day()}",
        lambda: f"/api/v1/forces?on={day()}",
        lambda: f"/api/v1/operations?on={day()}",
        lambda: f"/api/v1/concepts?on={day()}",
        lambda: f"/api/v1/summits?on={day()}",
        lambda: f"/api/v1/treaty?on={day()}&article={rng.randint(0, 14)}",
        lambda: f"/api/v1/covers?place={rng.uniform(35, 70):.3f},{rng.uniform(-20, 40):.3f}&on={day()}",
        lambda: f"/api/v1/covers?place={rng.choice(['Estonia', 'Canary Islands', 'Hawaii'])}&on={day()}",
        lambda: f"/api/v1/accession/{rng.choice(['FIN', 'SWE'])}?on={day()}",
        lambda: "/api/v1/diff?from=2019-01-01&to=2024-12-31",
        lambda: f"/api/v1/timeline/{rng.choice(['japan-nato', 'article-4', 'article-5'])}",
        lambda: "/api/v1/consultations",
        lambda: f"/api/v1/spending?year={rng.randint(2014, 2024)}&release=nato-defexp-2024-06",
        lambda: f"/api/v1/spending?year={rng.randint(2024, 2025)}",
        lambda: "/api/v1/spending/releases",
        lambda: f"/api/v1/spending/targets?on={day()}",
    ]
    return [rng.choice(makers)() for _ in range(n)]


async def run_all(
    client: httpx.AsyncClient, paths: list[str], connections: int
) -> tuple[list[float], list[str]]:
    """Send every path over ``connections`` workers; latencies of the answers, and the errors."""
    queue: asyncio.Queue[str] = asyncio.Queue()
    for path in paths:
        queue.put_nowait(path)
    latencies: list[float] = []
    errors: list[str] = []

    async def worker() -> None:
        while True:
            try:
                path = queue.get_nowait()
            except asyncio.QueueEmpty:
                return
            start = time.perf_counter()
            try:
                response = await client.get(path)
                if response.status_code != 200:
                    errors.append(f"{response.status_code} {path}")
            except httpx.HTTPError as err:
                errors.append(f"{type(err).__name__} {path}")
            latencies.append(time.perf_counter() - start)

    await asyncio.gather(*(worker() for _ in range(connections)))
    return latencies, errors


def summary(label: str, latencies: list[float], errors: list[str], elapsed: float) -> str:
    if len(latencies) < 2:
        return f"{label}: {len(latencies)} answers, {len(errors)} errors"
    q = statistics.quantiles(latencies, n=100)
    return (
        f"{label:34} {len(latencies):6} req  {len(latencies) / elapsed:7.1f} req/s  errors {len(errors)}  "
        f"p50 {q[49] * 1000:7.1f} ms  p99 {q[98] * 1000:8.1f} ms  max {max(latencies) * 1000:8.1f} ms"
    )


async def during_pdfs(client: httpx.AsyncClient, downloads: int, probes: int) -> None:
    """``downloads`` PDF briefings at once; meanwhile ``probes`` connections ask /api/v1/sg."""
    done = asyncio.Event()
    pdf_times: list[float] = []
    pdf_errors: list[str] = []
    sg: list[float] = []
    sg_errors: list[str] = []

    async def pdf(i: int) -> None:
        lang = "ja" if i % 2 else "en"
        start = time.perf_counter()
        try:
            response = await client.get(f"/briefing/download?format=pdf&lang={lang}&on=2025-0{i + 1}-01")
            if response.status_code != 200 or not response.content.startswith(b"%PDF"):
                pdf_errors.append(str(response.status_code))
        except httpx.HTTPError as err:
            pdf_errors.append(type(err).__name__)
        pdf_times.append(time.perf_counter() - start)

    async def probe() -> None:
        rng = random.Random(2001)
        while not done.is_set():
            start = time.perf_counter()
            try:
                response = await client.get(f"/api/v1/sg?on={rng.randint(1952, 2026)}-01-01")
                if response.status_code != 200:
                    sg_errors.append(str(response.status_code))
            except httpx.HTTPError as err:
                sg_errors.append(type(err).__name__)
            sg.append(time.perf_counter() - start)
            await asyncio.sleep(0.005)

    began = time.perf_counter()
    probing = [asyncio.create_task(probe()) for _ in range(probes)]
    await asyncio.gather(*(pdf(i) for i in range(downloads)))
    done.set()
    await asyncio.gather(*probing)
    elapsed = time.perf_counter() - began
    print(
        f"{downloads} PDF downloads at once: {elapsed:.1f} s in all, each {min(pdf_times):.1f}–"
        f"{max(pdf_times):.1f} s, errors {len(pdf_errors)}"
    )
    print(summary(f"/api/v1/sg during the PDFs ({probes} conn)", sg, sg_errors, elapsed))


async def main_async(args: argparse.Namespace, base: str, pid: int) -> None:
    limits = httpx.Limits(max_connections=args.connections, max_keepalive_connections=args.connections)
    async with httpx.AsyncClient(base_url=base, timeout=TIMEOUT, limits=limits) as client:
        print(f"server memory after start: {rss_mb(pid):.0f} MB")
        cold = [f"/api/v1/covers?place={59 + i / 100:.2f},24.75" for i in range(args.connections)]
        began = time.perf_counter()
        latencies, errors = await run_all(client, cold, args.connections)
        print(
            summary(
                f"{args.connections} cold /api/v1/covers at once",
                latencies,
                errors,
                time.perf_counter() - began,
            )
        )
        print(f"server memory after the cold covers: {rss_mb(pid):.0f} MB")

        paths = mixed_paths(args.requests, random.Random(1949))
        await run_all(client, paths[: min(500, len(paths))], args.connections)  # warm every route
        began = time.perf_counter()
        latencies, errors = await run_all(client, paths, args.connections)
        print(
            summary(
                f"mixed API, {args.connections} connections", latencies, errors, time.perf_counter() - began
            )
        )
        for error in sorted(set(errors))[:5]:
            print(f"  error: {error}")
        print(f"server memory after the mixed load: {rss_mb(pid):.0f} MB")

        await during_pdfs(client, downloads=4, probes=4)
        print(f"server memory after the PDFs: {rss_mb(pid):.0f} MB")
        latencies, errors = await run_all(client, paths[: min(2000, len(paths))], args.connections)
        print(
            summary("mixed API again, after the PDFs", latencies, errors, sum(latencies) / args.connections)
        )
        print(f"server memory at the end: {rss_mb(pid):.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=5000, help="mixed API requests (default 5,000)")
    parser.add_argument("--connections", type=int, default=32, help="concurrent connections (default 32)")
    args = parser.parse_args()
    if not 1 <= args.requests <= 200_000 or not 1 <= args.connections <= 256:
        parser.error("--requests must be 1..200000 and --connections 1..256")
    port = free_port()
    src = str(Path(__file__).resolve().parents[1] / "src")
    env = {**os.environ, "PYTHONPATH": src + os.pathsep + os.environ.get("PYTHONPATH", "")}
    server = subprocess.Popen(
        [sys.executable, "-m", "natoatlas", "serve", "--host", HOST, "--port", str(port)],
        stdout=subprocess.DEVNULL,
        env=env,
    )
    base = f"http://{HOST}:{port}"
    try:
        for _ in range(600):
            try:
                httpx.get(f"{base}/api/v1/members", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        asyncio.run(asyncio.wait_for(main_async(args, base, server.pid), DEADLINE_S))
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            print("the server did not stop within 30 s of SIGTERM: killed")
            server.kill()


if __name__ == "__main__":
    main()
