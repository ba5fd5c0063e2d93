"""The conversation as the user saw it, for the adviser's handoff page.

Button presses are shown as the label the bot offered (looked up in the buttons of the bot's
message before it); bot messages keep their buttons; the adviser's replies are marked; times
are in Europe/Amsterdam. A payload (`/ask_about{...}`) is never shown.

Which part of the conversation (docs/security.md, finding 7): the last turns before the
handoff opened, then everything up to its close, never what came after.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.handoff import store
from bot.privacy.redaction import redact, redact_user_text
from bot.web.console import rasa_api, summary_card

logger = logging.getLogger(__name__)
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
TURNS_BEFORE = 40
ADVISER_PREFIX = "Adviseur: "
# Payloads the widget or a channel sends by itself, not a button the user pressed.
STARTED = {"greet": "Gesprek gestart", "restart": "Gesprek opnieuw gestart"}


def timestamp(moment: datetime) -> float:
    """Seconds since the epoch; a time read back without a zone (SQLite) is UTC."""
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).timestamp()


def local_time(seconds: float | None, with_date: bool = False) -> str:
    if not seconds:
        return ""
    moment = datetime.fromtimestamp(seconds, AMSTERDAM)
    return moment.strftime("%d-%m %H:%M" if with_date else "%H:%M")


def _intent_of(payload: str) -> str:
    return payload[1:].split("{", 1)[0].strip()


def _entities_of(payload: str) -> dict[str, Any]:
    _, _, rest = payload.partition("{")
    try:
        value = json.loads("{" + rest) if rest else {}
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def button_label(payload: str, offered: list[dict[str, Any]]) -> str | None:
    """The title of the button whose payload the user sent; the same intent and entities
    count too (a channel may reorder the JSON)."""
    for button in offered:
        if button.get("payload") == payload:
            return str(button.get("title") or "")
    wanted = (_intent_of(payload), _entities_of(payload))
    for button in offered:
        other = str(button.get("payload") or "")
        if other.startswith("/") and (_intent_of(other), _entities_of(other)) == wanted:
            return str(button.get("title") or "")
    return None


def _buttons(event: dict[str, Any]) -> list[dict[str, Any]]:
    data = event.get("data") or {}
    buttons = data.get("buttons") or data.get("quick_replies") or []
    return [b for b in buttons if isinstance(b, dict)]


def _user_line(text: str, offered: list[dict[str, Any]]) -> dict[str, Any]:
    if not text.startswith("/"):
        return {"who": "user", "text": redact_user_text(text)}
    label = button_label(text, offered)
    if label:
        return {"who": "user", "text": label, "pressed": True}
    intent = _intent_of(text)
    return {"who": "system", "text": STARTED.get(intent, "Koos een knop")}


def lines(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every user and bot message as a line: who (user, bot, adviser, system), text, time,
    buttons (titles) and whether a user line was a button press."""
    out: list[dict[str, Any]] = []
    offered: list[dict[str, Any]] = []
    for event in events:
        kind, text = event.get("event"), event.get("text") or ""
        if kind not in ("user", "bot") or not text:
            continue
        when = event.get("timestamp") or 0
        if kind == "user":
            line = _user_line(text, offered)
        elif text.startswith(ADVISER_PREFIX):
            line = {"who": "adviser", "text": redact(text[len(ADVISER_PREFIX) :])}
        else:
            offered = _buttons(event)
            line = {"who": "bot", "text": redact(text),
                    "buttons": [str(b.get("title") or "") for b in offered]}  # fmt: skip
        line.setdefault("buttons", [])
        line.setdefault("pressed", False)
        out.append({**line, "time": local_time(when), "at": when})
    return out


def window(handoff: store.Handoff, events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The events this handoff may show: the last turns before it opened, then up to its
    close (never after)."""
    since = timestamp(handoff.created_at)
    until = timestamp(handoff.closed_at) if handoff.closed_at is not None else float("inf")
    kept = [e for e in events if (e.get("timestamp") or 0) <= until]
    before = [e for e in kept if (e.get("timestamp") or 0) <= since]
    turns = [i for i, e in enumerate(before) if e.get("event") in ("user", "bot")]
    start = turns[-TURNS_BEFORE] if len(turns) > TURNS_BEFORE else 0
    return before[start:] + [e for e in kept if (e.get("timestamp") or 0) > since]


def _stored(handoff: store.Handoff) -> list[dict[str, Any]]:
    """Without Rasa: the transcript stored with the handoff (no times, no buttons)."""
    return [{"who": t["who"] if t["who"] in ("user", "bot") else "bot",
             "text": t["text"] if not t["text"].startswith("/") else "Koos een knop",
             "buttons": [], "pressed": False, "time": "", "at": 0}
            for t in handoff.transcript]  # fmt: skip


async def handoff_events(handoff: store.Handoff) -> list[dict[str, Any]] | None:
    try:
        return window(handoff, await rasa_api.conversation_events(handoff.conversation_id))
    except (TimeoutError, rasa_api.RasaError, OSError) as error:
        logger.warning("console: tracker not available: %s", error)
        return None


async def messages(handoff: store.Handoff) -> list[dict[str, Any]]:
    events = await handoff_events(handoff)
    return lines(events) if events is not None else _stored(handoff)


async def page_context(handoff: store.Handoff) -> dict[str, Any]:
    """What the handoff page shows: the transcript and the summary card."""
    events = await handoff_events(handoff)
    if events is None:
        return {"messages": _stored(handoff), "card": summary_card.card(handoff, [])}
    return {"messages": lines(events), "card": summary_card.card(handoff, events)}
