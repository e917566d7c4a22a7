"""The one catalogue of user-interface text: every label, heading, title and reason the CLI,
the pages, the charts, the maps and the briefing show, by message id, in English and Japanese.

Facts are in the data; this is the text *around* them. ``msg(id, lang, **values)`` is the only
way to get a message, so no code chooses a language with ``lang == "ja"``. The catalogue is
split into parts by the layer that uses it (``rules``, ``render``, ``cli``, ``web``), each a
plain dict so that importing it costs nothing; an id is unique across the parts.
"""

from __future__ import annotations

import functools
import string

from natoatlas.messages import cli, render, rules, web
from natoatlas.messages.message import Message

__all__ = ["LANGS", "Message", "catalogue", "msg", "pick"]

#: The languages every message has.
LANGS = ("en", "ja")


@functools.cache
def catalogue() -> dict[str, Message]:
    """Every message by id, the parts merged (an id defined twice is a programming error)."""
    merged: dict[str, Message] = {}
    for part in (rules, render, cli, web):
        for key, message in part.MESSAGES.items():
            if key in merged:
                raise KeyError(f"message {key!r} is defined twice")
            merged[key] = message
    return merged


def pick(message: Message, lang: str) -> str:
    """The text of ``message`` in ``lang`` (``ja`` or ``en``; anything else is English)."""
    return message.ja if lang == "ja" else message.en


def msg(key: str, lang: str, /, **values: object) -> str:
    """The message ``key`` in ``lang``, its ``{name}`` placeholders filled from ``values``."""
    text = pick(catalogue()[key], lang)
    return text.format(**values) if values else text


def placeholders(text: str) -> frozenset[str]:
    """The ``{name}`` fields of a message text (for the catalogue's own checks)."""
    return frozenset(name for _, name, _, _ in string.Formatter().parse(text) if name)
