"""For editors of the data: ``natoatlas fmt``, the JSON Schemas, and the templates of data/README.md."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from natoatlas.kb import datafile, fmt, schema, shapes
from natoatlas.kb.model import FILES

YAML_FILES = sorted(name for name in FILES if name.endswith(".yaml"))
README = datafile.default_dir() / "README.md"


def _records(folder: Path, name: str) -> list[Any]:
    return [shapes.validate(FILES[name], r) for r in datafile.read(folder / name)]


def _scramble(path: Path) -> None:
    """A copy an editor might write: keys in reverse order, a default spelled out, the header
    missing, dates unquoted, wider lines. The same records, in another form."""
    raw = datafile.read(path)
    for record in raw:
        if "ja_ours" not in str(record):
            continue
        for value in record.values():
            if isinstance(value, dict) and "ja" in value and "ja_ours" not in value:
                value["ja_ours"] = False  # the default, which the canonical form leaves out
    reordered = [dict(reversed(list(r.items()))) for r in raw]
    import yaml

    text = yaml.safe_dump(reordered, allow_unicode=True, sort_keys=False, width=200)
    path.write_text(re.sub(r"'(\d{4}-\d{2}-\d{2})'", r"\1", text), encoding="utf-8")


def test_the_packaged_data_is_canonical(run: Callable[..., Any]) -> None:
    result = run("fmt", "--check")
    assert result.code == 0, result.out + result.err
    assert f"{len(FILES)} file(s) already canonical" in result.out


def test_every_yaml_file_starts_with_its_schema_header() -> None:
    for name in YAML_FILES:
        first = (datafile.default_dir() / name).read_text(encoding="utf-8").split("\n", 1)[0]
        assert first == f"# yaml-language-server: $schema=schema/{name.removesuffix('.yaml')}.json"
        assert (datafile.default_dir() / first.split("=", 1)[1]).is_file()


@pytest.mark.parametrize("name", ["summits.yaml", "countries.yaml", "offices.yaml"])
def test_fmt_check_detects_a_non_canonical_copy_and_fmt_restores_it(
    run: Callable[..., Any], data_copy: Path, name: str
) -> None:
    original = (data_copy / name).read_bytes()
    before = _records(data_copy, name)
    _scramble(data_copy / name)
    assert (data_copy / name).read_bytes() != original

    result = run("fmt", "--check", "--data", str(data_copy))
    assert result.code == 1
    assert result.out.splitlines() == [f"not canonical: {name}"]
    assert "run natoatlas fmt" in result.err

    result = run("fmt", "--data", str(data_copy))
    assert result.code == 0, result.err
    assert f"reformatted: {name}" in result.out
    assert (data_copy / name).read_bytes() == original  # today's files are the canonical form
    assert _records(data_copy, name) == before  # every record equal after loading


def test_fmt_is_idempotent(run: Callable[..., Any], data_copy: Path) -> None:
    for name in ("events.yaml", "spending.csv"):
        if name.endswith(".csv"):
            lines = (data_copy / name).read_text(encoding="utf-8").splitlines(keepends=True)
            (data_copy / name).write_text(lines[0] + "".join(reversed(lines[1:])), encoding="utf-8")
        else:
            _scramble(data_copy / name)
    assert run("fmt", "--data", str(data_copy)).code == 0
    once = {n: (data_copy / n).read_bytes() for n in FILES}
    second = run("fmt", "--data", str(data_copy))
    assert second.code == 0
    assert "reformatted" not in second.out
    assert {n: (data_copy / n).read_bytes() for n in FILES} == once
    assert fmt.format_folder(data_copy, write=False).changed == ()


def test_the_global_data_option_is_used(run: Callable[..., Any], data_copy: Path) -> None:
    _scramble(data_copy / "targets.yaml")
    result = run("--data", str(data_copy), "fmt", "--check")
    assert result.code == 1
    assert "not canonical: targets.yaml" in result.out


def test_a_comment_is_never_dropped(run: Callable[..., Any], data_copy: Path) -> None:
    path = data_copy / "summits.yaml"
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    assert lines[1] == "- citations:\n"
    lines.insert(2, "  # checked against the declaration, 2026-12-01\n")
    path.write_text("".join(lines), encoding="utf-8")
    _scramble(data_copy / "targets.yaml")  # formattable, but nothing is written while one file is refused

    result = run("fmt", "--data", str(data_copy))
    assert result.code == 2
    assert "natoatlas: error: summits.yaml: holds a comment (line 3)" in result.err
    assert "nothing was written" in result.err
    assert path.read_text(encoding="utf-8") == "".join(lines)
    assert not (data_copy / "targets.yaml").read_text(encoding="utf-8").startswith("# yaml-language-server")


def test_text_that_looks_like_a_comment_is_not_one() -> None:
    text = (
        "# yaml-language-server: $schema=schema/x.json\n"
        "- a: 'x # y'\n"
        "  b: c#d\n"
        "  e: |\n"
        "    # inside a block scalar\n"
        "  f: g # a comment\n"
        "# another\n"
    )
    assert fmt.comments(text) == [6, 7]


def test_records_that_do_not_load_are_refused_not_dropped(run: Callable[..., Any], data_copy: Path) -> None:
    path = data_copy / "targets.yaml"
    broken = path.read_text(encoding="utf-8").replace(
        "measure: pct_gdp\n", "measure: pct_gdp\n  colour: red\n", 1
    )
    path.write_text(broken, encoding="utf-8")
    result = run("fmt", "--data", str(data_copy))
    assert result.code == 2
    assert "natoatlas: error: targets.yaml: 1 of" in result.err
    assert path.read_text(encoding="utf-8") == broken


def test_a_repeated_key_is_refused(data_copy: Path) -> None:
    path = data_copy / "reviews.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("  section:", "  reviewed: '2020'\n  section:", 1)
    )
    outcome = fmt.format_folder(data_copy)
    assert [name for name, _ in outcome.refused] == ["reviews.yaml"]
    assert "'reviewed' is given twice" in outcome.refused[0][1]


def test_the_importer_writes_the_canonical_form() -> None:
    # One writer: the files the spending importer writes carry the header fmt keeps.
    from natoatlas.importers import spending as spending_import

    source = Path(spending_import.__file__).read_text(encoding="utf-8")
    assert "datafile.dump_records(" not in source
    assert 'datafile.render("releases.yaml"' in source


def test_the_committed_schemas_are_current() -> None:
    stale = schema.stale(datafile.default_dir())
    assert not stale, f"the JSON Schemas are stale ({', '.join(stale)}): run `natoatlas schema --write`"
    shipped = {p.name for p in (datafile.default_dir() / "schema").iterdir()}
    assert shipped == {datafile.schema_file(n).removeprefix("schema/") for n in FILES}


def test_schema_command(run: Callable[..., Any], tmp_path: Path) -> None:
    result = run("schema", "summits.yaml")
    assert result.code == 0
    assert json.loads(result.out) == schema.schema("summits.yaml")
    assert run("schema", "--check", "--data", str(tmp_path)).code == 1
    written = run("schema", "--write", "--data", str(tmp_path))
    assert written.code == 0
    assert f"{len(FILES)} schema file(s) written" in written.out
    assert run("schema", "--check", "--data", str(tmp_path)).code == 0
    assert run("schema").code == 2


def test_a_schema_describes_what_an_editor_writes() -> None:
    summit = schema.schema("summits.yaml")["$defs"]["Summit"]
    assert summit["additionalProperties"] is False
    assert {"id", "from", "city", "country", "sources"} <= set(summit["required"])
    assert summit["properties"]["from"]["pattern"].startswith("^[0-9]{4}")  # a date is text
    assert "start" not in summit["properties"]  # the file's name of the field, not the attribute's


@pytest.mark.parametrize("name", sorted(FILES))
def test_the_data_validates_against_its_schema(name: str) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    validator = jsonschema.Draft202012Validator(schema.schema(name))
    folder = datafile.default_dir()
    if name.endswith(".csv"):  # a CSV cell is text: the rows as the model parses them
        data: Any = [r.dump() for r in _records(folder, name)]
    else:
        data = datafile.read(folder / name)
    errors = [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(data)]
    assert not errors, errors[:5]


def test_a_bad_record_is_caught_by_the_schema() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    validator = jsonschema.Draft202012Validator(schema.schema("summits.yaml"))
    good = datafile.read(datafile.default_dir() / "summits.yaml")[0]
    for bad in ({**good, "form": "1957"}, {**good, "from": "16 December 1957"}, {**good, "country": "fr"}):
        assert list(validator.iter_errors([bad]))


def _templates() -> dict[str, str]:
    """The template of each data file in data/README.md (the first YAML or CSV block under the
    heading that names the file), by file name."""
    found: dict[str, str] = {}
    for section in README.read_text(encoding="utf-8").split("\n### `")[1:]:
        name = section.split("`", 1)[0]
        block = re.search(r"^```(?:yaml|csv)\n(.*?)^```", section, re.M | re.S)
        if name in FILES and block:
            found[name] = block.group(1)
    return found


def test_the_readme_has_a_template_per_kind_of_record() -> None:
    assert set(_templates()) == set(FILES)


@pytest.mark.parametrize("name", sorted(FILES))
def test_each_template_loads_through_the_model_in_canonical_form(name: str, tmp_path: Path) -> None:
    block = _templates()[name]
    path = tmp_path / name
    path.write_text(block, encoding="utf-8")
    records = _records(tmp_path, name)
    assert records
    # Pasted into a file, a template is already formatted: fmt changes nothing in it.
    rendered = datafile.render(name, records)
    assert rendered == datafile.header(name) + block


def test_the_cache_key_follows_the_version_and_every_module(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # A new rule must run against a warm cache: the key changes with the version and with any
    # module of the package, a module added (the next refs.py) or moved included.
    import shutil

    from natoatlas.kb import loader

    package = tmp_path / "natoatlas"
    shutil.copytree(loader._package_root(), package, ignore=shutil.ignore_patterns("data", "__pycache__"))
    monkeypatch.setattr(loader, "_package_root", lambda: package)

    def key() -> str:
        loader._code_digest.cache_clear()
        return loader._key(datafile.default_dir())

    keys = [key()]
    monkeypatch.setattr(loader, "__version__", "99.0")
    keys.append(key())
    with (package / "kb" / "validate.py").open("a", encoding="utf-8") as handle:
        handle.write("\n# a new rule\n")
    keys.append(key())
    (package / "rules").mkdir(exist_ok=True)
    (package / "rules" / "refs_new.py").write_text('"""References."""\n', encoding="utf-8")
    keys.append(key())
    assert len(set(keys)) == len(keys)
    monkeypatch.undo()
    loader._code_digest.cache_clear()
