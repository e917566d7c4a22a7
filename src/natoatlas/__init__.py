"""NATO Atlas: a sourced, temporal, bilingual knowledge system about NATO.

>>> import natoatlas
>>> atlas = natoatlas.load()
>>> atlas.secretary_general(on="2015-01-01").name.en
'Jens Stoltenberg'
>>> atlas.treaty.covers("Canary Islands", on="2025-05-01").covered
True
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from natoatlas.atlas import Atlas, Enlargement, Member, Partner, load
from natoatlas.dates import PartialDate, Precision
from natoatlas.kb.loader import check

if TYPE_CHECKING:
    from natoatlas.kb.validate import DataError, Problem
    from natoatlas.render.briefing import Briefing
    from natoatlas.render.briefing.build import build as build_briefing
    from natoatlas.render.export import export
    from natoatlas.render.writers import write as write_briefing
    from natoatlas.rules.diff import Change
    from natoatlas.rules.treaty import AccessionStatus, Coverage

__all__ = [
    "AccessionStatus",
    "Atlas",
    "Briefing",
    "Change",
    "Coverage",
    "DataError",
    "Enlargement",
    "Member",
    "PartialDate",
    "Partner",
    "Precision",
    "Problem",
    "build_briefing",
    "check",
    "export",
    "load",
    "write_briefing",
]

# The briefing, writers and exports import more (charts, maps), and the validator YAML: load them
# when first asked for, so that a plain query (the CLI's members --json) starts fast.
_LAZY = {
    "DataError": ("natoatlas.kb.validate", "DataError"),
    "Problem": ("natoatlas.kb.validate", "Problem"),
    "AccessionStatus": ("natoatlas.rules.treaty", "AccessionStatus"),
    "Briefing": ("natoatlas.render.briefing", "Briefing"),
    "Change": ("natoatlas.rules.diff", "Change"),
    "Coverage": ("natoatlas.rules.treaty", "Coverage"),
    "build_briefing": ("natoatlas.render.briefing", "build"),
    "export": ("natoatlas.render.export", "export"),
    "write_briefing": ("natoatlas.render.writers", "write"),
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        module, attribute = _LAZY[name]
        return getattr(importlib.import_module(module), attribute)
    raise AttributeError(f"module 'natoatlas' has no attribute {name!r}")
