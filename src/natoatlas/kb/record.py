"""The base of every record type: a plain frozen class with slots, no pydantic.

A query answered from the signed cache builds records that were checked when they were cached,
so it needs neither validation nor a schema: the record types are plain classes, cheap to
define at import and to build. Their annotations carry what a data file may hold, as markers
(:class:`Alias`, :class:`Str`, :class:`MinLen`, :class:`Range`, :data:`DATE`, and
:class:`~natoatlas.kb.model.Ref` and :data:`~natoatlas.kb.choices.CHOICE`):
:mod:`natoatlas.kb.shapes` turns them into pydantic models when data is read from YAML and
checked (authoring), for the JSON Schemas of the data files and for the API's OpenAPI.

This module imports nothing of the package but the dates.
"""

from __future__ import annotations

import re
import sys
import typing
from collections.abc import Mapping
from typing import Any, NamedTuple, Self, dataclass_transform

from natoatlas.dates import PartialDate

__all__ = ["CHOICE", "DATE", "Alias", "Choice", "Field", "Frozen", "MinLen", "Range", "Str"]


class Choice:
    """The marker of an editors' choice field (see :mod:`natoatlas.kb.choices`)."""

    def __repr__(self) -> str:
        return "CHOICE"


CHOICE = Choice()


class Alias(NamedTuple):
    """The key of a field in the data files where it differs from its name (``from``, ``to``)."""

    alias: str


class Str(NamedTuple):
    """Constraints of a text: a pattern it must match, a least length, surrounding space removed."""

    pattern: str | None = None
    min_length: int | None = None
    strip: bool = False
    max_length: int | None = None


class MinLen(NamedTuple):
    """The least number of items of a tuple."""

    min_length: int


class Range(NamedTuple):
    """The bounds (inclusive) of a number."""

    ge: float | None = None
    le: float | None = None


class _Date:
    """Marks a :class:`PartialDate` written in the data as text (``1949``, ``2018-07``, ``2023-04-04``)."""

    def __repr__(self) -> str:
        return "DATE"


DATE = _Date()

_MISSING: Any = object()


class Field(NamedTuple):
    """A field of a record type: its name, data-file key, type (without the outer ``Annotated``),
    the markers of that ``Annotated`` and its default (``MISSING``: required)."""

    name: str
    alias: str | None
    annotation: Any
    metadata: tuple[Any, ...]
    default: Any
    full: Any  # the whole annotation, markers included

    def is_required(self) -> bool:
        return self.default is _MISSING

    @property
    def key(self) -> str:
        return self.alias or self.name


MISSING = _MISSING


def _split(annotation: Any) -> tuple[Any, tuple[Any, ...], str | None]:
    if typing.get_origin(annotation) is typing.Annotated:
        base, *meta = typing.get_args(annotation)
        alias = next((m.alias for m in meta if isinstance(m, Alias)), None)
        return base, tuple(m for m in meta if not isinstance(m, Alias)), alias
    return annotation, (), None


class _FrozenMeta(type):
    """Gives each record type the slots of the fields it declares, its defaults kept aside."""

    def __new__(mcls, name: str, bases: tuple[type, ...], ns: dict[str, Any]) -> _FrozenMeta:
        declared = [n for n in ns.get("__annotations__", {}) if not n.startswith("_")]
        slotted = {s for b in bases for k in b.__mro__ for s in getattr(k, "__slots__", ())}
        defaults = {n: ns.pop(n) for n in declared if n in ns}
        ns["__slots__"] = tuple(n for n in declared if n not in slotted)
        ns["_declared_defaults"] = defaults
        return super().__new__(mcls, name, bases, ns)


@dataclass_transform(frozen_default=True, kw_only_default=True)
class Frozen(metaclass=_FrozenMeta):
    """A record: frozen, its fields in order (those of base classes first), built without checks.

    ``Type(**values)`` (by field name or data-file key) and :meth:`build` take values as they are;
    reading data (:mod:`natoatlas.kb.shapes`) is where they are checked.
    """

    __slots__ = ()
    _declared_defaults: typing.ClassVar[dict[str, Any]]

    def __init__(self, **values: Any) -> None:
        plan = _plan(type(self))
        for name, key, default in plan.init:
            if name in values:
                value = values.pop(name)
            elif key in values:
                value = values.pop(key)
            elif default is _MISSING:
                raise TypeError(f"{type(self).__name__}: missing field {name!r}")
            else:
                value = default
            object.__setattr__(self, name, value)
        if values:
            raise TypeError(f"{type(self).__name__}: unknown fields {sorted(values)}")

    @classmethod
    def _make(cls, values: typing.Iterable[Any]) -> Self:
        """A record of one value per field, in field order (the cache and the shapes use it)."""
        record = object.__new__(cls)
        for name, value in zip(_plan(cls).names, values, strict=True):
            object.__setattr__(record, name, value)
        return record

    @classmethod
    def fields(cls) -> Mapping[str, Field]:
        """The fields, in order: base classes' first (as pydantic orders a model's)."""
        return _plan(cls).fields

    @classmethod
    def is_choice(cls, name: str) -> bool:
        """Whether field ``name`` is an editors' choice (:mod:`natoatlas.kb.choices`)."""
        return name in _plan(cls).choices

    def replace(self, **changes: Any) -> Self:
        """A copy with these fields (by name) changed, unchecked."""
        names = _plan(type(self)).names
        unknown = set(changes) - set(names)
        if unknown:
            raise TypeError(f"{type(self).__name__}: unknown fields {sorted(unknown)}")
        return type(self)._make(changes[n] if n in changes else getattr(self, n) for n in names)

    def dump(self, *, choices: bool = True, defaults: bool = True) -> dict[str, Any]:
        """The record as the data file has it, JSON-ready: keys by data-file key, dates as text;
        ``choices=False`` leaves out the editors' choices (here and nested), ``defaults=False``
        the fields whose value is their default."""
        out: dict[str, Any] = {}
        plan = _plan(type(self))
        for name, key, default in plan.init:
            if not choices and name in plan.choices:
                continue
            value = getattr(self, name)
            if not defaults and default is not _MISSING and value == default:
                continue
            out[key] = _json(value, choices, defaults)
        return out

    def _check(self) -> None:
        """Checks across fields of one record, run when data is read (raise ValueError)."""

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is frozen: {name!r} cannot be set")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is frozen: {name!r} cannot be deleted")

    def _values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, n) for n in _plan(type(self)).names)

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self._values() == other._values()

    def __hash__(self) -> int:
        return hash((type(self), self._values()))

    def __repr__(self) -> str:
        inner = ", ".join(f"{n}={getattr(self, n)!r}" for n in _plan(type(self)).names)
        return f"{type(self).__name__}({inner})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self)._make, (self._values(),))

    def __copy__(self) -> Self:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> Self:
        return self

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> Any:
        """Pydantic (checking data, FastAPI's OpenAPI) sees the record's shape: the module that
        makes it, :mod:`natoatlas.kb.shapes`, is imported by whatever uses pydantic on records
        (looked up here, not imported: it builds on this module)."""
        shapes = sys.modules.get("natoatlas.kb.shapes")
        if shapes is None:
            raise TypeError(
                f"{cls.__name__}: import natoatlas.kb.shapes before asking pydantic for its schema"
            )
        return shapes.core_schema(cls, handler)


def _json(value: Any, choices: bool, defaults: bool) -> Any:
    if isinstance(value, Frozen):
        return value.dump(choices=choices, defaults=defaults)
    if isinstance(value, PartialDate):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [_json(v, choices, defaults) for v in value]
    return value


#: Annotation texts already evaluated, by module and text (see :func:`type_hints`).
_EVALUATED: dict[tuple[str, str], Any] = {}
_WORD = re.compile(r"[A-Za-z_][A-Za-z_0-9]*")


def type_hints(cls: type) -> dict[str, Any]:
    """``typing.get_type_hints(cls, include_extras=True)``, each annotation text evaluated once
    per module: the records' modules postpone their annotations, and ``get_type_hints`` compiles
    every text of every class anew (``Annotated[str, Str(...)]`` a hundred times over), a tenth
    of a query's start. A text naming an attribute of its class is evaluated for that class alone,
    as ``get_type_hints`` would (the class's namespace comes before the module's)."""
    hints: dict[str, Any] = {}
    for base in reversed(cls.__mro__):
        annotations = base.__dict__.get("__annotations__")  # noqa: RUF063 - inspect is not imported to answer a query
        if not annotations:
            continue
        module = sys.modules[base.__module__].__dict__
        local = dict(vars(base))
        for name, value in annotations.items():
            if isinstance(value, str):
                memo = (base.__module__, value)
                found = _EVALUATED.get(memo, _MISSING)
                if found is _MISSING:
                    found = eval(value, module, local)  # noqa: S307 - the package's own annotations
                    if not any(word in local for word in _WORD.findall(value)):
                        _EVALUATED[memo] = found
                value = found
            hints[name] = type(None) if value is None else value
    return hints


class _Plan(NamedTuple):
    names: tuple[str, ...]
    init: tuple[tuple[str, str, Any], ...]
    fields: Mapping[str, Field]
    choices: frozenset[str]


_PLANS: dict[type, _Plan] = {}


def _plan(cls: type) -> _Plan:
    """The fields of a record type, worked out once (annotations are read when first needed)."""
    found = _PLANS.get(cls)
    if found is not None:
        return found
    hints = type_hints(cls)
    defaults: dict[str, Any] = {}
    for klass in reversed(cls.__mro__):
        defaults.update(
            getattr(klass, "_declared_defaults", {}) if "_declared_defaults" in vars(klass) else {}
        )
    fields: dict[str, Field] = {}
    for name, annotation in hints.items():
        if typing.get_origin(annotation) is typing.ClassVar or name.startswith("_"):
            continue
        base, meta, alias = _split(annotation)
        fields[name] = Field(name, alias, base, meta, defaults.get(name, _MISSING), annotation)
    choices = frozenset(n for n, f in fields.items() if any(isinstance(m, Choice) for m in f.metadata))
    plan = _Plan(
        tuple(fields),
        tuple((n, f.key, f.default) for n, f in fields.items()),
        fields,
        choices,
    )
    _PLANS[cls] = plan
    return plan
