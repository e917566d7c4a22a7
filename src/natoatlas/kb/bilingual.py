"""A message in every language at once, as a data :class:`~natoatlas.kb.model.Text`.

The rules layer answers in both languages (a coverage reason, a change between two dates): it
builds the answer's text from the catalogue once per language with ``both(id, **values)``,
where a value that differs by language is a ``Text`` (or anything with ``en`` and ``ja``) or a
dict by language, and any other value is the same in every language.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from natoatlas.kb.model import Text
from natoatlas.messages import LANGS, catalogue, msg

__all__ = ["both", "each"]


def _in(value: object, lang: str) -> object:
    if isinstance(value, Mapping):
        return value[lang]
    if isinstance(value, Text):
        return value.get(lang)
    return value


def both(key: str, /, **values: object) -> Text:
    """The message ``key`` in English and Japanese, each filled with its language's values;
    ``ja_ours`` as the catalogue marks the message."""
    texts = {lang: msg(key, lang, **{name: _in(v, lang) for name, v in values.items()}) for lang in LANGS}
    return Text(en=texts["en"], ja=texts["ja"], ja_ours=catalogue()[key].ja_ours)


def each(make: Callable[[str], object], /) -> dict[str, str]:
    """A value by language from a function of the language (``each(lambda lang: …)``), for ``both``."""
    return {lang: str(make(lang)) for lang in LANGS}
