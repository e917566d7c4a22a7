"""Texts that follow the date: placeholders in the data, filled for the day asked.

A text in the data may not write down a count or a name that changes over time ("the 32
Allies"): on 1960-01-01 it would be wrong. It writes a placeholder instead, and every renderer
(briefing, pages, API payloads, CLI) fills it for its day through :func:`fill`:

- ``{allies}``: the number of Allies that day (加盟{allies}か国 → 加盟15か国 on 1960-01-01);
- ``{partners:ID}``: the number of partners of framework ``ID`` that day;
- ``{newest}``: the Allies that joined last, by their names that day;
- ``{sg}``: the Secretary General that day (acting ones included).

:func:`unknown` lists placeholders the data uses that this module cannot fill, so a typo is
caught by the tests rather than shown to a reader.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

from natoatlas.kb.base import KnowledgeBase
from natoatlas.kb.model import Text
from natoatlas.kb.record import Frozen
from natoatlas.messages import msg

__all__ = ["KNOWN", "fill", "fill_text", "placeholders", "resolve", "unknown"]

#: ``{name}`` or ``{name:argument}``; anything else in braces is left as it is.
PLACEHOLDER = re.compile(r"\{([a-z_]+)(?::([a-z0-9-]+))?\}")
KNOWN = ("allies", "partners", "newest", "sg")


def placeholders(text: str) -> list[tuple[str, str | None]]:
    """The placeholders of a text, in order: ``[("allies", None), ("partners", "pfp")]``."""
    return [(m.group(1), m.group(2)) for m in PLACEHOLDER.finditer(text)]


def _value(atlas: KnowledgeBase, day: dt.date, lang: str, name: str, argument: str | None) -> str | None:
    if name == "allies" and argument is None:
        return str(len(atlas.members(day)))
    if name == "partners" and argument is not None and argument in atlas.frameworks:
        return str(len(atlas.partners(argument, day)))
    if name == "newest" and argument is None:
        newest = atlas.newest_members(day)
        return msg("list.sep", lang).join(m.country.name_on(day).get(lang) for m in newest)
    if name == "sg" and argument is None:
        sg = atlas.secretary_general(day)
        return sg.name.get(lang) if sg else msg("text.sg.none", lang)
    return None


def fill(text: str, atlas: KnowledgeBase, day: dt.date, lang: str) -> str:
    """The text with its placeholders filled for ``day`` in ``lang``; unknown ones left as written."""
    if "{" not in text:
        return text

    def replace(match: re.Match[str]) -> str:
        value = _value(atlas, day, lang, match.group(1), match.group(2))
        return match.group(0) if value is None else value

    return PLACEHOLDER.sub(replace, text)


def fill_text(value: Text | None, atlas: KnowledgeBase, day: dt.date, lang: str) -> str:
    """A data :class:`~natoatlas.kb.model.Text` in one language, filled for the day ("" for none)."""
    return "" if value is None else fill(value.get(lang), atlas, day, lang)


def resolve(data: Any, atlas: KnowledgeBase, day: dt.date) -> Any:
    """A JSON payload with every text (a dict with ``en`` and ``ja``) filled for ``day``.

    Quotes of sources (``quote``) are left verbatim: they are the source's words, of its date.
    """
    if isinstance(data, list):
        return [resolve(item, atlas, day) for item in data]
    if not isinstance(data, dict):
        return data
    out: dict[str, Any] = {}
    for key, value in data.items():
        if key in ("en", "ja") and isinstance(value, str):
            out[key] = fill(value, atlas, day, key)
        elif key in ("citations", "alternatives"):
            out[key] = value
        else:
            out[key] = resolve(value, atlas, day)
    return out


def _texts(value: Any) -> Iterator[str]:
    if isinstance(value, Text):
        yield value.en
        yield value.ja
    elif isinstance(value, Frozen):
        for name in type(value).fields():
            if name not in ("citations", "alternatives"):
                yield from _texts(getattr(value, name))
    elif isinstance(value, tuple):
        for item in value:
            yield from _texts(item)


def unknown(atlas: KnowledgeBase) -> list[str]:
    """Placeholders in the data's texts that :func:`fill` cannot fill, as ``file: record: {…}``."""
    found = []
    for file, records in atlas.records.items():
        for record in records:
            if not isinstance(record, Frozen):
                continue
            for text in _texts(record):
                for name, argument in placeholders(text):
                    ok = (name in ("allies", "newest", "sg") and argument is None) or (
                        name == "partners" and argument in atlas.frameworks
                    )
                    if not ok:
                        key = getattr(record, "key", "?")
                        found.append(f"{file}: {key}: {{{name}{':' + argument if argument else ''}}}")
    return found
