"""Retention and erasure of conversations (AVG/GDPR).

``python -m bot.privacy.retention purge [--days N]`` deletes conversations whose last message is
older than N days (default RETENTION_DAYS); ``python -m bot.privacy.retention erase SENDER_ID``
deletes one person's conversation on request. Both cover Rasa's tracker events, handoffs,
call-back and e-mail requests, the number kept to reply on WhatsApp, and the link between
feedback and the conversation. A WhatsApp conversation is erased by its id (`wa:<HMAC>`) or
by the phone number itself (`erase +31612345678`), which is turned into that id here.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import delete, func, inspect, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.sql import column, table

from bot.config.db import get_engine
from bot.config.settings import get_settings
from bot.handoff import feedback
from bot.handoff.contact import erase_conversations as erase_contact_requests
from bot.handoff.store import erase_conversations as erase_handoffs
from bot.privacy import reply_addresses

EVENTS = table("events", column("sender_id"), column("timestamp"))
SECONDS_PER_DAY = 86_400


@dataclass(frozen=True)
class Removed:
    conversations: int
    events: int
    extra: dict[str, int]


# Other stores (handoffs, …) register what to do for one conversation id.
ConversationEraser = Callable[[Engine, list[str]], int]
ERASERS: dict[str, ConversationEraser] = {}


def register_eraser(name: str, eraser: ConversationEraser) -> None:
    ERASERS[name] = eraser


def _has_table(engine: Engine, name: str) -> bool:
    return inspect(engine).has_table(name)


def _forget_feedback_link(engine: Engine, conversation_ids: list[str]) -> int:
    """Feedback stays for the statistics, but no longer points at the conversation."""
    if not _has_table(engine, feedback.answer_feedback.name):
        return 0
    hashes = [feedback.conversation_hash(c) for c in conversation_ids]
    with engine.begin() as conn:
        result = conn.execute(
            update(feedback.answer_feedback)
            .where(feedback.answer_feedback.c.conversation_hash.in_(hashes))
            .values(conversation_hash="erased")
        )
    return result.rowcount or 0


register_eraser("feedback", _forget_feedback_link)
register_eraser("handoffs", erase_handoffs)
register_eraser("contact_requests", erase_contact_requests)
register_eraser("reply_addresses", reply_addresses.erase_conversations)


def _erase(engine: Engine, conversation_ids: list[str]) -> Removed:
    events = 0
    if conversation_ids and _has_table(engine, "events"):
        with engine.begin() as conn:
            events = (
                conn.execute(
                    delete(EVENTS).where(EVENTS.c.sender_id.in_(conversation_ids))
                ).rowcount
                or 0
            )
    extra = {name: eraser(engine, conversation_ids) for name, eraser in ERASERS.items()}
    return Removed(len(conversation_ids), events, extra)


def stale_conversations(engine: Engine, days: int, now: float | None = None) -> list[str]:
    """Conversations whose newest event is older than `days` days."""
    if not _has_table(engine, "events"):
        return []
    cutoff = (now or time.time()) - days * SECONDS_PER_DAY
    query = (
        select(EVENTS.c.sender_id)
        .group_by(EVENTS.c.sender_id)
        .having(func.max(EVENTS.c.timestamp) < cutoff)
    )
    with engine.connect() as conn:
        return [row[0] for row in conn.execute(query)]


def purge(days: int, engine: Engine | None = None, now: float | None = None) -> Removed:
    if days < 1:
        raise ValueError("days must be at least 1")
    engine = engine or get_engine()
    removed = _erase(engine, stale_conversations(engine, days, now))
    # Numbers kept to reply whose conversation has no events left (or never had any).
    orphans = reply_addresses.purge_older_than(engine, days)
    if orphans:
        removed.extra["reply_addresses"] = removed.extra.get("reply_addresses", 0) + orphans
    return removed


def conversation_ids_for(identifier: str) -> list[str]:
    """The id as given, and for a phone number its WhatsApp conversation id too."""
    ids = [identifier]
    digits = "".join(c for c in identifier if c.isdigit())
    if identifier.lstrip("+").replace(" ", "").replace("-", "").isdigit() and len(digits) >= 8:
        from bot.runtime.channels.conversation_ids import whatsapp_id

        national = "31" + digits[1:] if digits.startswith("0") else digits
        ids.append(whatsapp_id(national))
    return ids


def erase(conversation_id: str, engine: Engine | None = None) -> Removed:
    return _erase(engine or get_engine(), conversation_ids_for(conversation_id))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.privacy.retention", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    purge_cmd = commands.add_parser("purge", help="delete conversations older than N days")
    purge_cmd.add_argument("--days", type=int, default=get_settings().retention_days)
    erase_cmd = commands.add_parser("erase", help="delete one conversation on request")
    erase_cmd.add_argument("conversation_id")
    args = parser.parse_args(argv)
    try:
        removed = purge(args.days) if args.command == "purge" else erase(args.conversation_id)
    except ValueError as error:
        parser.error(str(error))
    extra = ", ".join(f"{name}: {count}" for name, count in removed.extra.items())
    print(f"removed {removed.conversations} conversation(s), {removed.events} event(s); {extra}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
