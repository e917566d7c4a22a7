"""A light install works: the wheel built from this tree, installed with only its core
dependencies into a fresh virtualenv, answers a query and checks its packaged data."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]


@pytest.mark.skipif(
    os.environ.get("NATOATLAS_SKIP_INSTALL_TEST") == "1", reason="NATOATLAS_SKIP_INSTALL_TEST=1"
)
@pytest.mark.slow
def test_core_wheel_in_a_fresh_venv(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "-q",
            "-w",
            str(dist),
            str(ROOT),
        ],
        check=True,
    )
    (wheel,) = dist.glob("natoatlas-*.whl")
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    lock = ROOT / "requirements.lock"
    subprocess.run([str(python), "-m", "pip", "install", "-q", str(wheel), "-c", str(lock)], check=True)
    installed = subprocess.run(
        [str(python), "-m", "pip", "list", "--format=json"], check=True, capture_output=True, text=True
    )
    names = {p["name"].lower() for p in json.loads(installed.stdout)}
    # Only the core: no web framework, no rendering, no dataframes.
    assert not names & {
        "fastapi",
        "pandas",
        "altair",
        "weasyprint",
        "python-pptx",
        "shapely",
        "mcp",
        "uvicorn",
    }
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"} | {
        "NATOATLAS_CACHE": str(tmp_path / "cache")
    }
    run = [str(env_dir / "bin" / "natoatlas")]
    members = subprocess.run(
        [*run, "members", "--on", "1999-03-12", "--json"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
    )
    assert members.returncode == 0, members.stderr
    assert len(json.loads(members.stdout)["members"]) == 19
    check = subprocess.run([*run, "check"], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert check.returncode == 0 and "data OK" in check.stdout, check.stderr
