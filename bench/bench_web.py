"""Benchmark of the server: requests per second and p50/p99 latency under a bounded loopback load,
and the server's memory after it (prints only).

Starts ``natoatlas serve`` on a free loopback port as its own process, sends a fixed number of
requests from a few client threads to ``/api/v1/members?on=…`` and to the overview page, then
reads the server's resident memory from /proc.
"""

from __future__ import annotations

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

REQUESTS = 400
THREADS = 4


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
        days = [
            f"{rng.randint(1950, 2026)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            for _ in range(REQUESTS)
        ]
        for label, paths in (
            ("/api/v1/members?on=…", [f"/api/v1/members?on={d}" for d in days]),
            ("overview page (4 dates)", [f"/?on={d}" for d in rng.choices(days[:4], k=REQUESTS // 4)]),
        ):
            elapsed, latencies = load(base, paths)
            q = statistics.quantiles(latencies, n=100)
            print(
                f"{label:28} {len(latencies) / elapsed:7.1f} req/s   p50 {q[49] * 1000:6.1f} ms   "
                f"p99 {q[98] * 1000:7.1f} ms   ({len(latencies)} requests, {THREADS} clients)"
            )
        print(f"server memory after the load: {rss_mb(server.pid):.0f} MB resident")
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
