"""The command line: tables, stable JSON, one-line errors with exit status 2, documented help."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import click
import pytest

from natoatlas.cli import cli

README = Path(__file__).resolve().parents[1] / "README.md"


def test_members_json_1999(run: Any) -> None:
    before = run("members", "--on", "1999-03-11", "--json").json()
    after = run("members", "--on", "1999-03-12", "--json").json()
    assert before["count"] == len(before["members"]) == 16
    assert after["count"] == 19
    new = {m["code"] for m in after["members"]} - {m["code"] for m in before["members"]}
    assert new == {"CZE", "HUN", "POL"}
    czech = next(m for m in after["members"] if m["code"] == "CZE")
    assert czech["name"] == {"en": "Czech Republic", "ja": "チェコ"}
    assert czech["joined"] == "1999-03-12"
    assert czech["founder"] is False
    assert after["note"] is None
    assert {s["id"] for s in after["sources"]} >= set(czech["sources"])


def test_members_json_keeps_japanese_unescaped(run: Any) -> None:
    result = run("members", "--on", "2025-05-01", "--json")
    assert "北マケドニア" in result.out
    assert "\\u" not in result.out


def test_members_before_the_treaty(run: Any) -> None:
    data = run("members", "--on", "1949-04-03", "--json").json()
    assert data["count"] == 0
    assert "1949-04-04" in data["note"]
    table = run("members", "--on", "1900-01-01")
    assert table.code == 0
    assert "no members before 1949-04-04" in table.out


def test_members_table(run: Any) -> None:
    result = run("members", "--on", "2020-03-27", "--lang", "ja")
    assert result.code == 0
    assert "30か国" in result.out
    assert "北マケドニア" in result.out
    assert "2020年3月27日" in result.out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["members", "--on", "2025-13-01"], "'2025-13-01' is not a calendar date"),
        (["members", "--on", "yesterday-ish"], "'yesterday-ish' is not a date of the form"),
        (["sg", "--on", "2020-02"], "'2020-02' is not a full date"),
        (["country", "Atlantis"], "unknown country 'Atlantis'"),
        (["country", "Fnland"], "did you mean 'Finland'"),
        (["members", "--lang", "fr"], "'fr' is not one of 'ja', 'en'"),
        (["members", "--bogus"], "No such option '--bogus'"),
        (["nosuchcommand"], "No such command 'nosuchcommand'"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(run: Any, args: list[str], message: str) -> None:
    result = run(*args)
    assert result.code == 2
    assert result.out == ""
    lines = result.err.strip().splitlines()
    assert len(lines) == 1, result.err
    assert lines[0].startswith("natoatlas: error: ")
    assert message in lines[0]


def test_country_json(run: Any) -> None:
    data = run("country", "フィンランド", "--on", "2023-04-03", "--json").json()
    assert data["code"] == "FIN"
    assert data["alpha2"] == "FI"
    assert data["wikidata"] == "Q33"
    assert data["member"] is False
    assert data["memberships"][0]["from"] == "2023-04-04"
    france = run("country", "fr", "--json").json()
    assert [(w["from"], w["to"]) for w in france["outside_integrated_command"]] == [("1966-07", "2009-04-04")]


def test_country_table_shows_name_history(run: Any) -> None:
    result = run("country", "MKD")
    assert "the former Yugoslav Republic of Macedonia" in result.out
    assert "Ally since 27 March 2020" in result.out


def test_sg(run: Any) -> None:
    result = run("sg", "--on", "2015-01-01")
    assert result.out.splitlines()[0] == "Jens Stoltenberg: 1 October 2014 – 1 October 2024"
    data = run("sg", "--on", "1994-09-01", "--json").json()
    assert data["secretary_general"]["name"]["en"] == "Sergio Balanzino"
    assert data["secretary_general"]["acting"] is True
    assert run("sg", "--on", "1950-01-01", "--json").json()["secretary_general"] is None
    assert "No Secretary General on 1950-01-01" in run("sg", "--on", "1950-01-01").out


def test_overview_in_both_languages(run: Any) -> None:
    result = run("overview", "--on", "2025-05-01")
    assert result.code == 0
    assert "32か国" in result.out
    assert "マルク・ルッテ 2024年10月1日から現職、元オランダ首相" in result.out
    assert "ブリュッセル(ベルギー)" in result.out
    assert "Newest Ally" in result.out and "Sweden (7 March 2024)" in result.out
    assert "Sources / 出典:" in result.out


def test_overview_of_1990(run: Any) -> None:
    result = run("overview", "--on", "1990-01-01", "--lang", "en")
    assert "Allies             16" in result.out
    assert "Manfred Wörner" in result.out
    assert "Spain (30 May 1982)" in result.out
    assert "加盟国" not in result.out


def test_check_passes_on_packaged_data(run: Any) -> None:
    result = run("check")
    assert result.code == 0
    assert result.out.strip() == "data OK"


COMMANDS = sorted(cli.commands)


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_help(run: Any, name: str) -> None:
    result = run(name, "--help")
    assert result.code == 0
    assert f"Usage: natoatlas {name}" in result.out
    command = cli.commands[name]
    assert command.help and command.help.strip()
    for param in command.params:
        if isinstance(param, click.Option):
            assert param.help, f"{name} {param.opts} has no help"


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_is_documented_in_the_readme(name: str) -> None:
    assert re.search(rf"`natoatlas {name}\b", README.read_text(encoding="utf-8")), name


def test_top_level_help(run: Any) -> None:
    result = run("--help")
    assert result.code == 0
    for name in COMMANDS:
        assert name in result.out


def test_python_dash_m_and_console_script() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "natoatlas", "members", "--on", "1999-03-11", "--json"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert '"count": 16' in result.stdout
    bad = subprocess.run(
        [sys.executable, "-m", "natoatlas", "members", "--on", "2025-13-01"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert bad.returncode == 2
    assert "Traceback" not in bad.stderr
    assert len(bad.stderr.strip().splitlines()) == 1


def test_treaty_command(run: Any) -> None:
    five = run("treaty", "5", "--lang", "ja")
    assert five.code == 0
    assert "第5条 (集団防衛)" in five.out
    assert "外務省資料の要約: 欧州又は北米における" in five.out
    assert "※ 本プロジェクトによる訳" in five.out
    data = run("treaty", "6", "--on", "1951-01-01", "--json").json()
    assert [a["id"] for a in data["articles"]] == ["article-6-1949"]
    assert run("treaty", "preamble", "--json").json()["articles"][0]["number"] == 0
    bad = run("treaty", "15")
    assert bad.code == 2 and "14 articles" in bad.err


def test_partners_command(run: Any) -> None:
    data = run("partners", "pfp", "--on", "2025-05-01", "--json").json()
    (pfp,) = data["frameworks"]
    assert len(pfp["partners"]) == 18
    russia = next(p for p in pfp["partners"] if p["code"] == "RUS")
    assert russia["status"]["kind"] == "practical-cooperation-suspended"
    table = run("partners", "ici", "--on", "2025-05-01", "--lang", "ja")
    assert "参加に関心: オマーン, サウジアラビア" in table.out
    assert run("partners", "nosuch").code == 2


def test_forces_command(run: Any) -> None:
    data = run("forces", "--on", "2023-01-01", "--json").json()
    slovakia = next(p for p in data["forces"] if p["id"] == "bg-slovakia")
    assert slovakia["lead_on"]["code"] == "CZE"
    assert slovakia["lead_on"]["name"]["ja"] == "チェコ"
    assert {"lat", "lon", "coords_of", "sources"} <= set(slovakia)


def test_commands_command(run: Any) -> None:
    data = run("commands", "--on", "2025-05-01", "--json").json()
    ids = {p["id"] for p in data["commands"]}
    assert {
        "shape",
        "jfc-brunssum",
        "jfc-naples",
        "jfc-norfolk",
        "jsec",
        "landcom",
        "marcom",
        "aircom",
    } <= ids
    assert "shape" not in {
        p["id"] for p in run("commands", "--on", "1960-01-01", "--json").json()["commands"]
    }


def test_operations_command(run: Any) -> None:
    data = run("operations", "--on", "2025-05-01", "--status", "ongoing", "--json").json()
    assert all(o["ongoing"] for o in data["operations"])
    assert "kfor" in {o["id"] for o in data["operations"]}
    assert run("operations", "--status", "paused").code == 2


def test_concepts_summits_organisation_enlargement(run: Any) -> None:
    assert run("concepts", "--on", "2019-12-31", "--json").json()["current"] == "sc-2010"
    summits = run("summits", "--on", "2019-12-31", "--json").json()["summits"]
    assert summits[-1]["from"].startswith("2019-12")
    bodies = run("organisation", "--json").json()["bodies"]
    assert {"nac", "military-committee"} <= {b["id"] for b in bodies}
    rounds = run("enlargement", "--on", "2023-04-04", "--json").json()["rounds"]
    finland = rounds[-1]["countries"][0]
    assert finland["code"] == "FIN"
    assert "application" in {s["step"] for s in finland["steps"]}


def test_timeline_command(run: Any) -> None:
    data = run("timeline", "japan", "--from", "2022-01-01", "--to", "2022-12-31", "--json").json()
    assert data["topic"] == "japan-nato"
    assert all(e["date"].startswith("2022") for e in data["events"])
    assert run("timeline", "article-5", "--json").json()["events"][0]["date"] == "2001-09-12"
    bad = run("timeline", "japan", "--from", "2022-02-30")
    assert bad.code == 2 and "not a calendar date" in bad.err
