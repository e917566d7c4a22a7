"""What the writers share: source lines whose every glyph the bundled font can draw."""

from __future__ import annotations

import re
from collections import Counter
from urllib.parse import urlsplit

from natoatlas.kb.model import Source
from natoatlas.messages import msg
from natoatlas.render.briefing.blocks import SOURCE_KINDS, source_line
from natoatlas.render.fonts import covers

__all__ = ["printable_source_line", "sources_summary"]


#: The languages written in Japanese script, whose decks show Japanese publishers' names as written.
_JAPANESE_SCRIPT = frozenset({"ja"})


def _host(url: str | None) -> str:
    return urlsplit(url).netloc.removeprefix("www.") if url else ""


def printable_source_line(source: Source, lang: str, url: bool = False) -> str:
    """:func:`source_line`, with any title or publisher in a script the font lacks (Marathi,
    Thai …) replaced by its language code and the site's address in Latin script (no tofu)."""
    line = source_line(source, lang, url=url)
    if covers(line):
        return line
    label = msg(f"source.kind.{source.kind}", lang)
    publisher = source.publisher if covers(source.publisher) else _host(source.url)
    title = source.title if covers(source.title) else f"[{source.language}] {_host(source.url)}"
    line = f"[{source.id}] ({label}) {publisher}, {title}"
    if source.published:
        line += f" ({source.published})"
    if url and source.url:
        line += f" {source.url}"
    return "".join(c if covers(c) else "?" for c in line)


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
