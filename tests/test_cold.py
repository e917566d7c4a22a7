"""Cold start: the signed cache gives back the checked records without validating or building a
schema, a query decodes only the data files it reads, and ``--data``/``$NATOATLAS_DATA`` point
every command at another folder."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import natoatlas
from natoatlas.kb import datafile, loader
from natoatlas.kb.validate import read_all

SRC = Path(__file__).resolve().parent.parent / "src"


def _edit(folder: Path, name: str, change: Callable[[list[dict[str, Any]]], None]) -> None:
    records = datafile.read(folder / name)
    change(records)
    (folder / name).write_text(datafile.dump(records), encoding="utf-8")


def _rename_finland(records: list[dict[str, Any]]) -> None:
    finland = next(r for r in records if r["id"] == "FIN")
    finland["names"][-1]["en"] = "Suomi-Finland"


@pytest.mark.slow
def test_the_cache_gives_back_every_checked_record_as_it_was(
    data_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NATOATLAS_CACHE", str(tmp_path / "cache"))
    natoatlas.load(data_copy)  # checks, then writes the cache
    checked, found = read_all(data_copy)
    assert found == []
    cached = loader._read_cache(loader._key(data_copy))
    assert cached is not None
    assert list(cached) == list(checked)
    count = 0
    for name, records in checked.items():
        assert len(cached[name]) == len(records), name
        for fresh, again in zip(records, cached[name], strict=True):
            assert type(again) is type(fresh)
            assert again == fresh
            assert again.dump() == fresh.dump()
            count += 1
    assert count > 3000


@pytest.mark.slow
def test_a_changed_index_is_not_served(
    data_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("NATOATLAS_CACHE", str(tmp_path / "cache"))
    natoatlas.load(data_copy)
    (cached,) = (tmp_path / "cache").glob("data-*.json")
    head, _, body = cached.read_bytes().partition(b"\n")
    meta = json.loads(head)
    # Point the countries at the memberships' span: well-formed JSON, but not what was signed.
    meta["index"]["countries.yaml"] = meta["index"]["memberships.yaml"]
    cached.write_bytes(json.dumps(meta).encode() + b"\n" + body)
    capsys.readouterr()
    atlas = natoatlas.load(data_copy)
    assert "its signature does not match" in capsys.readouterr().err
    assert atlas.country("FIN").current_name.en == "Finland"


def _fresh_python(code: str, cache: Path, *args: str) -> Any:
    env = {**os.environ, "PYTHONPATH": str(SRC), "NATOATLAS_CACHE": str(cache)}
    env.pop("NATOATLAS_DATA", None)
    done = subprocess.run(
        [sys.executable, "-c", code, *args], env=env, capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout.splitlines()[-1])


PROBE = """
import contextlib, io, json, sys
from natoatlas.cli import main
with contextlib.redirect_stdout(io.StringIO()) as out:
    code = main(sys.argv[1:])
answer = json.loads(out.getvalue())
from natoatlas.kb.loader import _CachedRecords
import gc
decoded = sorted({n for r in gc.get_objects() if isinstance(r, _CachedRecords)
                  for n in (*r._done, *r._keyed, *(f"{name}:{value}" for name, value in r._grouped))})
print(json.dumps({
    "code": code,
    "count": answer.get("count") if isinstance(answer, dict) else len(answer),
    "pydantic": sorted(m for m in sys.modules if m.split(".")[0] in ("pydantic", "pydantic_core")),
    "decoded": decoded,
    "modules": sorted(m for m in sys.modules if m.split(".")[0] in ("yaml", "rich", "pandas", "jinja2", "fastapi", "click")
                      or m in ("natoatlas.kb.validate", "natoatlas.render.briefing", "natoatlas.render.export", "natoatlas.kb.datafile")),
}))
"""


def test_a_query_from_the_cache_builds_no_schema_and_reads_only_its_files(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    args = ("members", "--on", "2020-01-01", "--json")
    first = _fresh_python(PROBE, cache, *args)  # no cache yet: checks (and builds schemas)
    assert first["code"] == 0 and first["count"] == 29
    assert "natoatlas.kb.validate" in first["modules"]
    warm = _fresh_python(PROBE, cache, *args)
    assert warm == {
        "code": 0,
        "count": 29,
        "pydantic": [],
        "decoded": ["countries.yaml", "memberships.yaml", "reviews.yaml", "sources.yaml"],
        "modules": [],
    }
    spending = _fresh_python(PROBE, cache, "spending", "--year", "2024", "--json")
    assert spending["code"] == 0 and spending["count"] >= 30 and spending["pydantic"] == []
    assert "events.yaml" not in spending["decoded"]
    # Only the figures of the release it shows: not the whole file, not the other releases.
    figures = [n for n in spending["decoded"] if n.startswith("spending.csv")]
    assert len(figures) == 1 and figures[0].startswith("spending.csv:nato-")


def test_data_option_and_environment_point_commands_at_another_folder(
    data_copy: Path, monkeypatch: pytest.MonkeyPatch, run: Callable[..., Any]
) -> None:
    _edit(data_copy, "countries.yaml", _rename_finland)
    assert run("country", "FIN", "--json").json()["name"]["en"] == "Finland"
    assert run("--data", str(data_copy), "country", "FIN", "--json").json()["name"]["en"] == "Suomi-Finland"
    members = run("--data", str(data_copy), "members", "--on", "2024-01-01", "--json").json()
    assert "Suomi-Finland" in json.dumps(members)
    monkeypatch.setenv("NATOATLAS_DATA", str(data_copy))
    assert run("country", "FIN", "--json").json()["name"]["en"] == "Suomi-Finland"
    # The option wins over the environment.
    assert (
        run("--data", str(datafile.default_dir()), "country", "FIN", "--json").json()["name"]["en"]
        == "Finland"
    )


@pytest.mark.slow
def test_check_takes_another_folder(data_copy: Path, run: Callable[..., Any]) -> None:
    _edit(
        data_copy,
        "headquarters.yaml",
        lambda rs: next(r for r in rs if r["id"] == "london").update(country="FIX"),
    )
    result = run("--data", str(data_copy), "check")
    assert result.code == 1
    assert "headquarters.yaml: london: [unknown-reference] country 'FIX'" in result.out
    assert run("check").code == 0
    broken = run("--data", str(data_copy), "members", "--json")
    assert broken.code == 2 and "the data has 1 problem(s)" in broken.err


def test_a_missing_data_folder_is_one_line_and_exit_2(tmp_path: Path, run: Callable[..., Any]) -> None:
    result = run("--data", str(tmp_path / "nowhere"), "members")
    assert result.code == 2
    assert result.err.startswith("natoatlas: error: ") and "--data" in result.err
    assert result.err.count("\n") == 1


def test_every_command_is_found_though_modules_load_on_demand(run: Callable[..., Any]) -> None:
    from natoatlas.cli import cli

    names = set(cli.commands)
    assert {"members", "sg", "treaty", "spending", "serve", "export", "mcp", "sources", "brief"} <= names
    listed = run("--help").out
    assert all(f"  {name} " in listed for name in names)
    assert run("nosuchcommand").code == 2


def test_a_query_decodes_only_the_sources_it_cites(tmp_path: Path) -> None:
    probe = """
import contextlib, io, json, sys
from natoatlas.cli import main
with contextlib.redirect_stdout(io.StringIO()) as out:
    main(sys.argv[1:])
answer = json.loads(out.getvalue())
from natoatlas.kb.loader import _CachedRecords
import gc
(cache,) = [r for r in gc.get_objects() if isinstance(r, _CachedRecords)]
keyed = cache._keyed["sources.yaml"]
print(json.dumps({"cited": sorted(s["id"] for s in answer["sources"]), "built": sorted(keyed._built),
                  "all": len(keyed), "whole": "sources.yaml" in cache._done}))
"""
    args = ("members", "--on", "2020-01-01", "--json")
    _fresh_python(PROBE, tmp_path / "cache", *args)  # checks the data and writes the cache
    found = _fresh_python(probe, tmp_path / "cache", *args)
    assert found["cited"] and set(found["cited"]) <= set(found["built"])
    assert len(found["built"]) < found["all"] / 4 and not found["whole"]


def test_sources_by_key_are_the_records_of_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NATOATLAS_CACHE", str(tmp_path / "cache"))
    checked, _ = read_all(datafile.default_dir())
    loader._write_cache(loader._key(datafile.default_dir()), checked)
    cached = loader._read_cache(loader._key(datafile.default_dir()))
    assert cached is not None
    keyed = cached.keyed("sources.yaml")  # type: ignore[attr-defined]
    assert keyed is not None and list(keyed) == [s.id for s in checked["sources.yaml"]]
    first = checked["sources.yaml"][0]
    assert keyed[first.id] == first and "no-such-source" not in keyed
    assert [keyed[s.id] for s in checked["sources.yaml"]] == list(checked["sources.yaml"])
    assert list(cached["sources.yaml"]) == list(checked["sources.yaml"])


def test_a_release_s_figures_from_the_cache_are_those_of_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NATOATLAS_CACHE", str(tmp_path / "cache"))
    checked, _ = read_all(datafile.default_dir())
    loader._write_cache(loader._key(datafile.default_dir()), checked)
    cached = loader._read_cache(loader._key(datafile.default_dir()))
    assert cached is not None
    releases = {f.release for f in checked["spending.csv"]}
    assert len(releases) > 5
    for release in sorted(releases):
        expected = tuple(f for f in checked["spending.csv"] if f.release == release)
        assert cached.grouped("spending.csv", release) == expected  # type: ignore[attr-defined]
    assert cached.grouped("spending.csv", "no-such-release") == ()  # type: ignore[attr-defined]
    assert cached.grouped("countries.yaml", "FIN") is None  # type: ignore[attr-defined]
    assert "spending.csv" not in cached._done  # type: ignore[attr-defined]
    # The file read whole holds the same figures.
    whole = cached["spending.csv"]
    assert all(f in whole for f in cached.grouped("spending.csv", "nato-defexp-2024-06"))  # type: ignore[attr-defined]


def test_the_data_key_is_kept_for_the_files_sizes_and_times(
    data_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NATOATLAS_CACHE", str(tmp_path / "cache"))
    content = loader._content_key(os.fspath(data_copy))
    assert loader._key(data_copy) == content
    (stamp,) = (tmp_path / "cache").glob("stamp-*")
    assert loader._key(data_copy) == content  # from the stamp
    stamp.write_text("0" * 64 + " forged", encoding="utf-8")
    assert loader._key(data_copy) == content  # a stamp that does not verify is not trusted
    assert stamp.read_text(encoding="utf-8").startswith(content)
    # An edited file is a new key; just edited, it leaves no stamp (its time may not tell the next edit).
    _edit(data_copy, "countries.yaml", _rename_finland)
    edited = loader._key(data_copy)
    assert edited != content and edited == loader._content_key(os.fspath(data_copy))
    assert len(list((tmp_path / "cache").glob("stamp-*"))) == 1
    countries = data_copy / "countries.yaml"
    old = countries.stat().st_mtime_ns - 10_000_000_000
    os.utime(countries, ns=(old, old))
    assert loader._key(data_copy) == edited
    assert len(list((tmp_path / "cache").glob("stamp-*"))) == 2


def test_a_span_changed_in_place_is_found_when_read_and_rebuilt(
    data_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("NATOATLAS_CACHE", str(tmp_path / "cache"))
    natoatlas.load(data_copy)
    (cached,) = (tmp_path / "cache").glob("data-*.json")
    data = cached.read_bytes()
    assert data.count(b'"Finland"') >= 1
    # The same length, the index and its signature untouched: only the countries' digest tells.
    cached.write_bytes(data.replace(b'"Finland"', b'"Finnlan"'))
    capsys.readouterr()
    loader._packaged.cache_clear()
    atlas = natoatlas.load(data_copy)
    assert capsys.readouterr().err == ""  # nothing read yet: nothing hashed
    assert atlas.country("FIN").current_name.en == "Finland"
    assert "does not match its signed index" in capsys.readouterr().err
    assert len(atlas.members(on="2020-01-01")) == 29
    assert b'"Finland"' in cached.read_bytes()  # rewritten from the checked data
    natoatlas.load(data_copy).country("FIN")
    assert capsys.readouterr().err == ""


def test_record_type_hints_are_typing_s() -> None:
    import typing

    from natoatlas.kb import model, record

    kinds = [v for v in vars(model).values() if isinstance(v, type) and issubclass(v, record.Frozen)]
    assert len(kinds) > 20
    for kind in kinds:
        assert record.type_hints(kind) == typing.get_type_hints(kind, include_extras=True), kind
    assert len(record._EVALUATED) < sum(len(k.__annotations__) for k in kinds)  # texts shared


def test_view_type_hints_are_typing_s() -> None:
    import dataclasses
    import importlib
    import pkgutil
    import typing

    import natoatlas.views
    from natoatlas.kb import record

    kinds = set()
    for info in pkgutil.iter_modules(natoatlas.views.__path__):
        module = importlib.import_module(f"natoatlas.views.{info.name}")
        kinds |= {v for v in vars(module).values() if isinstance(v, type) and dataclasses.is_dataclass(v)}
    assert len(kinds) > 20
    for kind in kinds:
        assert record.type_hints(kind) == typing.get_type_hints(kind, include_extras=True), kind
