"""Messages of the web layer (see natoatlas.messages): id -> Message(en, ja)."""

from __future__ import annotations

from natoatlas.messages.message import Message

MESSAGES: dict[str, Message] = {
}  # fmt: skip
