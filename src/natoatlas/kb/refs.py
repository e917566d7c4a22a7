"""References between records, declared in the model's types and checked by one walker.

A field that names another record says so in its type: ``Annotated[Slug, Ref("Summit")]``.
:func:`links` walks a record and every record nested in it over the models' field metadata and
yields each reference it holds; :func:`dangling` checks all of them, in every data file (the
rows of ``spending.csv`` included), against the records of the kind they name. No list of
"fields that hold a country code" is kept by hand: a new field declared with a ``Ref`` is
checked the day it is added.

:class:`Ref` itself is defined in :mod:`natoatlas.kb.model`, which every start imports: this
module is imported only when data is checked.
"""

from __future__ import annotations

import functools
import types
import typing
from collections.abc import Iterator, Mapping
from typing import Any, NamedTuple

from natoatlas.kb.model import Ref
from natoatlas.kb.record import Frozen

__all__ = ["Dangling", "Link", "Ref", "RefField", "dangling", "links", "refs_of"]


class Link(NamedTuple):
    """One reference held by a record: where (``leads[0].country``), what, and to which kind."""

    path: str
    value: str
    ref: Ref


class Dangling(NamedTuple):
    """A reference to no record: the record that holds it, the link, and the file it should name."""

    file: str
    record: str
    link: Link
    target: str

    @property
    def message(self) -> str:
        return f"{self.link.path} {self.link.value!r} is not in {self.target}"


class RefField(NamedTuple):
    """How a field holds references or nested records: a plan worked out once per class."""

    name: str
    ref: Ref | None  # the reference the field (or each of its items) holds
    many: bool  # a tuple of values
    nested: bool  # the field (or its items) may be a model to walk into


def _refs_in(annotation: Any) -> tuple[Ref | None, bool, bool]:
    """The ``Ref`` in a field's type (through ``Annotated``, ``| None`` and ``tuple[…, ...]``),
    whether it holds many values, and whether it holds models."""
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        ref = next((m for m in annotation.__metadata__ if isinstance(m, Ref)), None)
        inner, many, nested = _refs_in(args[0])
        return ref or inner, many, nested
    if origin in (typing.Union, types.UnionType):
        found = [_refs_in(a) for a in args if a is not type(None)]
        ref = next((r for r, _, _ in found if r is not None), None)
        return ref, any(m for _, m, _ in found), any(n for _, _, n in found)
    if origin is tuple:
        ref, _, nested = _refs_in(args[0]) if args else (None, False, False)
        return ref, True, nested
    return None, False, isinstance(annotation, type) and issubclass(annotation, Frozen)


@functools.cache
def refs_of(model: type[Frozen]) -> tuple[RefField, ...]:
    """The fields of ``model`` that hold references or nested records."""
    plan = []
    for name, info in model.fields().items():
        ref = next((m for m in info.metadata if isinstance(m, Ref)), None)
        inner, many, nested = _refs_in(info.annotation)
        if ref or inner or nested:
            plan.append(RefField(name, ref or inner, many, nested))
    return tuple(plan)


def links(record: Frozen, path: str = "") -> Iterator[Link]:
    """Every reference ``record`` and the records nested in it hold, with its path."""
    for field in refs_of(type(record)):
        value = getattr(record, field.name)
        if value is None:
            continue
        items = list(enumerate(value)) if field.many else [(None, value)]
        for index, item in items:
            at = f"{path}{field.name}" if index is None else f"{path}{field.name}[{index}]"
            if isinstance(item, Frozen):
                yield from links(item, at + ".")
            elif field.ref is not None and isinstance(item, str):
                # A list of references reads as its items: "source 'x'", "country 'XYZ'".
                yield Link(f"{path}{field.ref.noun}" if field.many else at, item, field.ref)


def dangling(records: Mapping[str, tuple[Any, ...]], files: Mapping[str, type[Frozen]]) -> Iterator[Dangling]:
    """Every reference in ``records`` (data file → records) to a record that does not exist."""
    file_of = {model.__name__: name for name, model in files.items()}
    keys: dict[str, set[str]] = {}
    for file, items in records.items():
        for record in items:
            for link in links(record):
                targets = []
                for kind in (link.ref.kind, *link.ref.also):
                    target = file_of.get(kind)
                    if target is None:
                        raise LookupError(f"Ref({kind!r}) names no kind of record in the data files")
                    if target not in keys:
                        keys[target] = {r.key for r in records.get(target, ())}
                    targets.append(target)
                if not any(link.value in keys[target] for target in targets):
                    yield Dangling(file, record.key, link, targets[0])
