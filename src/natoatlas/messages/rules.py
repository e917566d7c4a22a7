"""Messages of the rules layer (see natoatlas.messages): id -> Message(en, ja)."""

from __future__ import annotations

from natoatlas.messages import Message

MESSAGES: dict[str, Message] = {
}  # fmt: skip
