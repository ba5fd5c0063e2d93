"""A short summary and a redacted transcript of a conversation, for the adviser."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from bot.privacy.redaction import redact, redact_user_text

MAX_TRANSCRIPT_TURNS = 40
SUMMARY_SLOTS = ("municipality", "topic", "age", "work_situation", "goal", "education_level",
                 "last_entry")  # fmt: skip


def _clean(who: str, text: str) -> str:
    return redact_user_text(text) if who == "user" else redact(text)


def transcript(events: Iterable[dict[str, Any]]) -> list[dict[str, str]]:
    """The last turns as [{"who": "user"|"bot", "text": ...}], personal data (and in what the
    user typed, person names) removed."""
    turns = [
        {"who": event["event"], "text": _clean(event["event"], event.get("text") or "")}
        for event in events
        if event.get("event") in ("user", "bot") and event.get("text")
    ]
    return turns[-MAX_TRANSCRIPT_TURNS:]


def conversation_summary(events: Iterable[dict[str, Any]], slots: dict[str, Any]) -> str:
    """What the user asked (last three questions) and what the bot already knows."""
    events = list(events)
    questions = [e.get("text") or "" for e in events if e.get("event") == "user"]
    questions = [redact_user_text(q) for q in questions if q and not q.startswith("/")][-3:]
    known = [f"{name}: {slots[name]}" for name in SUMMARY_SLOTS if slots.get(name)]
    parts = []
    if questions:
        parts.append("Vragen: " + " | ".join(questions))
    if known:
        parts.append("Bekend: " + ", ".join(known))
    return redact(". ".join(parts) or "Geen vraag bekend.")
