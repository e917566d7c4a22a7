"""``brief`` as the process (:data:`natoatlas.cli.BATCH`): no collector, ``os._exit`` at the end,
and still the file, the printed line and the exit status a run through :func:`natoatlas.cli.main`
in this process gives."""

from __future__ import annotations

import importlib
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


ANSWERED = [
    ["brief", "--on", "2019-12-31", "--lang", "en", "--sections", "treaty,japan", "-o", "b.md"],
    ["brief", "-o", "b.html", "--on=1960-01-01", "--sections=overview", "--lang=ja"],
    [
        "brief",
        "--sections",
        " enlargement , partners",
        "--since",
        "2019-01-01",
        "--on",
        "2020-01-01",
        "--output",
        "b.md",
    ],
    [
        "brief",
        "--on",
        "2025-05-01",
        "--sections",
        "organisation",
        "--issuer",
        "外務省欧州局政策課",
        "-o",
        "sub/b.md",
    ],
]

LEFT_TO_CLICK = [
    ["brief", "--on", "2019-13-01", "-o", "b.md"],  # a malformed day: click's error
    ["brief", "--lang", "xx", "-o", "b.md"],
    ["brief", "-o", "b.txt"],
    ["brief", "--on", "2019-12-31"],  # no output
    ["brief", "--sections", "treaty,,japan", "-o", "b.md"],
    ["brief", "--sections", "nowhere", "-o", "b.md"],
    ["brief", "--since", "2021-01-01", "--on", "2020-01-01", "-o", "b.md"],
    ["brief", "-o", "b.md", "-o", "c.md"],
    ["brief", "-o", "b.md", "--help"],
    ["brief", "-ob.md"],
    ["brief", "--issuer", "-o", "b.md"],
    ["brief", "-o", "."],  # a folder
    ["--data", "/nonexistent", "brief", "-o", "b.md"],
    ["members", "--json"],
]


@pytest.mark.parametrize("argv", ANSWERED)
def test_the_quick_path_writes_and_prints_what_click_does(
    argv: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from natoatlas.cli import quick

    click_main = importlib.import_module("natoatlas.cli.main").main
    monkeypatch.chdir(tmp_path)
    name = argv[argv.index("-o") + 1] if "-o" in argv else next(a for a in argv if a.startswith("b."))
    name = argv[argv.index("--output") + 1] if "--output" in argv else name
    assert click_main(argv) == 0
    by_click = capsys.readouterr().out, (tmp_path / name).read_bytes()
    (tmp_path / name).unlink()
    assert quick.brief(argv) == 0
    assert (capsys.readouterr().out, (tmp_path / name).read_bytes()) == by_click


@pytest.mark.parametrize("argv", LEFT_TO_CLICK)
def test_anything_else_is_left_to_click(
    argv: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from natoatlas.cli import quick

    monkeypatch.chdir(tmp_path)
    assert quick.brief(argv) is None
    assert list(tmp_path.iterdir()) == []


def test_the_data_folder_of_the_environment_is_left_to_click(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from natoatlas.cli import quick

    monkeypatch.setenv("NATOATLAS_DATA", str(tmp_path))
    assert quick.brief(["brief", "-o", str(tmp_path / "b.md")]) is None
