"""👍/👎 on knowledge answers, stored for the insights (no message text, no raw sender id).

The conversation is kept only as a keyed pseudonym (HMAC-SHA256 with a key derived from
PSEUDONYM_KEY, `bot/privacy/pseudonym.py`): an unsalted hash of a phone number could be
reversed by trying every number. One vote per conversation and entry: a second vote on the
same answer replaces the first, so a conversation cannot vote six times.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Column, DateTime, Integer, MetaData, String, Table, delete, insert, select
from sqlalchemy.engine import Engine

from bot.config.db import get_engine
from bot.privacy.pseudonym import pseudonym

VALUES = {"up", "down"}
ERASED = "erased"

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
    """The keyed pseudonym of a conversation id in the feedback table."""
    return pseudonym("feedback", conversation_id, length=64)


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
    key = conversation_hash(conversation_id)
    same_answer = answer_feedback.c.entry_id.is_(None) if entry_id is None else (
        answer_feedback.c.entry_id == entry_id
    )  # fmt: skip
    with engine.begin() as conn:
        conn.execute(
            delete(answer_feedback).where(answer_feedback.c.conversation_hash == key, same_answer)
        )
        conn.execute(
            insert(answer_feedback).values(
                conversation_hash=key,
                entry_id=entry_id,
                value=value,
                channel=channel,
                municipality=municipality,
                created_at=datetime.now(UTC),
            )
        )


def votes(engine: Engine) -> list[tuple[str, str | None, str, str | None, datetime]]:
    """(pseudonym, entry id, value, municipality, when) of every vote, one per conversation
    and entry (the latest; older duplicates from before this rule are left out)."""
    metadata.create_all(engine, tables=[answer_feedback])
    table = answer_feedback
    query = select(table.c.conversation_hash, table.c.entry_id, table.c.value,
                   table.c.municipality, table.c.created_at).order_by(table.c.id)  # fmt: skip
    latest: dict[tuple[str, str | None], tuple] = {}
    erased: list[tuple] = []
    with engine.connect() as conn:
        for row in conn.execute(query):
            if row[0] == ERASED:  # its conversation is gone: still one vote
                erased.append(tuple(row))
            else:
                latest[(row[0], row[1])] = tuple(row)
    return [*latest.values(), *erased]


def counts(engine: Engine | None = None) -> dict[tuple[str | None, str], int]:
    """(entry id, value) → number of conversations that voted so."""
    result: dict[tuple[str | None, str], int] = {}
    for _, entry_id, value, _, _ in votes(engine or get_engine()):
        result[(entry_id, value)] = result.get((entry_id, value), 0) + 1
    return result
