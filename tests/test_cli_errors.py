"""Every user error ends in one line on stderr and exit status 2, never a traceback (issue 15, 5–6).

A table of bad values runs against every command: dates that are not ASCII ``YYYY-MM-DD``
(full-width, Arabic-Indic, a trailing newline, spaces), unknown countries, sections and
formats, numbers in other scripts, paths that cannot be written, ``--from`` after ``--to``.
Then every command runs over invalid data (a copy of the data with one broken reference, made
the default folder), which must print the problems as ``natoatlas check`` does, then one error
line, and exit 2.
"""

from __future__ import annotations

import functools
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from natoatlas.kb import datafile, loader, validate

BAD_DATES = [
    "２０２５-０１-０１",
    "٢٠٢٥-٠١-٠١",
    "2025-01-01\n",
    " 2025-01-01",
    "2025-01-01 ",
    "2025-02-30",
    "2025",
]
#: Commands that take --on, with the arguments they need besides it.
ON_COMMANDS = [
    ["overview"],
    ["members"],
    ["country", "FIN"],
    ["sg"],
    ["treaty"],
    ["enlargement"],
    ["partners"],
    ["organisation"],
    ["offices"],
    ["commands"],
    ["forces"],
    ["concepts"],
    ["summits"],
    ["operations"],
    ["spending"],
    ["spending", "targets"],
    ["covers", "Estonia"],
    ["accession", "SWE"],
]

# Paths that no command can write, as the system refuses them (not as this code guesses).
UNWRITABLE = ["/proc/natoatlas-x.{ext}", "{afile}/x.{ext}"]


def bad_usage(tmp: Path) -> list[list[str]]:
    """One bad value per row; each must be refused with exit 2 and one line."""
    afile = tmp / "afile"
    afile.write_text("not a folder\n", encoding="utf-8")
    rows: list[list[str]] = []
    for command in ON_COMMANDS:
        rows += [[*command, "--on", day] for day in BAD_DATES]
    rows += [
        ["members", "--lang", "fr"],
        ["country", "Fnland"],
        ["accession", "Atlantis"],
        ["covers", "Xqzvwpl"],
        ["covers", "９９,９９"],
        ["partners", "nope"],
        ["treaty", "15"],
        ["treaty", "５"],
        ["treaty", "article-x"],
        ["operations", "--status", "paused"],
        ["consultations", "--article", "6"],
        ["consultations", "--article", "４"],
        ["timeline", "mars"],
        ["timeline", "japan", "--from", "2025-01-01", "--to", "2020-01-01"],
        *[["timeline", "japan", "--from", day] for day in BAD_DATES],
        *[["timeline", "japan", "--to", day] for day in BAD_DATES],
        ["diff", "2020-01-01", "2010-01-01"],
        ["diff", "2020-01-01\n", "2021-01-01"],
        ["diff", "２０２０-０１-０１", "2021-01-01"],
        ["spending", "--year", "２０２４"],
        ["spending", "--year", "2024 "],
        ["spending", "--year", "20_24"],
        ["spending", "--year", "1800"],
        ["spending", "--target", "２"],
        ["spending", "--target", "nan"],
        ["spending", "--target", "1e1"],
        ["spending", "--target", "0"],
        ["spending", "--release", "nope"],
        ["spending", "--measure", "happiness"],
        ["spending", "--chart", str(tmp / "c.txt")],
        ["spending", "chart", "allies", str(tmp / "c.txt")],
        ["spending", "chart", "pie", str(tmp / "c.svg")],
        ["spending", "chart", "allies", str(tmp / "c.svg"), "--year", "２０２４"],
        ["spending", "import", str(tmp / "missing.xlsx"), "--release", "x"],
        ["sources", "--kind", "blog"],
        ["brief", "-o", str(tmp / "b.txt")],
        ["brief", "-o", str(tmp)],
        ["brief", "--sections", "foo", "-o", str(tmp / "b.md")],
        ["brief", "--sections", ",,,", "-o", str(tmp / "b.md")],
        ["brief", "--sections", "", "-o", str(tmp / "b.md")],
        ["brief", "--sections", "overview,,treaty", "-o", str(tmp / "b.md")],
        ["brief", "--on", "2020-01-01", "--since", "2021-01-01", "-o", str(tmp / "b.md")],
        ["brief", "--since", "２０２０-０１-０１", "-o", str(tmp / "b.md")],
        ["export", "--format", "xml", str(tmp / "out")],
        ["export", "--format", "csv", ".", "--force"],
        ["export", "--format", "csv", str(tmp / "d") + "/..", "--force"],
        ["export", "--format", "csv", str(afile)],
        ["export", "--format", "csv", str(afile / "x")],
        ["export", "--format", "json", "/proc/natoatlas-export"],
        ["serve", "--port", "0"],
        ["nosuchcommand"],
    ]
    for pattern in UNWRITABLE:
        rows += [
            ["brief", "--sections", "overview", "-o", pattern.format(ext="md", afile=afile)],
            ["spending", "--chart", pattern.format(ext="svg", afile=afile)],
            ["spending", "chart", "top5", pattern.format(ext="svg", afile=afile)],
        ]
    return rows


def one_error_line(err: str) -> bool:
    lines = err.splitlines()
    return len(lines) == 1 and lines[0].startswith("natoatlas: error: ")


@pytest.mark.slow
def test_every_bad_value_is_one_line_and_exit_2(run: Any, tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.chdir(tmp_path)
    rows = bad_usage(tmp_path)
    failures = []
    for args in rows:
        result = run(*args)
        if result.code != 2 or not one_error_line(result.err) or "Traceback" in result.out + result.err:
            failures.append((args, result.code, result.err[-300:]))
    assert not failures, f"{len(failures)} of {len(rows)} bad inputs not refused in one line: {failures}"
    # Nothing was written where a refused command was pointed.
    assert not (tmp_path / "b.md").exists()
    assert not (tmp_path / "c.svg").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["afile"]


def test_the_error_names_the_option_and_the_reason(run: Any, tmp_path: Path) -> None:
    afile = tmp_path / "afile"
    afile.write_text("x", encoding="utf-8")
    err = run("brief", "-o", str(afile / "x.md")).err
    assert "'-o'" in err and f"{afile} is a file, not a folder" in err
    err = run("timeline", "japan", "--from", "2025-01-01", "--to", "2020-01-01").err
    assert "--from 2025-01-01 is after --to 2020-01-01" in err
    assert "names no section" in run("brief", "--sections", ",,,", "-o", str(tmp_path / "b.md")).err
    assert "ASCII digits" in run("spending", "--year", "２０２４").err
    assert "cannot write /proc/natoatlas-x.md" in run("brief", "-o", "/proc/natoatlas-x.md").err


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into any folder: chmod cannot forbid it")
def test_an_unwritable_folder_is_one_line(run: Any, tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o555)
    try:
        for args in (
            ["brief", "--sections", "overview", "-o", str(locked / "b.md")],
            ["spending", "chart", "top5", str(locked / "c.svg")],
            ["export", "--format", "csv", str(locked / "out")],
        ):
            result = run(*args)
            assert result.code == 2 and one_error_line(result.err), (args, result.err)
            assert "not writable" in result.err
    finally:
        locked.chmod(0o755)


def test_good_values_next_to_the_bad_ones_still_work(run: Any, tmp_path: Path) -> None:
    """The strict checks refuse only what is wrong: the same commands with good values pass."""
    assert run("timeline", "japan", "--from", "2020-01-01", "--to", "2020-01-01", "--json").code == 0
    assert run("timeline", "japan", "--from", "2020-01-01", "--to", "2025-01-01").code == 0
    assert run("spending", "--year", "2024", "--target", "3.5", "--json").code == 0
    assert run("treaty", "5", "--json").json()["articles"][0]["number"] == 5
    result = run("brief", "--sections", " overview , treaty", "-o", str(tmp_path / "b.md"))
    assert result.code == 0 and "2 sections" in result.out
    assert run("spending", "chart", "allies", str(tmp_path / "new" / "c.svg")).code == 0
    assert (tmp_path / "new" / "c.svg").read_bytes().startswith(b"<svg")


@pytest.fixture
def invalid_default_data(data_copy: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The default data folder holds a membership of an unknown country (a broken reference)."""
    path = data_copy / "memberships.yaml"
    text = path.read_text(encoding="utf-8")
    assert "  country: BEL\n" in text
    path.write_text(text.replace("  country: BEL\n", "  country: ZZZ\n", 1), encoding="utf-8")
    monkeypatch.setattr(datafile, "default_dir", lambda: data_copy)
    loader._packaged.cache_clear()
    yield data_copy
    loader._packaged.cache_clear()


#: Every command that reads the data, with arguments that are fine when the data is.
DATA_COMMANDS: list[list[str]] = [
    *ON_COMMANDS,
    ["consultations"],
    ["timeline", "japan"],
    ["diff", "2020-01-01", "2021-01-01"],
    ["spending", "releases"],
    ["spending", "chart", "top5", "{tmp}/c.svg"],
    ["sources"],
    ["sources", "--check"],
    ["brief", "--sections", "overview", "-o", "{tmp}/b.md"],
    ["export", "--format", "csv", "{tmp}/out"],
    ["serve", "--port", "8"],
]


@pytest.mark.slow
def test_invalid_data_prints_the_problems_not_a_traceback(
    run: Callable[..., Any], invalid_default_data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import uvicorn

    def no_server(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("serve started a server over invalid data")

    monkeypatch.setattr(uvicorn, "run", no_server)
    # Validating takes about a second; every command gets the same real result, read once.
    monkeypatch.setattr(loader, "read_all", functools.cache(validate.read_all))
    expected = [str(p) for p in loader.check()]
    assert expected and any("ZZZ" in line for line in expected)
    out = tmp_path / "w"
    out.mkdir()
    for command in DATA_COMMANDS:
        args = [a.replace("{tmp}", str(out)) for a in command]
        result = run(*args)
        lines = result.err.splitlines()
        assert result.code == 2, (args, result.err[-300:])
        assert lines[:-1] == expected, args
        assert lines[-1].startswith("natoatlas: error: the data has ") and "problem" in lines[-1], args
        assert "Traceback" not in result.out + result.err
    assert list(out.iterdir()) == []
    # check still prints the same problems on stdout and exits 1: it is the gate, not an error.
    checked = run("check")
    assert checked.code == 1 and checked.out.splitlines() == expected


def test_a_real_process_prints_no_traceback(tmp_path: Path) -> None:
    """Outside pytest's capture too: the installed entry point, on bad paths and values."""
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[1] / "src")}
    for args in (
        ["brief", "--sections", "overview", "-o", "/proc/natoatlas-x.md"],
        ["spending", "--chart", str(tmp_path / "c.txt")],
        ["members", "--on", "2025-01-01\n"],
    ):
        done = subprocess.run(
            [sys.executable, "-m", "natoatlas", *args], capture_output=True, text=True, env=env, timeout=120
        )
        assert done.returncode == 2, (args, done.stderr)
        assert one_error_line(done.stderr), (args, done.stderr)
        assert "Traceback" not in done.stdout + done.stderr
