"""The Atlas: the knowledge base with its rules (the Treaty, defence spending, what changed).

This is the object ``natoatlas.load()`` returns and every interface asks. The knowledge base
(:mod:`natoatlas.kb.base`) knows the records; the rules (:mod:`natoatlas.rules`) read it; the
Atlas puts them together, so that neither layer imports the one above it.

The rules are imported when first asked for (deliberately lazy: a query about members, the
commonest cold start, needs none of them, and the Treaty's module costs a fifth of that start).
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from natoatlas.dates import DateLike, as_day
from natoatlas.kb import loader
from natoatlas.kb.base import Enlargement, KnowledgeBase, Member, Partner
from natoatlas.kb.model import TreatyArticle

if TYPE_CHECKING:
    from pathlib import Path

    import pandas as pd

    from natoatlas.rules.diff import Change
    from natoatlas.rules.spending import Spending
    from natoatlas.rules.treaty import Accession, Treaty

__all__ = ["Atlas", "DateLike", "Enlargement", "Member", "Partner", "as_day", "is_packaged", "load"]


class Atlas(KnowledgeBase):
    """NATO's facts over time, with their sources, and the rules that apply to them.

    >>> import natoatlas
    >>> atlas = natoatlas.load()
    >>> len(atlas.members(on="1999-03-12"))
    19
    """

    #: The records this Atlas was made of, as the loader gave them (for :func:`is_packaged`).
    records_source: object = None

    @functools.cached_property
    def spending(self) -> Spending:
        """Defence expenditure by release: figures, targets, compliance, gaps, trends."""
        from natoatlas.rules.spending import Spending

        return Spending.of(self)

    @functools.cached_property
    def treaty(self) -> Treaty:
        """The Treaty: ``atlas.treaty(on=…)`` gives its articles; ``.covers()``, ``.accession()``,
        ``.withdrawal()`` apply its rules."""
        from natoatlas.rules.treaty import Treaty

        return Treaty(self)

    def article(self, number: int, on: DateLike = None) -> TreatyArticle:
        """One article (0 is the preamble) as it read on ``on``; ``LookupError`` if there is none."""
        return self.treaty.article(number, on)

    def accession(self, code_or_name: str) -> Accession:
        """A country's accession under Article 10: ``.steps`` and ``.status(on=…)``."""
        return self.treaty.accession(code_or_name)

    def diff(self, start: DateLike, end: DateLike) -> tuple[Change, ...]:
        """What changed after ``start`` up to ``end``: each change with its date and sources."""
        from natoatlas.rules.diff import diff

        return diff(self, start, end)

    def frame(self, kind: str, on: DateLike = None) -> pd.DataFrame:
        """A table of the Atlas as a pandas DataFrame (``natoatlas export`` writes the same tables).

        ``kind`` is a table name (``members`` is a shortcut for the Allies on ``on``); with
        ``on``, only rows that held that day. pandas is imported here, when first asked for.
        """
        import pandas as pd

        from natoatlas.kb.tables import frame

        if kind == "members":
            day = as_day(on)
            return pd.DataFrame(
                [{"code": m.code, "name_en": m.country.name_on(day).en, "name_ja": m.country.name_on(day).ja,
                  "joined": m.joined.isoformat(), "sources": ";".join(m.membership.sources)} for m in self.members(day)]
            )  # fmt: skip
        return frame(self, kind, on)


def load(data_dir: Path | None = None) -> Atlas:
    """The Atlas of the packaged data (one per process), or of the data files in ``data_dir``.

    Raises :class:`natoatlas.DataError` listing every problem when the data is not valid.
    """
    if data_dir is None:
        records = loader.records(None)  # cached by the loader (and cleared there)
        held = _PACKAGED.get("atlas")
        if held is not None and held.records_source is records:
            return held
        made = _PACKAGED["atlas"] = Atlas(records)
        made.records_source = records
        return made
    return Atlas(loader.records(data_dir))


def is_packaged(atlas: object) -> bool:
    """Whether ``atlas`` is the Atlas of the packaged data (a worker process can load it itself)."""
    held = _PACKAGED.get("atlas")
    return held is not None and held is atlas and loader.is_packaged(held.records_source)


#: The Atlas of the packaged data, made once from the loader's records.
_PACKAGED: dict[str, Atlas] = {}
