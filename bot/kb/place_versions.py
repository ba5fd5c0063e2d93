"""Edited places, versioned: every change an editor publishes is a row with who and when.

Publishing writes the place's new document to the KB store (`kb_places`) and a version row
in one transaction, so the store always holds the latest version. The newest version id is
the places' version number (`version`): a running assistant compares it every few seconds
and reloads its places when it changed (bot/kb/live.py).

Undo ("Ongedaan maken") restores the document that was current before the newest change and
records that as a new version, so the history keeps every step. Each row's `parent` is the
version it replaced; an undo takes its parent's parent, so undoing again goes further back.
The first edit of a place first records what the store held ("start": the files' version).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import (
    Column,
    DateTime,
    Integer,
    String,
    Table,
    Text,
    func,
    insert,
    inspect,
    select,
    update,
)
from sqlalchemy.engine import Connection, Engine

from bot.kb import store
from bot.kb.schema import Place

place_versions = Table(
    "kb_place_versions",
    store.metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("place_id", String(120), nullable=False, index=True),
    Column("document", Text, nullable=False),
    Column("parent", Integer, nullable=True),  # the version this one replaced
    Column("action", String(10), nullable=False),  # start | edit | undo
    Column("summary", String(300), nullable=False),
    Column("author", String(80), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)


@dataclass(frozen=True)
class Version:
    id: int
    place_id: str
    parent: int | None
    action: str
    summary: str
    author: str
    created_at: datetime


def _version(row) -> Version:
    created = row.created_at if row.created_at.tzinfo else row.created_at.replace(tzinfo=UTC)
    return Version(row.id, row.place_id, row.parent, row.action, row.summary, row.author, created)


def version(engine: Engine) -> int:
    """The places' version number: the newest version id (0 before any edit)."""
    if not inspect(engine).has_table(place_versions.name):
        return 0
    with engine.connect() as conn:
        return int(conn.execute(select(func.max(place_versions.c.id))).scalar() or 0)


def read_places(engine: Engine) -> list[Place]:
    with engine.connect() as conn:
        rows = conn.execute(select(store.kb_places.c.document).order_by(store.kb_places.c.id))
        return [store.place_from_document(json.loads(doc)) for (doc,) in rows]


def read_place(engine: Engine, place_id: str) -> Place | None:
    if not inspect(engine).has_table(store.kb_places.name):
        return None
    with engine.connect() as conn:
        doc = conn.execute(
            select(store.kb_places.c.document).where(store.kb_places.c.id == place_id)
        ).scalar()
    return store.place_from_document(json.loads(doc)) if doc else None


def _latest(conn: Connection, place_id: str):
    query = (
        select(place_versions)
        .where(place_versions.c.place_id == place_id)
        .order_by(place_versions.c.id.desc())
        .limit(1)
    )
    return conn.execute(query).first()


def _add(conn: Connection, place_id: str, document: str, parent: int | None, action: str,
         summary: str, author: str) -> int:  # fmt: skip
    values = dict(place_id=place_id, document=document, parent=parent, action=action,
                  summary=summary[:300], author=author, created_at=datetime.now(UTC))  # fmt: skip
    return int(conn.execute(insert(place_versions).values(**values)).inserted_primary_key[0])


def _store(conn: Connection, place: Place, document: str) -> None:
    conn.execute(
        update(store.kb_places)
        .where(store.kb_places.c.id == place.id)
        .values(document=document, region=place.region, updated_at=datetime.now(UTC))
    )


def publish(engine: Engine, place: Place, author: str, summary: str) -> int:
    """Store `place` (already checked) as its newest version; returns the version id."""
    store.metadata.create_all(engine)
    document = store._dump(place)
    with engine.begin() as conn:
        current = conn.execute(
            select(store.kb_places.c.document).where(store.kb_places.c.id == place.id)
        ).scalar()
        if current is None:
            raise KeyError(f"no place {place.id!r} in the KB store")
        latest = _latest(conn, place.id)
        if latest is None or latest.document != current:  # first edit, or reloaded from files
            parent = _add(conn, place.id, current, latest.id if latest else None, "start",
                          "Versie uit de bestanden", "kb/places")  # fmt: skip
        else:
            parent = latest.id
        new_id = _add(conn, place.id, document, parent, "edit", summary, author)
        _store(conn, place, document)
    return new_id


def history(engine: Engine, place_id: str, limit: int = 50) -> list[Version]:
    if not inspect(engine).has_table(place_versions.name):
        return []
    query = (
        select(place_versions)
        .where(place_versions.c.place_id == place_id)
        .order_by(place_versions.c.id.desc())
        .limit(limit)
    )
    with engine.connect() as conn:
        return [_version(row) for row in conn.execute(query)]


def can_undo(engine: Engine, place_id: str) -> bool:
    found = history(engine, place_id, limit=1)
    return bool(found) and found[0].parent is not None


def undo(engine: Engine, place_id: str, author: str) -> Place | None:
    """Restore the version before the newest one; None when there is nothing to undo."""
    store.metadata.create_all(engine)
    with engine.begin() as conn:
        latest = _latest(conn, place_id)
        if latest is None or latest.parent is None:
            return None
        previous = conn.execute(
            select(place_versions).where(place_versions.c.id == latest.parent)
        ).first()
        place = store.place_from_document(json.loads(previous.document))
        _add(conn, place_id, previous.document, previous.parent, "undo",
             f"Ongedaan gemaakt: {latest.summary}", author)  # fmt: skip
        _store(conn, place, previous.document)
    return place
