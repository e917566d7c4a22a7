"""The view layer: one function per question, ``(atlas, day, …) -> View``.

Each view is a frozen dataclass (:mod:`natoatlas.views.base`) holding the whole answer: the
CLI's text and ``--json``, the API (its ``response_model``), MCP, the pages and the briefing
all render from it, so no answer is computed twice. :func:`to_json` gives the JSON of any view.
The question modules are imported when first used, so that a query imports only its own.
"""

from __future__ import annotations

from natoatlas.views.base import SECTION_OF, data_as_of, data_as_of_line, to_json

__all__ = ["SECTION_OF", "data_as_of", "data_as_of_line", "to_json"]
