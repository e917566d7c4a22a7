"""One message of the catalogue (kept apart so that each part can import it)."""

from __future__ import annotations

from typing import NamedTuple

__all__ = ["Message"]


class Message(NamedTuple):
    """One message: its English and Japanese text, with ``{name}`` placeholders filled by
    ``msg``; ``ja_ours`` marks a Japanese text that is this project's own wording where an
    official one is expected (a treaty heading, say)."""

    en: str
    ja: str
    ja_ours: bool = False
