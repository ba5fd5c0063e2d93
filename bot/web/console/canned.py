"""Canned replies ("standaardantwoorden") per region, stored in SQL.

Who may do what (docs/security.md): an adviser sees, adds, edits and deletes the canned
replies of their own regions only; an admin those of every region; a policy maker none. A
reply of another region is treated as if it did not exist (`None`, the page answers 404).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import (
    Column,
    DateTime,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    delete,
    insert,
    select,
    update,
)
from sqlalchemy.engine import Engine

from bot.web.console.accounts import Adviser

MAX_TITLE = 80
MAX_TEXT = 2000
metadata = MetaData()
canned_replies = Table(
    "canned_replies", metadata,
    Column("id", Integer, primary_key=True),
    Column("region", String(120), nullable=False, index=True),
    Column("title", String(MAX_TITLE), nullable=False),
    Column("text", Text, nullable=False),
    Column("updated_by", String(80), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)  # fmt: skip


@dataclass(frozen=True)
class CannedReply:
    id: int
    region: str
    title: str
    text: str
    updated_by: str
    updated_at: datetime


class CannedError(ValueError):
    """Refused input; the message is Dutch, for the adviser."""


def create_tables(engine: Engine) -> None:
    metadata.create_all(engine)


def _clean(title: str, text: str) -> tuple[str, str]:
    title, text = " ".join(title.split()), text.replace("\r\n", "\n").strip()
    if not title or len(title) > MAX_TITLE:
        raise CannedError(f"Geef een titel van hoogstens {MAX_TITLE} tekens.")
    if not text or len(text) > MAX_TEXT:
        raise CannedError(f"Geef een tekst van hoogstens {MAX_TEXT} tekens.")
    return title, text


def _may_use(adviser: Adviser, region: str | None) -> bool:
    return adviser.sees_conversations and region is not None and adviser.sees_region(region)


def visible(engine: Engine, adviser: Adviser, region: str | None = None) -> list[CannedReply]:
    """The canned replies this adviser may use and edit, by region and title; `region` narrows
    them to one region (the handoff page)."""
    if not adviser.sees_conversations:
        return []
    create_tables(engine)
    query = select(canned_replies).order_by(canned_replies.c.region, canned_replies.c.title)
    if region is not None:
        query = query.where(canned_replies.c.region == region)
    if adviser.role != "admin":
        query = query.where(canned_replies.c.region.in_(list(adviser.regions)))
    with engine.connect() as conn:
        return [CannedReply(**row._mapping) for row in conn.execute(query)]


def get(engine: Engine, adviser: Adviser, reply_id: int) -> CannedReply | None:
    create_tables(engine)
    with engine.connect() as conn:
        row = conn.execute(select(canned_replies).where(canned_replies.c.id == reply_id)).first()
    found = CannedReply(**row._mapping) if row else None
    return found if found is not None and _may_use(adviser, found.region) else None


def add(engine: Engine, adviser: Adviser, region: str, title: str, text: str) -> CannedReply:
    if not _may_use(adviser, region):
        raise CannedError("Je kunt alleen standaardantwoorden van je eigen regio maken.")
    title, text = _clean(title, text)
    create_tables(engine)
    with engine.begin() as conn:
        result = conn.execute(insert(canned_replies).values(
            region=region, title=title, text=text, updated_by=adviser.username,
            updated_at=datetime.now(UTC)))  # fmt: skip
    return get(engine, adviser, result.inserted_primary_key[0])


def edit(engine: Engine, adviser: Adviser, reply_id: int, title: str, text: str) -> bool:
    """False when the reply does not exist or is of another region."""
    if get(engine, adviser, reply_id) is None:
        return False
    title, text = _clean(title, text)
    with engine.begin() as conn:
        conn.execute(update(canned_replies).where(canned_replies.c.id == reply_id).values(
            title=title, text=text, updated_by=adviser.username,
            updated_at=datetime.now(UTC)))  # fmt: skip
    return True


def remove(engine: Engine, adviser: Adviser, reply_id: int) -> bool:
    if get(engine, adviser, reply_id) is None:
        return False
    with engine.begin() as conn:
        conn.execute(delete(canned_replies).where(canned_replies.c.id == reply_id))
    return True
