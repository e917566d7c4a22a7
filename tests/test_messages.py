"""The message catalogue: every id used in the code exists, and every message is whole in both
languages with the same placeholders."""

from __future__ import annotations

import re
from pathlib import Path

import natoatlas
from natoatlas.messages import catalogue, msg, placeholders

SRC = Path(natoatlas.__file__).parent
USED = re.compile(r"""\bmsg\(\s*["']([a-z0-9_.\-]+)["']""")


def test_every_used_id_is_in_the_catalogue() -> None:
    known = catalogue()
    used = {m for path in SRC.rglob("*.py") for m in USED.findall(path.read_text(encoding="utf-8"))}
    used |= {m for path in SRC.rglob("*.html") for m in USED.findall(path.read_text(encoding="utf-8"))}
    # An id ending in "." is a prefix completed in the template (``'web.summits.kind.' ~ kind``):
    # some message must complete it.
    prefixes = {m for m in used if m.endswith(".")}
    assert sorted(p for p in prefixes if not any(k.startswith(p) for k in known)) == []
    assert sorted(used - prefixes - known.keys()) == []


def test_every_message_is_whole_in_both_languages() -> None:
    for key, message in catalogue().items():
        # A suffix is a word some languages put after a field and others do not (…から): it alone
        # may be empty in one language.
        whole = message.en.strip() and message.ja.strip()
        assert whole or (key.endswith(".suffix") and (message.en.strip() or message.ja.strip())), key
        assert placeholders(message.en) == placeholders(message.ja), key


def test_msg_fills_placeholders() -> None:
    for key, message in catalogue().items():
        names = placeholders(message.en)
        if names:
            values = {n: f"<{n}>" for n in names}
            assert all(f"<{n}>" in msg(key, "ja", **values) for n in names)
            break
