"""Handoffs to human advisers, in SQL: open → claimed → closed, or open → expired.

Every state change is one conditional UPDATE, so two advisers can never claim the same
handoff and a restart loses nothing: the database is the state machine.

A handoff without a region (`region` NULL) is in the "no region" queue: only admins see it,
and an admin routes it to a region (`set_region`). Advisers see only their regions.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import (
    Column,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    and_,
    insert,
    select,
    update,
)
from sqlalchemy.engine import Engine

from bot.privacy.redaction import redact

STATUSES = ("open", "claimed", "closed", "expired")
ACTIVE = ("open", "claimed")
REASONS = ("asked", "fallback", "sensitive", "frustration")

metadata = MetaData()


def conversation_columns() -> list[Column]:
    """Whose conversation, on which channel, from where: shared by handoffs and contact requests."""
    return [
        Column("conversation_id", String(255), nullable=False, index=True),
        Column("channel", String(40)),
        Column("municipality", String(120)),
        Column("region", String(120), index=True),
    ]


handoffs = Table(
    "handoffs",
    metadata,
    Column("id", Integer, primary_key=True),
    *conversation_columns(),
    Column("reason", String(20), nullable=False),
    Column("summary", Text, nullable=False),
    Column("transcript", Text, nullable=False),
    Column("status", String(10), nullable=False, index=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("claimed_by", String(80)),
    Column("claimed_at", DateTime(timezone=True)),
    Column("closed_at", DateTime(timezone=True)),
    Column("outcome", Text),
)
handoff_notes = Table(
    "handoff_notes",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("handoff_id", Integer, ForeignKey("handoffs.id", ondelete="CASCADE"), index=True),
    Column("kind", String(10), nullable=False),  # reply (to the user) | note (internal)
    Column("author", String(80), nullable=False),
    Column("text", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)


@dataclass(frozen=True)
class Handoff:
    id: int
    conversation_id: str
    channel: str | None
    municipality: str | None
    region: str | None
    reason: str
    summary: str
    transcript: list[dict[str, str]]
    status: str
    created_at: datetime
    claimed_by: str | None
    claimed_at: datetime | None
    closed_at: datetime | None
    outcome: str | None


def now() -> datetime:
    return datetime.now(UTC)


def create_tables(engine: Engine) -> None:
    metadata.create_all(engine)


def _row_to_handoff(row: Any) -> Handoff:
    data = dict(row._mapping)
    data["transcript"] = json.loads(data["transcript"])
    return Handoff(**data)


def open_handoff(
    engine: Engine,
    conversation_id: str,
    reason: str,
    summary: str,
    transcript: list[dict[str, str]],
    channel: str | None = None,
    municipality: str | None = None,
    region: str | None = None,
) -> Handoff:
    """Open a handoff, or return the one this conversation already has open."""
    if reason not in REASONS:
        raise ValueError(f"reason must be one of {REASONS}, got {reason!r}")
    create_tables(engine)
    existing = active_for(engine, conversation_id)
    if existing is not None:
        return existing
    clean = [{"who": t["who"], "text": redact(t["text"])} for t in transcript]
    with engine.begin() as conn:
        result = conn.execute(
            insert(handoffs).values(
                conversation_id=conversation_id,
                channel=channel,
                municipality=municipality,
                region=region,
                reason=reason,
                summary=redact(summary),
                transcript=json.dumps(clean, ensure_ascii=False),
                status="open",
                created_at=now(),
            )
        )
        handoff_id = result.inserted_primary_key[0]
    return get(engine, handoff_id)


def get(engine: Engine, handoff_id: int) -> Handoff | None:
    create_tables(engine)
    with engine.connect() as conn:
        row = conn.execute(select(handoffs).where(handoffs.c.id == handoff_id)).first()
    return _row_to_handoff(row) if row else None


def active_for(engine: Engine, conversation_id: str) -> Handoff | None:
    create_tables(engine)
    query = (
        select(handoffs)
        .where(handoffs.c.conversation_id == conversation_id, handoffs.c.status.in_(ACTIVE))
        .order_by(handoffs.c.id.desc())
    )
    with engine.connect() as conn:
        row = conn.execute(query).first()
    return _row_to_handoff(row) if row else None


def queue(engine: Engine, regions: list[str] | None = None) -> list[Handoff]:
    """Open and claimed handoffs, oldest first; `regions` None means all regions and the
    "no region" queue (admins); otherwise only handoffs of those regions."""
    create_tables(engine)
    query = select(handoffs).where(handoffs.c.status.in_(ACTIVE)).order_by(handoffs.c.id)
    if regions is not None:
        query = query.where(handoffs.c.region.in_(list(regions)))
    with engine.connect() as conn:
        return [_row_to_handoff(row) for row in conn.execute(query)]


def set_region(engine: Engine, handoff_id: int, region: str) -> bool:
    """An admin routes a handoff to a region (from the "no region" queue, or elsewhere)."""
    return _transition(engine, handoff_id, handoffs.c.status.in_(ACTIVE), region=region)


def _transition(engine: Engine, handoff_id: int, condition, **values: Any) -> bool:
    with engine.begin() as conn:
        result = conn.execute(
            update(handoffs).where(and_(handoffs.c.id == handoff_id, condition)).values(**values)
        )
    return result.rowcount == 1


def claim(engine: Engine, handoff_id: int, adviser: str) -> bool:
    """True for exactly one adviser, however many try at the same moment."""
    return _transition(
        engine, handoff_id, handoffs.c.status == "open",
        status="claimed", claimed_by=adviser, claimed_at=now(),
    )  # fmt: skip


def close(engine: Engine, handoff_id: int, adviser: str, outcome: str) -> bool:
    """Only the adviser who claimed it can close it."""
    return _transition(
        engine, handoff_id,
        and_(handoffs.c.status == "claimed", handoffs.c.claimed_by == adviser),
        status="closed", closed_at=now(), outcome=outcome.strip() or "afgehandeld",
    )  # fmt: skip


def expire_unclaimed(engine: Engine, older_than: timedelta) -> list[Handoff]:
    """Open handoffs nobody claimed in time; the bot then offers another way to get help."""
    create_tables(engine)
    cutoff = now() - older_than
    with engine.connect() as conn:
        ids = [r[0] for r in conn.execute(
            select(handoffs.c.id).where(handoffs.c.status == "open", handoffs.c.created_at < cutoff)
        )]  # fmt: skip
    expired = [i for i in ids if _transition(engine, i, handoffs.c.status == "open",
                                             status="expired", closed_at=now())]  # fmt: skip
    return [get(engine, i) for i in expired]


def add_note(engine: Engine, handoff_id: int, author: str, text: str, kind: str = "note") -> None:
    if kind not in ("note", "reply"):
        raise ValueError("kind must be note or reply")
    create_tables(engine)
    with engine.begin() as conn:
        conn.execute(insert(handoff_notes).values(
            handoff_id=handoff_id, kind=kind, author=author, text=redact(text), created_at=now(),
        ))  # fmt: skip


def notes(engine: Engine, handoff_id: int) -> list[dict[str, Any]]:
    create_tables(engine)
    query = (
        select(handoff_notes)
        .where(handoff_notes.c.handoff_id == handoff_id)
        .order_by(handoff_notes.c.id)
    )
    with engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(query)]


def erase_conversations(engine: Engine, conversation_ids: list[str]) -> int:
    """Delete the handoffs (and their notes) of these conversations; returns how many."""
    from sqlalchemy import delete, inspect

    if not conversation_ids or not inspect(engine).has_table("handoffs"):
        return 0
    with engine.begin() as conn:
        ids = [r[0] for r in conn.execute(
            select(handoffs.c.id).where(handoffs.c.conversation_id.in_(conversation_ids))
        )]  # fmt: skip
        if ids:
            from bot.handoff.aftercare import handoff_ratings  # its votes go with the handoff

            if inspect(conn).has_table(handoff_ratings.name):
                conn.execute(delete(handoff_ratings).where(handoff_ratings.c.handoff_id.in_(ids)))
            conn.execute(delete(handoff_notes).where(handoff_notes.c.handoff_id.in_(ids)))
            conn.execute(delete(handoffs).where(handoffs.c.id.in_(ids)))
    return len(ids)
