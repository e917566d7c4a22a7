"""The query commands' ``--json`` answers without click: a whole process that starts fast.

Importing click and the command modules costs more than answering ``members --on DAY --json``
from the cache. :func:`run` answers the command lines it fully understands — a query command
(:data:`QUERIES`), its options each given once (``--on``, ``--lang``, ``--json``, ``spending``'s
``--year``), the packaged
data — and gives up (None) on anything else: another command or option, ``--data`` or
``$NATOATLAS_DATA``, a malformed day, an unknown country, any error at all. Then
:func:`natoatlas.cli.main` runs click as always, so every error and every other output is
click's own; the answers printed here are the same bytes (``tests/test_cli_fast.py``).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any

__all__ = ["QUERIES", "run"]


_Options = dict[str, str]


def _members(atlas: Any, day: dt.date, args: list[str], options: _Options) -> Any:
    from natoatlas.views.members import members

    return members(atlas, day)


def _sg(atlas: Any, day: dt.date, args: list[str], options: _Options) -> Any:
    from natoatlas.views.members import secretary_general

    return secretary_general(atlas, day)


def _country(atlas: Any, day: dt.date, args: list[str], options: _Options) -> Any:
    from natoatlas.views.members import country

    return country(atlas, atlas.country(args[0]), day)


def _overview(atlas: Any, day: dt.date, args: list[str], options: _Options) -> Any:
    from natoatlas.views.overview import overview

    return overview(atlas, day)


def _spending(atlas: Any, day: dt.date, args: list[str], options: _Options) -> Any:
    """``spending [--year N]``: the rows of the newest release by the day (``natoatlas.cli.spending``)."""
    from natoatlas.views import params
    from natoatlas.views.spending import spending_rows

    year = params.whole(options["--year"], *params.YEARS) if "--year" in options else None
    chosen = atlas.spending.release(None, day)
    rows = spending_rows(atlas, year, None, chosen.id, "pct_gdp", day)
    atlas.spending.compliance(
        rows[0].year, 2.0, "pct_gdp", chosen.id
    )  # as click's path: its errors are click's
    return rows


#: Command → (how many arguments it takes, whether ``--lang`` has a default, the options it takes
#: besides ``--on``, ``--lang`` and ``--json``, the view it prints).
QUERIES: dict[str, tuple[int, bool, tuple[str, ...], Callable[[Any, dt.date, list[str], _Options], Any]]] = {
    "members": (0, True, (), _members),
    "sg": (0, True, (), _sg),
    "country": (1, True, (), _country),
    "overview": (0, False, (), _overview),
    "spending": (0, True, ("--year",), _spending),
}


def _parse(argv: Sequence[str]) -> tuple[str, list[str], _Options] | None:
    """The command, its arguments and options, if the line is one this module answers."""
    if not argv or argv[0] not in QUERIES:
        return None
    command, rest = argv[0], list(argv[1:])
    arity, lang_default, extra, _ = QUERIES[command]
    given: dict[str, str] = {}
    args: list[str] = []
    i = 0
    while i < len(rest):
        word = rest[i]
        name, eq, value = word.partition("=")
        if word == "--json":
            name, value = "--json", ""
        elif name in ("--on", "--lang", *extra):
            if not eq:
                if i + 1 >= len(rest):
                    return None
                i += 1
                value = rest[i]
                if value.startswith("-"):
                    return None  # click's reading of "--on --json" is click's to give
        elif word.startswith("-"):
            return None  # --help, another option, "--", a negative number: click decides
        else:
            args.append(word)
            i += 1
            continue
        if name in given:
            return None
        given[name] = value
        i += 1
    if "--json" not in given or len(args) != arity:
        return None
    from natoatlas.views.params import LANGS

    lang = given.get("--lang")
    if lang is None and lang_default:
        lang = os.environ.get("NATOATLAS_LANG", "en")
    if lang is not None and lang not in LANGS:
        return None
    return command, args, given


def run(argv: Sequence[str]) -> int | None:
    """Print the answer of ``argv`` and give the exit status (0); None if click is to run it."""
    if os.environ.get("NATOATLAS_DATA"):
        return None
    parsed = _parse(argv)
    if parsed is None:
        return None
    command, args, options = parsed
    try:
        from natoatlas.atlas import load
        from natoatlas.views import to_json
        from natoatlas.views.params import day as parse_day

        on = options.get("--on")
        day = parse_day(on) if on is not None else dt.date.today()
        view = QUERIES[command][3](load(None), day, args, options)
        text = json.dumps(to_json(view), ensure_ascii=False, indent=2)
    except Exception:  # noqa: BLE001 - whatever went wrong, click's path says it in its words
        return None
    try:
        sys.stdout.write(text + "\n")
        sys.stdout.flush()
    except OSError:
        return None  # a closed pipe: click's path meets it too, and says what it says
    return 0
