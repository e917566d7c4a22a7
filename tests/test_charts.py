"""The briefing's charts: the right bars, labels and target line, with every Japanese glyph."""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import pytest
from fontTools.ttLib import TTFont  # type: ignore[import-untyped]

import natoatlas
from natoatlas.render import charts
from natoatlas.render.fonts import FAMILY, font_file


@pytest.fixture(scope="module")
def cmap() -> set[int]:
    return set(TTFont(font_file()).getBestCmap())


def texts(svg: str) -> list[str]:
    """Every line of text drawn in the SVG (multi-line texts are split into their tspans)."""
    found = []
    for inner in re.findall(r"<text[^>]*>(.*?)</text>", svg):
        lines = re.findall(r"<tspan[^>]*>([^<]*)</tspan>", inner) or [inner]
        found += [html.unescape(line) for line in lines]
    return found


def test_allies_chart_bars_labels_and_target(atlas: natoatlas.Atlas, cmap: set[int]) -> None:
    svg = charts.render(charts.allies_chart(atlas, 2024, 2.0, "nato-defexp-2024-06", "ja"), "svg").decode()
    assert svg.count('aria-roledescription="bar"') == 31
    words = texts(svg)
    assert "ポーランド" in words and "スペイン" in words and "北マケドニア" in words
    assert "4.12" in words and "1.28" in words
    assert "NATO加盟国の国防費対GDP比(2024年)" in words
    assert "目標 2%" in words
    assert 'aria-roledescription="rule mark"' in svg
    assert f'font-family="{FAMILY}"' in svg
    missing = {ch for word in words for ch in word if ord(ch) not in cmap and not ch.isspace()}
    assert missing == set()


def test_bars_are_sorted_highest_first(atlas: natoatlas.Atlas) -> None:
    svg = charts.render(charts.allies_chart(atlas, 2024, 2.0, "nato-defexp-2024-06", "en"), "svg").decode()
    axis = re.search(r"X-axis titled 'Ally' for a discrete scale with 31 values: ([^\"]*)\"", svg)
    assert axis is not None and axis.group(1).startswith("Poland, Estonia, United States, Latvia, Greece")
    assert not re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", " ".join(texts(svg)))


def test_briefing_release_chart_has_22_bars_meeting_2(atlas: natoatlas.Atlas) -> None:
    svg = charts.render(charts.allies_chart(atlas, 2024, 2.0, "nato-ar2024", "ja"), "svg").decode()
    assert svg.count('aria-roledescription="bar"') == 30  # Croatia's value is not held
    assert "出典:The Secretary General's Annual Report 2024(2025-04-24)" in " ".join(texts(svg)).replace(
        "&#39;", "'"
    )


def test_top5_and_compliance_charts(atlas: natoatlas.Atlas, cmap: set[int]) -> None:
    top5 = charts.render(charts.top5_chart(atlas, "nato-defexp-2024-06", "ja"), "svg").decode()
    words = texts(top5)
    for name in ("米国", "ドイツ", "英国", "フランス", "ポーランド"):
        assert name in words
    assert "注:2023、2024年は推計値。" in words
    compliance = charts.render(
        charts.compliance_chart(atlas, 2.0, "nato-defexp-2024-06", "ja"), "svg"
    ).decode()
    assert compliance.count('aria-roledescription="bar"') == 11
    assert {"3", "10", "23"} <= set(texts(compliance))
    for svg in (top5, compliance):
        assert {ch for w in texts(svg) for ch in w if ord(ch) not in cmap and not ch.isspace()} == set()


def test_png_and_atomic_save(atlas: natoatlas.Atlas, tmp_path: Path) -> None:
    path = charts.save(charts.compliance_chart(atlas, 2.0, "nato-defexp-2024-06", "en"), tmp_path / "c.png")
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert [p.name for p in tmp_path.iterdir()] == ["c.png"]
    with pytest.raises(ValueError, match=r"\.svg or \.png"):
        charts.render(charts.compliance_chart(atlas), "gif")


def test_cli_chart_option(run: Any, tmp_path: Path) -> None:
    out = tmp_path / "allies.svg"
    result = run("spending", "--release", "nato-defexp-2024-06", "--year", "2024", "--target", "2",
                 "--chart", str(out), "--lang", "en")  # fmt: skip
    assert result.code == 0 and "chart written" in result.out
    assert out.read_text(encoding="utf-8").count('aria-roledescription="bar"') == 31
    top = tmp_path / "top5.png"
    assert run("spending", "chart", "top5", str(top), "--release", "nato-defexp-2024-06").code == 0
    assert top.stat().st_size > 10_000


def test_figures_are_cached_on_disk_by_content(
    atlas: natoatlas.Atlas, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import vl_convert

    monkeypatch.setenv("NATOATLAS_CACHE", str(tmp_path))
    chart = charts.compliance_chart(atlas, 2.0, "nato-defexp-2024-06", "en")
    first = charts.render(chart, "png")
    cached = list((tmp_path / "figures").iterdir())
    assert [p.suffix for p in cached] == [".png"] and cached[0].read_bytes() == first
    assert cached[0].stat().st_mode & 0o777 == 0o600

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("drawn again")

    monkeypatch.setattr(vl_convert, "vegalite_to_png", refuse)
    assert charts.render(chart, "png") == first  # the second time, from the cache
    other = charts.compliance_chart(atlas, 3.0, "nato-defexp-2024-06", "en")  # another spec: drawn
    with pytest.raises(AssertionError, match="drawn again"):
        charts.render(other, "png")
    monkeypatch.setenv("NATOATLAS_NO_CACHE", "1")
    with pytest.raises(AssertionError, match="drawn again"):
        charts.render(chart, "png")


def test_the_cache_key_names_the_installed_renderer() -> None:
    """The version read from the ``.dist-info`` folder's name is the one pip installed."""
    from importlib.metadata import version

    assert charts._renderer_version() == version("vl-convert-python")
