"""Choices as data: the fields that say how the Atlas uses a record, not what a source states.

What the briefing highlights, which map shows a place, an Ally's home region for Article 6 …
are decided by editors and kept in the data files beside the facts they choose from, so that a
translation fix can never drop a line and a new record is chosen without a code change. Such a
field is marked :data:`CHOICE` in the model (``Annotated[..., CHOICE]``). The data files, the
cache and validation keep it like any field; the JSON payloads and the exports, whose shapes are
documented and kept stable, leave it out (``Frozen.dump(choices=False)``, :func:`excluded`).

The marker itself is defined with the record base (:mod:`natoatlas.kb.record`), which reads it.
"""

from __future__ import annotations

import functools
import types
import typing
from typing import Any

from natoatlas.kb.record import CHOICE, Choice, Frozen

__all__ = ["CHOICE", "Choice", "excluded", "is_choice"]


def is_choice(model: type[Frozen], name: str) -> bool:
    """Whether field ``name`` of ``model`` is a choice."""
    return model.is_choice(name)


def _models_in(annotation: Any) -> list[type[Frozen]]:
    """The models a field's values can be: ``Text``, ``tuple[Text, ...]``, ``Text | None`` …"""
    if isinstance(annotation, type) and issubclass(annotation, Frozen):
        return [annotation]
    found: list[type[Frozen]] = []
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _models_in(typing.get_args(annotation)[0])
    if origin in (tuple, list, typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            if arg is not Ellipsis:
                found += _models_in(arg)
    return found


@functools.cache
def excluded(model: type[Frozen]) -> dict[str, Any] | None:
    """The ``exclude=`` spec (pydantic's form) that leaves out every choice field of
    ``model`` and of the models nested in it (None where there is none)."""
    spec: dict[str, Any] = {}
    for name, field in model.fields().items():
        if model.is_choice(name):
            spec[name] = True
            continue
        nested = [e for m in _models_in(field.annotation) if (e := excluded(m)) is not None]
        if not nested:
            continue
        inner: dict[str, Any] = {}
        for e in nested:
            inner.update(e)
        sequence = typing.get_origin(field.annotation) in (tuple, list) or any(
            typing.get_origin(a) in (tuple, list) for a in typing.get_args(field.annotation)
        )
        spec[name] = {"__all__": inner} if sequence else inner
    return spec or None
