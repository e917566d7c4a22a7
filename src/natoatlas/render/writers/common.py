"""What the writers share: footnotes and source lines whose every glyph the font can draw (others transliterated)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from urllib.parse import urlsplit

from natoatlas.kb.model import Source
from natoatlas.messages import msg
from natoatlas.render.briefing.blocks import SOURCE_KINDS, source_text
from natoatlas.render.fonts import covers

__all__ = ["footnotes", "printable", "sources_summary"]


#: The languages written in Japanese script, whose decks show Japanese publishers' names as written.
_JAPANESE_SCRIPT = frozenset({"ja"})


def _host(url: str | None) -> str:
    return urlsplit(url).netloc.removeprefix("www.") if url else ""


def printable(text: str, can_render: Callable[[str], bool] = covers) -> str:
    """``text`` with each run of characters no font can draw transliterated into Latin letters
    (इझ्मिर → ijhmir, a Thai title …), so nothing shows as tofu and no title is dropped."""
    if can_render(text):
        return text
    from text_unidecode import unidecode  # type: ignore[import-untyped]

    out: list[str] = []
    run: list[str] = []
    for char in text:
        if can_render(char):
            if run:
                out.append(unidecode("".join(run)).strip())
                run = []
            out.append(char)
        else:
            run.append(char)
    if run:
        out.append(unidecode("".join(run)).strip())
    return "".join(c for c in "".join(out) if can_render(c))


def footnotes(
    sources: tuple[Source, ...], lang: str, can_render: Callable[[str], bool] = covers
) -> list[tuple[str, list[tuple[Source, str]]]]:
    """A section's sources as print footnotes: grouped by kind, official first, each one
    ``publisher, title (date)`` without the internal id (the kind heads its group)."""
    groups = []
    for kind in SOURCE_KINDS:
        entries = []
        for source in sources:
            if source.kind != kind:
                continue
            entries.append((source, printable(source_text(source, lang), can_render)))
        if entries:
            groups.append((msg(f"source.kind.{kind}", lang), entries))
    return groups


def _publisher(source: Source, lang: str) -> str:
    """The publisher's name, or its site's address where the name is in a script the font
    lacks or, in a deck in another language, in Japanese."""
    name = source.publisher
    if not covers(name) or (
        lang not in _JAPANESE_SCRIPT and re.search(r"[\u3040-\u30ff\u3400-\u9fff]", name)
    ):
        return _host(source.url) or source.id
    return name


def sources_summary(sources: tuple[Source, ...], lang: str, publishers: int = 6) -> list[str]:
    """One line per kind of source, official first: how many, and the main publishers."""
    lines = []
    for kind in SOURCE_KINDS:
        label = msg(f"source.kind.{kind}", lang)
        of_kind = [s for s in sources if s.kind == kind]
        if not of_kind:
            continue
        counts = Counter(_publisher(s, lang) for s in of_kind)
        top = [f"{name} {n}" for name, n in counts.most_common(publishers)]
        rest = len(counts) - len(top)
        if rest > 0:
            top.append(msg("source.others", lang, n=rest))
        lines.append(f"{label} {len(of_kind)}: {msg('list.sep', lang).join(top)}")
    return lines
