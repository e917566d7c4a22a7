"""``natoatlas sources``, ``GET /api/v1/sources``, source kinds everywhere, and "data as of"."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

import natoatlas
from natoatlas.kb import datafile
from natoatlas.rules import grading
from natoatlas.web import create_app


def test_sources_lists_the_registry_official_first(run: Any, atlas: natoatlas.Atlas) -> None:
    data = run("sources", "--json").json()
    assert data["count"] == len(atlas.sources) == len(data["sources"])
    ranks = [("official", "reference", "press", "mirror").index(s["kind"]) for s in data["sources"]]
    assert ranks == sorted(ranks)
    assert {"id", "kind", "publisher", "title", "url"} <= set(data["sources"][0])
    mirrors = run("sources", "--kind", "mirror", "--json").json()
    assert mirrors["sources"] and all(s["kind"] == "mirror" and "copies" in s for s in mirrors["sources"])
    table = run("sources", "--kind", "official", "--lang", "ja")
    assert table.code == 0 and "[公式]" in table.out and "[報道]" not in table.out


def test_sources_check_prints_the_figures_and_the_gaps(run: Any, atlas: natoatlas.Atlas) -> None:
    report = grading.report(atlas)
    gaps = grading.gaps(atlas)
    result = run("sources", "--check")
    assert result.code == 0
    assert f"records: {report.records}, with an official source: {report.official}" in result.out
    assert f"citing only mirrors: {report.only_mirrors}" in result.out
    assert f"gaps: {len(gaps)}" in result.out
    assert all(str(g) in result.out for g in gaps[:20])
    data = run("sources", "--check", "--json").json()
    assert data["records"] == report.records and len(data["gaps"]) == len(gaps)
    assert data["citations"] >= data["citations_quoted"]


def test_unknown_kind_is_a_usage_error(run: Any) -> None:
    result = run("sources", "--kind", "blog")
    assert result.code == 2 and result.err.startswith("natoatlas: error:")


def test_api_sources(atlas: natoatlas.Atlas) -> None:
    client = TestClient(create_app(atlas))
    data = client.get("/api/v1/sources?kind=official").json()
    assert data["count"] == sum(s.kind == "official" for s in atlas.sources.values())
    assert client.get("/api/v1/sources?kind=blog").json()["parameter"] == "kind"
    assert client.get("/api/v1/sources/check").json()["records"] == grading.report(atlas).records
    # Every source object of a section answer carries its kind, official ones first.
    cited = client.get("/api/v1/members?on=2025-05-01").json()["sources"]
    assert all("kind" in s for s in cited)
    kinds = [s["kind"] for s in cited]
    assert kinds == sorted(kinds, key=("official", "reference", "press", "mirror").index)


def test_pages_label_the_kind_of_each_source(atlas: natoatlas.Atlas) -> None:
    client = TestClient(create_app(atlas))
    page = client.get("/?on=2025-05-01&lang=ja").text
    assert '<span class="kind">公式</span>' in page
    assert "データ確認日: 未確認" in page or "データは" in page


def test_briefing_lists_kinds(atlas: natoatlas.Atlas) -> None:
    from natoatlas.render.briefing import build
    from natoatlas.render.writers.markdown import render

    text = render(build(atlas, on="2025-05-01", lang="en", sections=["treaty"])).decode()
    assert "(official)" in text
    assert "data as of" in text


@pytest.fixture
def reviewed(data_copy: Path, monkeypatch: pytest.MonkeyPatch) -> natoatlas.Atlas:
    """A copy of the data with every section reviewed on 2026-12-01 (organisation on 2026-11-30)."""
    sections = ("overview", "treaty", "enlargement", "partners", "organisation", "commands", "concept",
                "spending", "operations", "japan")  # fmt: skip
    entries = [
        {"section": s, "reviewed": "2026-11-30" if s == "organisation" else "2026-12-01"} for s in sections
    ]
    (data_copy / "reviews.yaml").write_text(datafile.dump(entries), encoding="utf-8")
    atlas = natoatlas.load(data_copy)
    monkeypatch.setattr(natoatlas.atlas, "load", lambda data_dir=None: atlas)
    return atlas


def test_data_as_of_everywhere(reviewed: natoatlas.Atlas, run: Any) -> None:
    assert run("members", "--on", "1999-03-12").out.rstrip().endswith("data as of 2026-12-01")
    assert run("organisation", "--lang", "ja").out.rstrip().endswith("データは 2026年11月30日 現在")
    assert run("partners", "--json").json()["data_as_of"] == "2026-12-01"
    assert run("diff", "2024-01-01", "2025-01-01", "--json").json()["data_as_of"] == "2026-11-30"
    client = TestClient(create_app(reviewed))
    assert client.get("/api/v1/organisation").json()["data_as_of"] == "2026-11-30"
    assert client.get("/api/v1/spending/releases").headers["X-Data-As-Of"] == "2026-12-01"
    assert "data as of 2026-11-30" in client.get("/organisation?lang=en").text
    from natoatlas.render.briefing import build

    brief = build(reviewed, on="2026-12-01", lang="ja", sections=["organisation", "treaty"])
    as_of = {s.id: s.as_of for s in brief.sections}
    assert as_of == {"organisation": "データは 2026年11月30日 現在", "treaty": "データは 2026年12月1日 現在"}


def test_not_reviewed_is_said(run: Any, data_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (data_copy / "reviews.yaml").write_text("[]\n", encoding="utf-8")
    atlas = natoatlas.load(data_copy)
    monkeypatch.setattr(natoatlas.atlas, "load", lambda data_dir=None: atlas)
    assert run("sg", "--on", "2015-01-01").out.rstrip().endswith("data as of: not reviewed")
    assert run("sg", "--json").json()["data_as_of"] is None
