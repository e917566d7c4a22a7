"""NATO Atlas: a sourced, temporal, bilingual knowledge system about NATO.

>>> import natoatlas
>>> atlas = natoatlas.load()
>>> atlas.secretary_general(on="2015-01-01").name.en
'Jens Stoltenberg'
"""

from natoatlas.atlas import Atlas, Enlargement, Member
from natoatlas.dates import PartialDate, Precision
from natoatlas.loader import check, load
from natoatlas.validate import DataError, Problem

__all__ = [
    "Atlas",
    "DataError",
    "Enlargement",
    "Member",
    "PartialDate",
    "Precision",
    "Problem",
    "check",
    "load",
]
