"""The 2025-05-01 Japanese deck is faithful to the reference briefing, phrase by phrase.

The reference (外務省欧州局政策課「北大西洋条約機構 (NATO) について」, 2025-05; copied to
``tests/data/reference-2025-05.txt``) is cut into phrases at 。、・, bullets, tabs and line breaks;
each must appear in the deck's text, read back from the Markdown (which carries the same blocks as the
PPTX). A phrase may be missing only if it is listed below, as a corrected misprint or an explained
difference. 98.1 % appear (2025-05 data: same-day accessions in the reference's order by the
memberships' ``rank``, the spending release named as the reference cites it, the 2021 summit as the
caption under page 10's table); the test holds at least 98 %.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import natoatlas
from natoatlas.render.briefing import build
from natoatlas.render.writers import markdown

REFERENCE = Path(__file__).parent / "data" / "reference-2025-05.txt"
ISSUER = "外務省欧州局政策課"

#: The reference's misprints: (as printed, as the deck gives it, why). The reference is corrected before
#: it is cut, so the corrected phrase must appear in the deck.
MISPRINTS = [
    ("集团", "集団", "simplified-Chinese 团 for 団 (treaty preamble and Article 5)"),
    ("发出", "発出", "simplified-Chinese 发 for 発 (Japan–NATO 2023-01 and 2025-04)"),
    ("プラチスラバ", "ブラチスラバ", "Bratislava misspelt with プ"),
    ("」「(2003-2014)", "」(2003-2014)", "stray opening bracket"),
    ("」「(2015-2021)", "」(2015-2021)", "stray opening bracket"),
    ("4カ国", "4か国", "the rest of the reference writes か国"),
    (
        "2009.11～2024.9(終了)",
        "2009.11～2014(終了)",
        "NTM-A ended in 2014 (it was folded into RSM, itself ended 2021)",
    ),
]

#: Phrases of the (corrected) reference the deck does not reproduce, normalised as ``_norm`` does, and why.
EXPLAINED = {
    # 1. overview
    "アフガニスタンでは「国際治安支援部隊(isaf)」(2003-2014)及び「確固たる支援(rsm)」(2015-2021)を実施も": (
        "the data names RSM 確固たる支援任務 (as the reference's page 9 does)"
    ),
    "2021年9月初旬に同国から撤退": "the data dates RSM's end to the month: the deck says 2021年9月に同国から撤退",
    # 4. partners
    "加盟に関する政治": "the reference's NRC line describes accession talks, not the NRC; the deck uses NATO's description",
    "財政等あらゆる問題の協議の枠組み": "as above (NRC description)",
    # 6. commands: the glossary spells NATO's own names (Centre, Centre/Central)
    "mnd-c:multinationaldivisioncentral": "NATO's name: Multinational Division Centre",
    "mnd-se:multinationaldivisionsoutheast": "NATO's name: Multinational Division South-East",
    "caoc:combinedairoperationscenters": "NATO's name: Combined Air Operations Centre",
    "daccc:deployableaircommandandcontrolcenter": "NATO's name: Deployable Air Command and Control Centre",
    # 9. operations
    "3)バルトの哨戒": "the data names the activity: バルティック・セントリー",
    "2011年12月20日の安保理決議1386の採択を受けアフガン周辺の治安維持を目的に設立された": (
        "misprint 2011 for 2001; the deck gives ISAF's description from the data (2001年12月20日の安保理決議1386に基づき …)"
    ),
    "エンデバー作戦(oae)2001.10~2016.10(終了)": "the data ends OAE when Sea Guardian began, 2016-11-09",
}


def _norm(text: str) -> str:
    """Width, case and spacing made uniform; markup and the wave dash variants dropped."""
    text = unicodedata.normalize("NFKC", text).replace("～", "~").replace("〜", "~").replace("**", "")
    return re.sub(r"\s+", "", text).casefold()


def phrases(text: str) -> list[str]:
    """The reference cut at 。、・, bullets, tabs, line breaks and the spaces between Japanese words."""
    for wrong, right, _ in MISPRINTS:
        text = text.replace(wrong, right)
    text = re.sub(r"<[^>]+>", "\n", text)
    text = re.sub(r"(?<=[^\x00-\x7f]) +(?=[^\x00-\x7f])", "\n", text)
    parts = re.split(r"[。、・\n\t➤●■◇△【】]|^\s*-\s", text, flags=re.MULTILINE)
    found = [_norm(p).strip("-") for p in parts]
    return [p for p in found if len(p) >= 2]


@pytest.fixture(scope="module")
def reference() -> list[str]:
    text = REFERENCE.read_text(encoding="utf-8")
    return phrases(text.split("\n", 1)[1])  # without the citation line


@pytest.fixture(scope="module")
def deck(atlas: natoatlas.Atlas) -> str:
    briefing = build(atlas, on="2025-05-01", lang="ja", issuer=ISSUER)
    text = markdown.render(briefing).decode("utf-8")
    return _norm(re.sub(r"\(data:image/[^)]*\)", "", text))


def test_reference_copy_is_cited() -> None:
    first = REFERENCE.read_text(encoding="utf-8").splitlines()[0]
    assert "外務省欧州局政策課" in first and "2025-05" in first


def test_cutting_finds_the_reference_phrases(reference: list[str]) -> None:
    assert len(reference) > 500
    assert "第5条(集団防衛)" in reference and "ブラチスラバ" in reference and "プラチスラバ" not in reference


def test_deck_reproduces_the_reference(reference: list[str], deck: str) -> None:
    missing = [p for p in dict.fromkeys(reference) if p not in deck]
    unexplained = [p for p in missing if p not in EXPLAINED]
    assert not unexplained, "phrases of the reference missing from the deck:\n" + "\n".join(unexplained)
    share = 1 - sum(reference.count(p) for p in missing) / len(reference)
    assert share >= 0.98, f"{share:.1%} of the reference's phrases appear"


def test_explanations_are_still_needed(reference: list[str], deck: str) -> None:
    """An explained difference that the deck now reproduces must leave the list."""
    stale = [p for p in EXPLAINED if p in deck or p not in reference]
    assert not stale, stale


def test_issuer_line(atlas: natoatlas.Atlas) -> None:
    assert build(atlas, on="2025-05-01", lang="ja", sections=["treaty"], issuer=ISSUER).publisher == ISSUER
    assert build(atlas, on="2025-05-01", lang="ja", sections=["treaty"]).publisher == ""


def test_cli_issuer(run: Callable[..., Any], tmp_path: Path) -> None:
    out = tmp_path / "b.md"
    result = run("brief", "--on", "2025-05-01", "--sections", "treaty", "--issuer", ISSUER, "-o", str(out))
    assert result.code == 0, result.err
    assert ISSUER in out.read_text(encoding="utf-8").splitlines()[2]
    plain = tmp_path / "plain.md"
    assert run("brief", "--on", "2025-05-01", "--sections", "treaty", "-o", str(plain)).code == 0
    assert "NATO Atlas" not in plain.read_text(encoding="utf-8").splitlines()[2]


@pytest.mark.parametrize("day", ["1960-06-01", "1995-01-01"])
def test_early_decks_are_of_their_day(atlas: natoatlas.Atlas, day: str) -> None:
    ja, en = build(atlas, on=day, lang="ja"), build(atlas, on=day, lang="en")
    count = len(atlas.members(on=dt.date.fromisoformat(day)))
    assert ja.sections[0].blocks[-1].title == f"北大西洋条約機構加盟国({count}か国:青色部分)"  # type: ignore[union-attr]
    text = ja.text() + en.text()
    assert "32か国" not in text and "(32" not in text
    for later in ("ルッテ", "Rutte", "マドリード首脳会合", "IP4", "MND-", "NFIU", "3年連続"):
        assert later not in text, later
