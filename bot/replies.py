"""What the bot says, as plain data: text plus optional quick-reply buttons."""

from __future__ import annotations

import json
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Button:
    title: str
    payload: str


@dataclass(frozen=True)
class Reply:
    text: str
    buttons: tuple[Button, ...] = field(default_factory=tuple)

    def as_message(self) -> dict:
        """Keyword arguments for rasa_sdk's `dispatcher.utter_message`."""
        message: dict = {"text": self.text}
        if self.buttons:
            message["buttons"] = [{"title": b.title, "payload": b.payload} for b in self.buttons]
        return message


@dataclass(frozen=True)
class Answer:
    """What a feature answers: the replies, and the KB entry answered (for follow-ups and
    feedback), if any."""

    replies: tuple[Reply, ...]
    entry_id: str | None


def intent_payload(intent: str, **entities: str) -> str:
    """A Rasa button payload that triggers `intent` with `entities`, e.g. /ask_about{"kb_entry":"evc"}."""
    if not entities:
        return f"/{intent}"
    return f"/{intent}{json.dumps(entities, ensure_ascii=False, separators=(',', ':'))}"


ADVISER_BUTTON = Button("Praat met een adviseur", intent_payload("request_human"))
