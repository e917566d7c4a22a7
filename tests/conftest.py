"""Shared fixtures: the packaged Atlas, a writable copy of the data, and a CLI runner."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

import natoatlas
from natoatlas.cli import main
from natoatlas.kb import datafile
from natoatlas.rules import gazetteer


@pytest.fixture(scope="session", autouse=True)
def _private_cache(tmp_path_factory: pytest.TempPathFactory, pytestconfig: pytest.Config) -> None:
    """Tests never read or write the user's own cache of checked data.

    The one thing put in the private cache is the gazetteer's index, which the session's start
    left in pytest's cache (``.pytest_cache``): it derives from GeoNames' package alone (its
    name says which version and format), and building it costs seconds of every run, in every
    xdist worker. It is linked, as the gazetteer opens it read-only."""
    folder = tmp_path_factory.mktemp("cache")
    os.environ["NATOATLAS_CACHE"] = str(folder)
    shared = _shared_gazetteer(pytestconfig)
    if shared is not None and shared.exists():
        try:
            os.link(shared, folder / shared.name)
        except OSError:
            shutil.copyfile(shared, folder / shared.name)


def _shared_gazetteer(config: pytest.Config) -> Path | None:
    """Where runs of this checkout keep the gazetteer's index (None without pytest's cache)."""
    cache = getattr(config, "cache", None)
    if cache is None:  # -p no:cacheprovider: each session builds its own, as before
        return None
    return Path(cache.mkdir("natoatlas")) / gazetteer.index_name()


def pytest_sessionstart(session: pytest.Session) -> None:
    """Build the shared gazetteer index once, before any worker starts (xdist's workers are not
    the controller: they have ``workerinput``), by the product's own code (a child process
    writing into the cache directory it is given)."""
    shared = _shared_gazetteer(session.config)
    if shared is None or shared.exists() or hasattr(session.config, "workerinput"):
        return
    before = os.environ.get("NATOATLAS_CACHE")
    os.environ["NATOATLAS_CACHE"] = str(shared.parent)
    try:
        assert gazetteer._path() == shared
    finally:
        if before is None:
            del os.environ["NATOATLAS_CACHE"]
        else:
            os.environ["NATOATLAS_CACHE"] = before


@pytest.fixture(scope="session")
def atlas() -> natoatlas.Atlas:
    return natoatlas.load()


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of the packaged data files, to break on purpose."""
    target = tmp_path / "data"
    shutil.copytree(datafile.default_dir(), target)
    return target


@dataclass
class Result:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Callable[..., Result]:
    """Run the CLI in-process and capture what it prints."""

    def runner(*args: str) -> Result:
        code = main(list(args))
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return runner
