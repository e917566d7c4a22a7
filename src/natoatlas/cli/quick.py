"""``brief`` without click: the briefing written by a whole process that starts fast.

Importing click and the command modules was a tenth of a Markdown briefing's CPU time.
:func:`brief` runs the command lines it fully understands — ``brief`` first, its options
(``--on``, ``--lang``, ``--sections``, ``--since``, ``-o``/``--output``, ``--issuer``) each given
once and valid, the packaged data — and gives up (None) on anything else, before doing any work:
another option, ``--data`` or ``$NATOATLAS_DATA``, ``--help``, a malformed day, an unknown section,
a path that cannot be written. It gives up too when building or writing fails (nothing is left
behind: the write is atomic); then :func:`natoatlas.cli.main` runs click as always, so every error
and every other output is click's own. What is printed and written here is the same bytes
(``tests/test_cli_batch.py``).
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Sequence
from pathlib import Path

__all__ = ["brief", "output_problem"]

#: Each option of ``brief`` by every name it is given with, and its parameter's name.
_OPTIONS = {
    "--on": "on",
    "--lang": "lang",
    "--sections": "sections",
    "--since": "since",
    "-o": "output",
    "--output": "output",
    "--issuer": "issuer",
}


def output_problem(path: Path, folder: bool = False) -> str | None:
    """Why ``path`` cannot be written, or None: checked before the work, so a briefing is not
    rendered for seconds only to fail on a typo. (The write itself still reports what the system
    says.)"""
    if path.exists() and path.is_dir() != folder:
        return f"{path} is a {'file' if folder else 'folder'}, not a {'folder' if folder else 'file'}"
    parent = path.parent
    while not parent.exists() and parent != parent.parent:
        parent = parent.parent
    if not parent.is_dir():
        return f"{parent} is a file, not a folder: cannot write {path}"
    if not os.access(parent, os.W_OK | os.X_OK):
        return f"cannot write {path}: {parent} is not writable"
    return None


def _options(args: Sequence[str]) -> dict[str, str] | None:
    """``brief``'s options by parameter name, or None for a line click is to read."""
    if not args or args[0] != "brief":
        return None
    found: dict[str, str] = {}
    rest = iter(args[1:])
    for word in rest:
        name, equals, value = word.partition("=") if word.startswith("--") else (word, "", "")
        parameter = _OPTIONS.get(name)
        if parameter is None or parameter in found:
            return None
        if not equals:
            value = next(rest, "")
            if not value or value.startswith("-"):
                return None
        found[parameter] = value
    return found if "output" in found else None


def brief(args: Sequence[str]) -> int | None:
    """Write the briefing ``args`` asks for and print what click prints (0), or None when the
    line or anything about it is left to click."""
    options = _options(args)
    if options is None or os.environ.get("NATOATLAS_DATA"):
        return None
    from natoatlas.render.briefing import build, chosen_sections
    from natoatlas.render.writers import FORMATS, write
    from natoatlas.views import params

    lang = options.get("lang", os.environ.get("NATOATLAS_LANG", "en"))
    output = Path(options["output"])
    if lang not in params.LANGS or output.suffix.lower() not in FORMATS or output_problem(output):
        return None
    try:
        day = params.day(options["on"]) if "on" in options else dt.date.today()
        since = params.day(options["since"]) if "since" in options else None
        names = [s.strip() for s in options["sections"].split(",")] if "sections" in options else None
        if names is not None and not all(names):
            return None
        chosen = chosen_sections(names)
    except ValueError:  # ParamError too
        return None
    if since is not None and since > day:
        return None
    from natoatlas.atlas import load

    try:
        briefing = build(
            load(), on=day, lang=lang, sections=chosen, since=since, issuer=options.get("issuer")
        )
        write(briefing, output)
    except Exception:  # noqa: BLE001 - click's path runs the command again and reports it its way
        return None
    sys.stdout.write(
        f"wrote {output} ({output.stat().st_size:,} bytes, {len(briefing.sections)} sections, "
        f"{day.isoformat()}, {lang})\n"
    )
    sys.stdout.flush()
    return 0
