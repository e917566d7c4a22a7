"""The fast path of the query commands' ``--json`` (:mod:`natoatlas.cli.fast`): the same bytes,
exit status and errors as click's path, and click's path for whatever it does not answer."""

from __future__ import annotations

import importlib
import json
from typing import Any

import pytest

from natoatlas import cli
from natoatlas.cli import fast

click_cli = importlib.import_module("natoatlas.cli.main")

ANSWERED = [
    ["members", "--on", "2020-01-01", "--json"],
    ["members", "--json", "--on=1990-05-01"],
    ["members", "--on", "1940-01-01", "--json", "--lang", "ja"],
    ["sg", "--on", "1960-01-01", "--json", "--lang", "ja"],
    ["sg", "--json", "--on", "1952-01-01"],
    ["country", "FIN", "--json"],
    ["country", "フィンランド", "--json", "--on", "1990-01-01"],
    ["country", "--on", "2020-01-01", "DE", "--json"],
    ["overview", "--on", "2025-05-01", "--json"],
    ["spending", "--year", "2024", "--json"],
    ["spending", "--json"],
    ["spending", "--json", "--on", "2020-01-01", "--year=2015", "--lang", "ja"],
]

LEFT_TO_CLICK = [
    ["members", "--on", "2020-13-01", "--json"],  # a malformed day: click's error
    ["members", "--on", "--json"],
    ["members", "--json", "--json"],
    ["members", "--lang", "xx", "--json"],
    ["members", "--on", "2020-01-01"],  # a table, not JSON
    ["members", "--json", "extra"],
    ["members", "--help"],
    ["country", "XYZ", "--json"],  # an unknown country: click's path says so
    ["country", "--json"],
    ["sg", "--on", "2020-01-01", "--json", "--"],
    ["--data", "/nonexistent", "members", "--json"],
    ["timeline", "japan", "--json"],
    ["spending", "--year", "20x4", "--json"],
    ["spending", "--year", "1900", "--json"],
    ["spending", "--year", "2024", "--on", "1950-01-01", "--json"],  # before the first release
    ["spending", "--year", "1949", "--json"],  # a year the release has no figures for
    ["spending", "--target", "3.5", "--json"],
    ["spending", "--json", "import", "x.xlsx"],
    [],
]


def _click(capsys: pytest.CaptureFixture[str], argv: list[str]) -> tuple[int, str, str]:
    code = click_cli.main(argv)
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.mark.parametrize("argv", ANSWERED, ids=" ".join)
def test_the_fast_path_prints_what_click_prints(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    expected = _click(capsys, argv)
    assert fast.run(argv) == 0
    out = capsys.readouterr()
    assert (0, out.out, out.err) == expected
    assert json.loads(out.out)  # an answer, not an empty one
    assert cli.main(argv) == 0 and capsys.readouterr().out == expected[1]


@pytest.mark.parametrize("argv", LEFT_TO_CLICK, ids=" ".join)
def test_anything_else_is_left_to_click(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    expected = _click(capsys, argv)
    assert fast.run(argv) is None
    assert capsys.readouterr().out == ""  # nothing printed before giving up
    code = cli.main(argv)
    out = capsys.readouterr()
    assert (code, out.out, out.err) == expected


def test_an_invalid_language_in_the_environment_is_clicks_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("NATOATLAS_LANG", "fr")
    argv = ["members", "--on", "2020-01-01", "--json"]
    expected = _click(capsys, argv)
    assert fast.run(argv) is None
    assert expected[0] == 2 and "fr" in expected[2]


def test_the_data_folder_of_the_environment_is_clicks_to_open(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Any
) -> None:
    monkeypatch.setenv("NATOATLAS_DATA", str(tmp_path))
    assert fast.run(["members", "--on", "2020-01-01", "--json"]) is None
