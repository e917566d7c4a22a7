"""NATO Atlas: a sourced, temporal, bilingual knowledge system about NATO.

>>> import natoatlas
>>> atlas = natoatlas.load()
>>> atlas.secretary_general(on="2015-01-01").name.en
'Jens Stoltenberg'
>>> atlas.treaty.covers("Canary Islands", on="2025-05-01").covered
True
"""

from natoatlas.atlas import Atlas, Enlargement, Member, Partner
from natoatlas.briefing import Briefing
from natoatlas.briefing import build as build_briefing
from natoatlas.dates import PartialDate, Precision
from natoatlas.diff import Change
from natoatlas.export import export
from natoatlas.loader import check, load
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
