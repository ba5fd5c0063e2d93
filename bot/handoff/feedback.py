"""👍/👎 on knowledge answers, stored for the insights (no message text, no raw sender id)."""

from __future__ import annotations

import hashlib
from datetime import datetime, timezone

from sqlalchemy import Column, DateTime, Integer, MetaData, String, Table, insert, select
from sqlalchemy.engine import Engine

from bot.config.db import get_engine

VALUES = {"up", "down"}

metadata = MetaData()
answer_feedback = Table(
    "answer_feedback",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("conversation_hash", String(64), nullable=False, index=True),
    Column("entry_id", String(120)),
    Column("value", String(8), nullable=False),
    Column("channel", String(40)),
    Column("municipality", String(120)),
    Column("created_at", DateTime(timezone=True), nullable=False),
)


def conversation_hash(conversation_id: str) -> str:
    """A stable pseudonym for a conversation id (Telegram and WhatsApp ids are personal)."""
    return hashlib.sha256(conversation_id.encode()).hexdigest()


def store(
    conversation_id: str,
    entry_id: str | None,
    value: str,
    channel: str | None = None,
    municipality: str | None = None,
    engine: Engine | None = None,
) -> None:
    if value not in VALUES:
        raise ValueError(f"feedback must be one of {sorted(VALUES)}, got {value!r}")
    engine = engine or get_engine()
    metadata.create_all(engine, tables=[answer_feedback])
    with engine.begin() as conn:
        conn.execute(
            insert(answer_feedback).values(
                conversation_hash=conversation_hash(conversation_id),
                entry_id=entry_id,
                value=value,
                channel=channel,
                municipality=municipality,
                created_at=datetime.now(timezone.utc),
            )
        )


def counts(engine: Engine | None = None) -> dict[tuple[str | None, str], int]:
    """(entry id, value) → number of votes."""
    engine = engine or get_engine()
    metadata.create_all(engine, tables=[answer_feedback])
    with engine.connect() as conn:
        rows = conn.execute(select(answer_feedback.c.entry_id, answer_feedback.c.value)).all()
    result: dict[tuple[str | None, str], int] = {}
    for entry_id, value in rows:
        result[(entry_id, value)] = result.get((entry_id, value), 0) + 1
    return result
