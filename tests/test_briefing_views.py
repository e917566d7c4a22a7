"""The briefing's sections render from the views (issue 12, item 1): a view that answered
otherwise would change the section, so no section asks the Atlas the same question again."""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib
from typing import TYPE_CHECKING

import pytest

import natoatlas
from natoatlas.messages import msg
from natoatlas.render.briefing.blocks import Bullets, Heading, Paragraph, Section, Table
from natoatlas.views import members as member_views
from natoatlas.views import sections as views

if TYPE_CHECKING:
    import natoatlas.render.briefing.build as briefing
else:  # the package's ``build`` function hides its module of that name
    briefing = importlib.import_module("natoatlas.render.briefing.build")

DAY = dt.date(2025, 5, 1)


def _section(atlas: natoatlas.Atlas, key: str) -> Section:
    (found,) = briefing.build(atlas, on=DAY, lang="en", sections=[key]).sections
    return found


def test_the_japan_section_is_the_timeline_view(
    atlas: natoatlas.Atlas, monkeypatch: pytest.MonkeyPatch
) -> None:
    events = views.timeline(atlas, "japan-nato", None, DAY).events
    table = _section(atlas, "japan").blocks
    # Every event the view gives is a row, or a caption where the data says so; background ones are left out.
    told = [e for e in events if "background" not in e.highlight]
    rows = [e for e in told if "caption" not in e.highlight]
    assert sum(len(t.rows) for t in table if isinstance(t, Table)) == len(rows) > 0
    captions = [b.text for b in table if isinstance(b, Paragraph)]
    assert [c.split(":")[0] for c in captions] == [e.title.en for e in told if "caption" in e.highlight]
    assert len(told) < len(events)

    def none(*args: object) -> views.Timeline:
        return dataclasses.replace(views.timeline(*args), events=())  # type: ignore[arg-type]

    monkeypatch.setattr(briefing, "timeline_view", none)
    assert _section(atlas, "japan").blocks == (Paragraph(msg("brief.japan.none", "en")),)


def test_the_operations_section_says_ongoing_as_the_view_does(
    atlas: natoatlas.Atlas, monkeypatch: pytest.MonkeyPatch
) -> None:
    ongoing = Heading(msg("brief.operations.ongoing", "en"))
    assert ongoing in _section(atlas, "operations").blocks

    def all_ended(*args: object) -> views.Operations:
        found = views.operations(*args)  # type: ignore[arg-type]
        ended = tuple(dataclasses.replace(e, ongoing=False) for e in found.operations)
        return dataclasses.replace(found, operations=ended)

    monkeypatch.setattr(briefing, "operations_view", all_ended)
    blocks = _section(atlas, "operations").blocks
    assert ongoing not in blocks
    assert Heading(msg("brief.operations.ended", "en")) in blocks


def test_the_treaty_section_lists_the_articles_of_the_treaty_view(
    atlas: natoatlas.Atlas, monkeypatch: pytest.MonkeyPatch
) -> None:
    (table,) = [b for b in _section(atlas, "treaty").blocks if isinstance(b, Table)]
    assert len(table.rows) == len(
        [a for a in views.treaty(atlas, DAY).articles if "treaty-summary" in a.highlight]
    )

    def article_5_only(*args: object) -> views.Treaty:
        found = views.treaty(*args)  # type: ignore[arg-type]
        return dataclasses.replace(found, articles=tuple(a for a in found.articles if a.number == 5))

    monkeypatch.setattr(briefing, "treaty_view", article_5_only)
    (table,) = [b for b in _section(atlas, "treaty").blocks if isinstance(b, Table)]
    assert [row[0] for row in table.rows] == [
        f"{msg('brief.treaty.article', 'en', number=5)} ({atlas.article(5, DAY).title.en})"  # type: ignore[union-attr]
    ]


def test_the_enlargement_count_is_the_members_view(atlas: natoatlas.Atlas) -> None:
    count = member_views.members(atlas, DAY).count
    blocks = _section(atlas, "enlargement").blocks
    assert Paragraph(msg("brief.enlargement.count", "en", n=count)) in blocks
    assert isinstance(blocks[0], Bullets) and blocks[0].items
