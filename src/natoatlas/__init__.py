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

from natoatlas.atlas import Atlas, Enlargement, Member, Partner
from natoatlas.dates import PartialDate, Precision
from natoatlas.loader import check, load

if TYPE_CHECKING:
    from natoatlas.briefing import Briefing
    from natoatlas.briefing.build import build as build_briefing
    from natoatlas.diff import Change
    from natoatlas.export import export
    from natoatlas.treaty import AccessionStatus, Coverage
    from natoatlas.validate import DataError, Problem
    from natoatlas.writers import write as write_briefing

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
    "DataError": ("natoatlas.validate", "DataError"),
    "Problem": ("natoatlas.validate", "Problem"),
    "AccessionStatus": ("natoatlas.treaty", "AccessionStatus"),
    "Briefing": ("natoatlas.briefing", "Briefing"),
    "Change": ("natoatlas.diff", "Change"),
    "Coverage": ("natoatlas.treaty", "Coverage"),
    "build_briefing": ("natoatlas.briefing", "build"),
    "export": ("natoatlas.export", "export"),
    "write_briefing": ("natoatlas.writers", "write"),
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        module, attribute = _LAZY[name]
        return getattr(importlib.import_module(module), attribute)
    raise AttributeError(f"module 'natoatlas' has no attribute {name!r}")
