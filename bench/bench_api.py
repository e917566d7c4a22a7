"""Benchmark of the JSON API near its limit: ``/api/v1/members?on=…`` against a bare Starlette app
serving the same bytes and against Datasette over the project's own SQLite export (prints only).

Starts, in one run and each as its own process on a free loopback port:

- ``natoatlas serve`` (and ``natoatlas serve --workers 2`` when the command has the option);
- a bare Starlette app (this file, ``--bare``) answering each date of the pool with the bytes
  ``natoatlas serve`` gave for it, pre-computed: the limit of the server stack (uvicorn) itself;
- Datasette over ``natoatlas export --format sqlite``, with a canned query for the members on a
  date (``--metadata``).

Each is loaded by ``wrk`` (one thread, a Lua script drawing a random date of a fixed pool of
1,000 for each request) for a short warm-up, then for a fixed time at 10 and at 50 connections;
the script prints requests/s, p50 and p99, and the ratios natoatlas / Datasette and natoatlas /
bare measured in this same run. Loopback only; every run is bounded in time (``DURATION``).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
POOL = 1000
DURATION = 3  # seconds per measured run
ROUNDS = 3  # the servers take turns, round after round: each figure is the median of its rounds
WARMUP = 2
CONNECTIONS = (10, 50)

MEMBERS_SQL = """
select m.country as code, c.alpha2, n.en as name_en, n.ja as name_ja, m.from_date as joined,
       m.founder, c.wikidata, m.sources
from memberships m
join countries c on c.id = m.country
left join countries_names n on n.country_id = m.country
  and (n.from_date is null or n.from_date <= :on) and (n.to_date is null or :on < n.to_date)
where m.from_date <= :on and (m.to_date is null or :on < m.to_date)
order by m.from_date, m.country
"""

LUA = """
local days = {%s}
local prefix = "%s"
local counter = 1
function setup(thread)
  thread:set("seed", counter)
  counter = counter + 1
end
function init(args)
  math.randomseed(seed * 7919)
end
function request()
  return wrk.format("GET", prefix .. days[math.random(#days)] .. "%s")
end
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def bare(port: int, pool: Path) -> None:
    """The limit: a Starlette app returning pre-computed bytes for each date, under uvicorn."""
    import uvicorn
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import Response
    from starlette.routing import Route

    answers = {day: body.encode() for day, body in json.loads(pool.read_text(encoding="utf-8")).items()}

    async def members(request: Request) -> Response:
        return Response(answers[request.query_params["on"]], media_type="application/json")

    app = Starlette(routes=[Route("/api/v1/members", members)])
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning")


def wait_for(url: str, process: subprocess.Popen[bytes], seconds: float = 60) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if process.poll() is not None:
            raise SystemExit(f"server for {url} exited with {process.returncode}")
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"{url} did not answer within {seconds} s")


_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3}


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([0-9.]+)(us|ms|s)", text).groups()  # type: ignore[union-attr]
    return float(number) * _UNITS[unit]


def wrk(url: str, script: Path, connections: int, seconds: int) -> dict[str, float]:
    """One bounded wrk run: requests/s, p50 and p99 in ms, and the count of non-2xx answers."""
    out = subprocess.run(
        ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", "-s", str(script), url],
        capture_output=True,
        text=True,
        check=True,
        timeout=seconds + 30,
    ).stdout
    found = re.search(r"Requests/sec:\s+([0-9.]+)", out)
    p50 = re.search(r"^\s+50%\s+(\S+)", out, re.M)
    p99 = re.search(r"^\s+99%\s+(\S+)", out, re.M)
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    errors = re.search(r"Socket errors:.*", out)
    if not (found and p50 and p99):
        raise SystemExit(f"could not read wrk's output:\n{out}")
    return {
        "rps": float(found.group(1)),
        "p50": _ms(p50.group(1)),
        "p99": _ms(p99.group(1)),
        "bad": float(bad.group(1)) if bad else 0.0,
        "socket_errors": 1.0 if errors else 0.0,
    }


def lua(folder: Path, name: str, days: list[str], prefix: str, suffix: str = "") -> Path:
    script = folder / f"{name}.lua"
    script.write_text(LUA % (", ".join(f'"{d}"' for d in days), prefix, suffix), encoding="utf-8")
    return script


def main() -> None:
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed (apt-get install -y wrk)")
    rng = random.Random(1949)
    days = sorted(
        {f"{rng.randint(1950, 2026)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}" for _ in range(POOL)}
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    cli = [sys.executable, "-m", "natoatlas"]
    processes: list[subprocess.Popen[bytes]] = []
    with tempfile.TemporaryDirectory(prefix="bench-api-") as tmp:
        folder = Path(tmp)
        try:
            servers: dict[str, tuple[str, Path]] = {}

            def start(name: str, command: list[str], probe: str) -> subprocess.Popen[bytes]:
                process = subprocess.Popen(
                    command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
                )
                processes.append(process)
                wait_for(probe, process)
                return process

            port = free_port()
            start(
                "natoatlas", [*cli, "serve", "--port", str(port)], f"http://127.0.0.1:{port}/api/v1/members"
            )
            base = f"http://127.0.0.1:{port}"
            servers["natoatlas serve"] = (base, lua(folder, "natoatlas", days, "/api/v1/members?on="))
            with httpx.Client(base_url=base, timeout=30) as client:
                pool = {d: client.get("/api/v1/members", params={"on": d}).text for d in days}
            (folder / "pool.json").write_text(json.dumps(pool, ensure_ascii=False), encoding="utf-8")

            help_text = subprocess.run(
                [*cli, "serve", "--help"], env=env, capture_output=True, text=True
            ).stdout
            if "--workers" in help_text:
                port = free_port()
                command = [*cli, "serve", "--port", str(port), "--workers", "2"]
                start("workers", command, f"http://127.0.0.1:{port}/api/v1/members")
                servers["natoatlas serve --workers 2"] = (
                    f"http://127.0.0.1:{port}",
                    servers["natoatlas serve"][1],
                )

            port = free_port()
            command = [sys.executable, __file__, "--bare", str(port), str(folder / "pool.json")]
            start("bare", command, f"http://127.0.0.1:{port}/api/v1/members?on={days[0]}")
            servers["bare Starlette"] = (f"http://127.0.0.1:{port}", servers["natoatlas serve"][1])

            subprocess.run(
                [*cli, "export", "--format", "sqlite", str(folder / "db")],
                env=env,
                check=True,
                stdout=subprocess.DEVNULL,
            )
            metadata = {"databases": {"nato": {"queries": {"members_on": {"sql": MEMBERS_SQL}}}}}
            (folder / "metadata.json").write_text(json.dumps(metadata), encoding="utf-8")
            port = free_port()
            datasette = shutil.which("datasette") or str(Path(sys.executable).with_name("datasette"))
            command = [datasette, "serve", str(folder / "db" / "nato.db"), "--port", str(port)]
            command += ["--metadata", str(folder / "metadata.json")]
            start(
                "datasette",
                command,
                f"http://127.0.0.1:{port}/nato/members_on.json?on=2020-01-01&_shape=array",
            )
            servers["Datasette"] = (
                f"http://127.0.0.1:{port}",
                lua(folder, "datasette", days, "/nato/members_on.json?on=", "&_shape=array"),
            )
            check = httpx.get(f"{servers['Datasette'][0]}/nato/members_on.json?on=2020-01-01&_shape=array")
            assert len(check.json()) == 29, "Datasette's canned query should find 29 Allies on 2020-01-01"

            for url, script in servers.values():
                wrk(url, script, 10, WARMUP)
            # Turn by turn, so that a burst of load from other jobs falls on every server alike.
            runs: dict[tuple[str, int], list[dict[str, float]]] = {}
            for _ in range(ROUNDS):
                for connections in CONNECTIONS:
                    for name, (url, script) in servers.items():
                        runs.setdefault((name, connections), []).append(
                            wrk(url, script, connections, DURATION)
                        )
            results = {
                key: {k: statistics.median(r[k] for r in found) for k in found[0]}
                for key, found in runs.items()
            }
        finally:
            for process in processes:
                process.terminate()
            for process in processes:
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()

    print(
        f"members on a random date of {len(days)} (wrk -t1; median of {ROUNDS} rounds of {DURATION} s,"
        f" servers in turn, after {WARMUP} s warm-up;"
    )
    print("2 cores shared with other jobs: wrk and the servers share them)")
    print(f"{'server':30} {'conns':>5} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'non-2xx':>8}")
    for (name, connections), r in sorted(
        results.items(), key=lambda item: (list(servers).index(item[0][0]), item[0][1])
    ):
        print(f"{name:30} {connections:5d} {r['rps']:9.0f} {r['p50']:8.2f} {r['p99']:8.2f} {r['bad']:8.0f}")
    print()
    for connections in CONNECTIONS:
        ours = results["natoatlas serve", connections]
        print(
            f"{connections:2d} connections: natoatlas / Datasette {ours['rps'] / results['Datasette', connections]['rps']:5.2f}x"
            f" (target >= 4)   natoatlas / bare {ours['rps'] / results['bare Starlette', connections]['rps']:6.1%}"
            f" (target >= 40 %)   p99 {ours['p99']:.2f} ms"
            + (" (target <= 10 ms)" if connections == 10 else "")
        )
        if ("natoatlas serve --workers 2", connections) in results:
            two = results["natoatlas serve --workers 2", connections]
            print(
                f"                --workers 2 / one process {two['rps'] / ours['rps']:5.2f}x  p99 {two['p99']:.2f} ms"
            )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--bare", nargs=2, metavar=("PORT", "POOL"), help="run the bare app (internal)")
    arguments = parser.parse_args()
    if arguments.bare:
        bare(int(arguments.bare[0]), Path(arguments.bare[1]))
    else:
        main()
