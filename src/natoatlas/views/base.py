"""What every view shares: the JSON of a view, texts filled for the day, the data cut-off.

A view is a frozen stdlib dataclass (no pydantic schema is built to answer a query from the
CLI); :func:`to_json` turns one into the JSON-ready data that ``--json``, the API and MCP
give, keeping the field order as the key order. A field whose JSON key is not a Python name
(``from``) declares it with ``Annotated[..., key("from")]``; one that is left out when unset
(a mirror's ``copies``) with ``Annotated[..., OMIT]`` and a default of None; a record whose
keys stand in the view itself (``{**record, "ongoing": …}``) with ``Annotated[Model, FLAT]``.
FastAPI reads the same annotations (:func:`view` gives each view a schema hook that turns the
markers into pydantic's, and one for ``FLAT``), so ``/openapi.json`` names every key as the JSON has it.

Texts of the data are filled for the day in the view (:func:`filled`, :func:`bi`), so a
printer, a page or the JSON shows them as they are.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import typing
from collections.abc import Iterable
from typing import Annotated, Any, TypeVar, dataclass_transform

from natoatlas.atlas import Atlas
from natoatlas.dates import PartialDate, format_date
from natoatlas.kb.model import PDate, Source, SourceKind
from natoatlas.kb.record import Alias, Frozen, type_hints
from natoatlas.messages import msg
from natoatlas.rules.texts import fill

__all__ = [
    "FLAT",
    "OMIT",
    "SECTION_OF",
    "Bi",
    "SourceEntry",
    "bi",
    "change_points",
    "cited",
    "data_as_of",
    "data_as_of_line",
    "filled",
    "key",
    "source_entry",
    "source_ids",
    "to_json",
    "view",
]

T = TypeVar("T")

C = TypeVar("C", bound=type)


@dataclass_transform(frozen_default=True, kw_only_default=True, field_specifiers=(dataclasses.field,))
def view(cls: C) -> C:
    """A frozen dataclass with slots and keyword fields: the form of every view and its parts.

    Equality, hash and repr are the dataclass's (by the fields, in order), but shared by every
    view rather than generated for each: a query imports a dozen views, and generating their
    methods was a tenth of its start.
    """
    for name, method in (("__eq__", _eq), ("__hash__", _hash), ("__repr__", _repr)):
        if name not in vars(cls):
            setattr(cls, name, method)
    made: C = dataclasses.dataclass(frozen=True, slots=True, kw_only=True, eq=False, repr=False)(cls)  # type: ignore[assignment]
    made.__get_pydantic_core_schema__ = classmethod(_view_schema)  # type: ignore[attr-defined]
    return made


_NAMES: dict[type, tuple[str, ...]] = {}


def _names(cls: type) -> tuple[str, ...]:
    found = _NAMES.get(cls)
    if found is None:
        found = _NAMES[cls] = tuple(f.name for f in dataclasses.fields(cls))
    return found


def _values(value: Any) -> tuple[Any, ...]:
    return tuple(getattr(value, n) for n in _names(type(value)))


def _eq(self: Any, other: Any) -> bool:
    if other.__class__ is not self.__class__:
        return NotImplemented  # type: ignore[no-any-return]
    return _values(self) == _values(other)


def _hash(self: Any) -> int:
    return hash(_values(self))


def _repr(self: Any) -> str:
    inner = ", ".join(f"{n}={getattr(self, n)!r}" for n in _names(type(self)))
    return f"{type(self).__qualname__}({inner})"


def _view_schema(cls: type, source: Any, handler: Any) -> Any:
    """Pydantic (FastAPI's OpenAPI) reads a view as its twin in pydantic's terms (:func:`_twin`)."""
    return handler.generate_schema(_twin(cls))


@functools.cache
def _twin(cls: type) -> type:
    """A dataclass like the view ``cls`` (name, docstring, fields, defaults) whose annotations
    carry pydantic's metadata for the markers (:data:`OMIT`, :func:`key`, the records' own): the
    view itself imports no pydantic, so a query builds no schema."""
    from pydantic import Field

    from natoatlas.kb.shapes import translate

    omit = Field(default=None, json_schema_extra={"x-omitted-when-null": True})
    hints = typing.get_type_hints(cls, include_extras=True)
    ns: dict[str, Any] = {
        "__doc__": cls.__doc__,
        "__module__": cls.__module__,
        "__qualname__": cls.__qualname__,
    }
    annotations: dict[str, Any] = {}
    for field in dataclasses.fields(cls):
        annotation = hints[field.name]
        if typing.get_origin(annotation) is Annotated:
            inner, *meta = typing.get_args(annotation)
            annotation = Annotated[(inner, *(omit if m is OMIT else m for m in meta))]
        annotations[field.name] = translate(annotation)
        if field.default is not dataclasses.MISSING:
            ns[field.name] = field.default
        elif field.default_factory is not dataclasses.MISSING:
            ns[field.name] = dataclasses.field(default_factory=field.default_factory)
    ns["__annotations__"] = annotations
    made: type = dataclasses.dataclass(frozen=True, kw_only=True)(type(cls.__name__, (), ns))
    made.__get_pydantic_json_schema__ = classmethod(  # type: ignore[attr-defined]
        lambda _, core_schema, handler: _flat_schema(cls, core_schema, handler)
    )
    return made


def _flat_schema(cls: type, core_schema: Any, handler: Any) -> Any:
    """The JSON schema of a view with a :data:`FLAT` record: the record's properties in its place."""
    schema = handler(core_schema)
    if not any(flat for *_, flat in _keys(cls)):
        return schema
    target = handler.resolve_ref_schema(schema)
    properties, required = target["properties"], set(target.get("required", ()))
    merged: dict[str, Any] = {}
    needed: list[str] = []
    for _, alias, _, flat in _keys(cls):
        if flat:
            record = handler.resolve_ref_schema(properties[alias])
            merged.update(record["properties"])
            needed += [n for n in record.get("required", ()) if n not in needed]
        else:
            merged[alias] = properties[alias]
            if alias in required and alias not in needed:
                needed.append(alias)
    target["properties"], target["required"] = merged, needed
    return schema


def key(name: str) -> Any:
    """The JSON key of a field whose name cannot be a Python name (``from``, ``to``)."""
    return Alias(name)


class _Omit:
    """Marks a field left out of the JSON when it is None (declared with a default of None)."""

    def __repr__(self) -> str:
        return "OMIT"


#: Marks a field left out of the JSON when it is None (declared with a default of None).
OMIT: Any = _Omit()


class _Flat:
    """Marks a record field whose keys stand in the view itself (``{**record, "ongoing": …}``)."""

    def __repr__(self) -> str:
        return "FLAT"


#: A field holding a record (:class:`~natoatlas.kb.record.Frozen`) whose own keys are the view's first keys, as
#: the data file has them; the view's other fields follow (one of the same name replaces it).
FLAT: Any = _Flat()


@view
class Bi:
    """A text in both languages, as the JSON gives names: ``{"en": …, "ja": …}``."""

    en: str
    ja: str

    def get(self, lang: str) -> str:
        """The text in ``lang`` (``en`` or ``ja``)."""
        text: str = getattr(self, lang)
        return text


@functools.cache
def _keys(cls: type) -> tuple[tuple[str, str, bool, bool], ...]:
    """Each field's name, its JSON key, whether it is left out when None, and whether it is a
    :data:`FLAT` record."""
    hints = type_hints(cls)
    found = []
    for field in dataclasses.fields(cls):
        alias, omit, flat = field.name, False, False
        for meta in getattr(hints[field.name], "__metadata__", ()):
            if meta is OMIT:
                omit = True
            elif meta is FLAT:
                flat = True
            elif isinstance(meta, Alias):
                alias = meta.alias
        found.append((field.name, alias, omit, flat))
    return tuple(found)


def to_json(value: Any) -> Any:
    """A view as JSON-ready data: dicts in field order, lists, str, numbers, bool and None.

    Records of the data are given as the data file has them: its own field
    names, every field present (null if unset); days and partial dates as ISO text.
    """
    if isinstance(value, (PartialDate, dt.date)):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out: dict[str, Any] = {}
        for name, alias, omit, flat in _keys(type(value)):
            item = getattr(value, name)
            if flat:
                out.update(to_json(item))
            elif not (omit and item is None):
                out[alias] = to_json(item)
        return out
    if isinstance(value, Frozen):
        # The editors' choices (kb.choices: what the briefing highlights …) are not part of it.
        return value.dump(choices=False)
    if isinstance(value, (tuple, list)):
        return [to_json(item) for item in value]
    if isinstance(value, dict):
        return {k: to_json(v) for k, v in value.items()}
    return value


def filled(value: T, atlas: Atlas, day: dt.date) -> T:
    """A record (or tuple of them) with every text filled for ``day`` (:mod:`natoatlas.rules.texts`):
    each ``en`` and ``ja`` string at any depth, but quotes of sources (``citations``) and other
    sources' readings (``alternatives``) left verbatim, as they are the source's words."""
    if isinstance(value, Frozen):
        updates: dict[str, Any] = {}
        for name, info in type(value).fields().items():
            json_key = info.key
            if json_key in ("citations", "alternatives"):
                continue
            old = getattr(value, name)
            if json_key in ("en", "ja") and isinstance(old, str):
                new: Any = fill(old, atlas, day, json_key)
            else:
                new = filled(old, atlas, day)
            if new is not old and new != old:
                updates[name] = new
        return value.replace(**updates) if updates else value
    if isinstance(value, tuple):
        items = tuple(filled(item, atlas, day) for item in value)
        return value if all(a is b for a, b in zip(items, value, strict=True)) else items  # type: ignore[return-value]
    return value


def bi(value: Any, atlas: Atlas | None = None, day: dt.date | None = None) -> Bi:
    """A name or text (``en``/``ja``) as :class:`Bi`, filled for ``day`` when an Atlas is given."""
    if atlas is None or day is None:
        return Bi(en=value.en, ja=value.ja)
    return Bi(en=fill(value.en, atlas, day, "en"), ja=fill(value.ja, atlas, day, "ja"))


#: The briefing section whose review date (``reviews.yaml``) dates each query's data.
SECTION_OF = {
    "overview": ("overview",),
    "members": ("overview",),
    "countries": ("overview",),
    "country": ("overview", "enlargement"),
    "sg": ("overview",),
    "summits": ("overview",),
    "treaty": ("treaty",),
    "covers": ("treaty",),
    "consultations": ("treaty",),
    "enlargement": ("enlargement",),
    "accession": ("enlargement",),
    "partners": ("partners",),
    "organisation": ("organisation",),
    "commands": ("commands",),
    "forces": ("commands",),
    "concepts": ("concept",),
    "spending": ("spending",),
    "operations": ("operations",),
    "japan-nato": ("japan",),
    "article-4": ("treaty",),
    "article-5": ("treaty",),
    "diff": (
        "overview", "treaty", "enlargement", "partners", "organisation", "commands", "concept", "spending",
        "operations", "japan",
    ),
}  # fmt: skip


def data_as_of(atlas: Atlas, sections: Iterable[str]) -> str | None:
    """The data cut-off of these sections: the earliest day one of them was reviewed against its
    sources (ISO, at its precision), or None when any of them has not been reviewed."""
    dates = [atlas.reviewed(s) for s in sections]
    known = [d for d in dates if d is not None]
    if not known or len(known) < len(dates):
        return None
    return min(known, key=lambda d: d.first_day).isoformat()


def data_as_of_line(atlas: Atlas, sections: Iterable[str], lang: str) -> str:
    """The line every view ends with: ``data as of 2026-12-01`` / ``データは 2026年12月1日 現在``."""
    found = data_as_of(atlas, sections)
    if found is None:
        return msg("cli.data_as_of.none", lang)
    day = format_date(PartialDate.parse(found), lang, style="cutoff")
    return msg("cli.data_as_of", lang, day=day)


@view
class SourceEntry:
    """A cited source: what it is, who published it, and its ``kind`` (mirrors name what they copy)."""

    id: str
    kind: SourceKind
    title: str
    publisher: str
    url: str | None
    published: PDate | None
    copies: Annotated[str | None, OMIT] = None


def source_entry(value: Source) -> SourceEntry:
    return SourceEntry(
        id=value.id,
        kind=value.kind,
        title=value.title,
        publisher=value.publisher,
        url=value.url,
        published=value.published,
        copies=value.copies if value.kind == "mirror" else None,
    )


def cited(atlas: Atlas, ids: Iterable[str]) -> tuple[SourceEntry, ...]:
    """The sources of these ids without repeats, official first (:meth:`Atlas.cite`)."""
    return tuple(source_entry(s) for s in atlas.cite(*ids))


def source_ids(atlas: Atlas, ids: Iterable[str]) -> tuple[str, ...]:
    """Source ids without repeats, official ones first (the order of :meth:`Atlas.cite`)."""
    return tuple(s.id for s in atlas.cite(*(i for i in ids if i in atlas.sources)))


def _days_in(value: Any, found: set[dt.date]) -> None:
    if isinstance(value, PartialDate):
        found.add(value.first_day)
    elif isinstance(value, dt.date):
        found.add(value)
    elif isinstance(value, Frozen):
        for name in type(value).fields():
            _days_in(getattr(value, name), found)
    elif isinstance(value, (tuple, list, frozenset, set)):
        for item in value:
            _days_in(item, found)
    elif isinstance(value, dict):
        for item in value.values():
            _days_in(item, found)


def change_points(atlas: Atlas) -> tuple[dt.date, ...]:
    """The days on which a dated answer (``members``, ``sg``, ``summits`` …) may change, sorted.

    Every dated query compares its day with the days the data names (a bound's first day,
    :func:`natoatlas.kb.model.holds`), before (``<``) or through (``<=``, a summit's last day), and
    texts are filled from the same queries. So each day named in the data and the day after it
    are all the points where an answer can change: between two consecutive points, every dated
    answer is the same but for its ``on`` (the web API caches one answer per interval).
    """
    named: set[dt.date] = set()
    for records in atlas.records.values():
        _days_in(records, named)
    return tuple(sorted(named | {d + dt.timedelta(days=1) for d in named if d < dt.date.max}))
