"""``brief`` as the process (:data:`natoatlas.cli.BATCH`): no collector, ``os._exit`` at the end,
and still the file, the printed line and the exit status a run through :func:`natoatlas.cli.main`
in this process gives."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from natoatlas import cli

SRC = str(Path(cli.__file__).parents[2])


@pytest.mark.parametrize(
    ("args", "command"),
    [
        (["brief", "-o", "x.md"], "brief"),
        (["--data", "brief", "members"], "members"),  # the folder's name is not the command
        (["--data=/tmp/d", "brief", "-o", "x.md"], "brief"),
        (["--version"], None),
        (["members", "brief"], "members"),
        ([], None),
    ],
)
def test_the_command_of_a_command_line(args: list[str], command: str | None) -> None:
    assert cli._command(args) == command


def _process(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [SRC, os.environ.get("PYTHONPATH")])))
    env.pop("PYTHONUNBUFFERED", None)  # a pipe's output is buffered, as a user's is
    return subprocess.run(
        [sys.executable, "-m", "natoatlas", *args], env=env, cwd=cwd, capture_output=True, text=True
    )


def test_a_briefing_process_writes_and_prints_what_an_in_process_run_does(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["brief", "--on", "2019-12-31", "--lang", "en", "--sections", "treaty,japan", "-o"]
    assert cli.main([*args, str(tmp_path / "here.md")]) == 0
    here = capsys.readouterr().out
    done = _process([*args, "there.md"], tmp_path)
    assert done.returncode == 0, done.stderr
    # Flushed before the process ends itself: the line reaches a pipe.
    assert done.stdout == here.replace(str(tmp_path / "here.md"), "there.md")
    assert (tmp_path / "there.md").read_bytes() == (tmp_path / "here.md").read_bytes()


def test_a_briefing_process_that_fails_says_why_with_status_2(tmp_path: Path) -> None:
    done = _process(["brief", "--sections", "nowhere", "-o", "x.md"], tmp_path)
    assert done.returncode == 2
    assert done.stderr.startswith(
        "natoatlas: error: Invalid value for '--sections': unknown section 'nowhere'"
    )
    assert not (tmp_path / "x.md").exists()
