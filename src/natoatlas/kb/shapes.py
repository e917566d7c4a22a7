"""The pydantic shapes of the record types: made from their annotations, used only to check data.

The record types (:mod:`natoatlas.kb.model`) are plain classes, so that a query answered from
the signed cache imports no pydantic. Reading a data file (authoring, ``natoatlas check``), the
JSON Schemas of the data files and FastAPI's OpenAPI need pydantic: for each record type this
module makes a model of the same name, fields, defaults, docstring and configuration
(:func:`shape`), the annotations' markers turned into pydantic's (:func:`translate`), and
validating it builds the record (its ``_check`` run after). A record type met anywhere pydantic
looks (a view's field, ``tuple[Target, ...]``, another record's field) is given its shape by
:meth:`natoatlas.kb.record.Frozen.__get_pydantic_core_schema__`; a view (a stdlib dataclass
whose annotations carry the same markers) is translated by :mod:`natoatlas.views.base`.
"""

from __future__ import annotations

import datetime as dt
import functools
import types
import typing
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    StringConstraints,
    TypeAdapter,
    WithJsonSchema,
    create_model,
)

from natoatlas.dates import PartialDate
from natoatlas.kb.record import DATE, Alias, Frozen, MinLen, Range, Str

__all__ = ["adapter", "core_schema", "shape", "translate", "validate"]

#: What every record's shape allows: no unknown field, the field's name or its data-file key.
CONFIG = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


def _partial_date(value: Any) -> PartialDate:
    if isinstance(value, PartialDate):
        return value
    if isinstance(value, dt.date):
        # YAML reads an unquoted 2023-04-04 as a date; accept it, it is day-precise.
        return PartialDate.of(value)
    if isinstance(value, int):
        value = str(value)
    if not isinstance(value, str):
        raise ValueError(f"{value!r} is not a date")
    return PartialDate.parse(value)


_DATE: tuple[Any, ...] = (
    BeforeValidator(_partial_date),
    PlainSerializer(lambda d: d.isoformat(), return_type=str),
    # What an editor writes (and the JSON Schema of the data files shows): the text, not the parts.
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$",
            "examples": ["1949", "2018-07", "2023-04-04"],
        }
    ),
)


def _marker(meta: Any) -> tuple[Any, ...]:
    """Pydantic's metadata for one marker (others, such as ``Ref`` and ``CHOICE``, kept as they are)."""
    if meta is DATE:
        return _DATE
    if isinstance(meta, Str):
        given = {"min_length": meta.min_length, "max_length": meta.max_length, "pattern": meta.pattern}
        kwargs: dict[str, Any] = {k: v for k, v in given.items() if v is not None}
        if meta.strip:
            kwargs["strip_whitespace"] = True
        return (StringConstraints(**kwargs),)
    if isinstance(meta, MinLen):
        return (Field(min_length=meta.min_length),)
    if isinstance(meta, Range):
        return (Field(ge=meta.ge, le=meta.le),)
    if isinstance(meta, Alias):
        return (Field(alias=meta.alias),)
    return (meta,)


def translate(annotation: Any) -> Any:
    """An annotation with the record markers turned into pydantic's, at any depth."""
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is Annotated:
        base, *meta = args
        out = [m for item in meta for m in _marker(item)]
        return Annotated[(translate(base), *out)]
    if origin in (typing.Union, types.UnionType):
        return typing.Union[tuple(translate(a) for a in args)]  # noqa: UP007
    if origin is tuple:
        return tuple[tuple(a if a is Ellipsis else translate(a) for a in args)]  # type: ignore[misc]
    return annotation


@functools.cache
def shape(cls: type[Frozen]) -> type[BaseModel]:
    """The pydantic model of a record type: same name, fields (by data-file key), defaults, docstring."""
    fields: dict[str, Any] = {}
    for name, field in cls.fields().items():
        annotation = translate(field.full)
        fields[name] = (annotation, ... if field.is_required() else field.default)
    model = create_model(
        cls.__name__, __config__=CONFIG, __doc__=cls.__doc__, __module__=cls.__module__, **fields
    )
    model.__qualname__ = cls.__qualname__
    return model


def _builder(cls: type[Frozen]) -> Any:
    names = tuple(cls.fields())

    def build(value: BaseModel) -> Frozen:
        record = cls._make(getattr(value, n) for n in names)
        record._check()
        return record

    return build


def core_schema(cls: type[Frozen], handler: Any) -> Any:
    """The pydantic core schema of a record type: its shape, validated into the record."""
    return handler.generate_schema(Annotated[shape(cls), AfterValidator(_builder(cls))])


@functools.cache
def adapter(kind: Any) -> TypeAdapter[Any]:
    """A validator of ``kind`` (a record type, ``list[Country]`` …): built once per type."""
    return TypeAdapter(kind)


def validate(cls: type[Frozen], data: Any) -> Any:
    """The record of ``data`` as a data file holds it, checked (raises ``ValidationError``)."""
    return adapter(cls).validate_python(data)
