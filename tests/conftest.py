"""Shared fixtures: the packaged Atlas, a writable copy of the data, and a CLI runner."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

import natoatlas
from natoatlas.cli import main
from natoatlas.kb import datafile


@pytest.fixture(scope="session", autouse=True)
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Tests never read or write the user's own cache of checked data."""
    import os

    os.environ["NATOATLAS_CACHE"] = str(tmp_path_factory.mktemp("cache"))


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
