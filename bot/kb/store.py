"""The KB in SQL (SQLAlchemy; SQLite by default, PostgreSQL in production).

Entries and places are stored as JSON documents with a few columns to query on.
`load` upserts what the files hold and deletes what they no longer hold; running it twice
changes nothing the second time.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    Column,
    Date,
    DateTime,
    MetaData,
    String,
    Table,
    Text,
    delete,
    insert,
    inspect,
    select,
    update,
)
from sqlalchemy.engine import Engine

from bot.kb.schema import Entry, Place, PostcodeRange, Provider, Question, Source, Translation

metadata = MetaData()
kb_entries = Table(
    "kb_entries",
    metadata,
    Column("id", String(120), primary_key=True),
    Column("kind", String(20), nullable=False, index=True),
    Column("status", String(10), nullable=False),
    Column("checked", Date, nullable=False),
    Column("document", Text, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)
kb_places = Table(
    "kb_places",
    metadata,
    Column("id", String(120), primary_key=True),
    Column("region", String(120), nullable=False, index=True),
    Column("document", Text, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)


def _json_default(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"cannot store {type(value).__name__}")


def _dump(value: Any) -> str:
    return json.dumps(asdict(value), default=_json_default, ensure_ascii=False, sort_keys=True)


def _sources(items: list[dict]) -> tuple[Source, ...]:
    return tuple(Source(**s) for s in items)


def entry_from_document(doc: dict[str, Any]) -> Entry:
    return Entry(
        **{
            **doc,
            "sources": _sources(doc["sources"]),
            "checked": date.fromisoformat(doc["checked"]),
            "ended_on": date.fromisoformat(doc["ended_on"]) if doc.get("ended_on") else None,
            "tags": tuple(doc["tags"]),
            "synonyms": tuple(doc["synonyms"]),
            "related": tuple(doc["related"]),
            "facet_sources": tuple(
                (facet, _sources(items)) for facet, items in doc.get("facet_sources") or ()
            ),
            "translations": tuple(
                (language, Translation(**fields))
                for language, fields in doc.get("translations") or ()
            ),
            "questions": tuple(Question(**q) for q in doc.get("questions") or ()),
        }
    )


def place_from_document(doc: dict[str, Any]) -> Place:
    def ranges(items: list[dict]) -> tuple[PostcodeRange, ...]:
        return tuple(PostcodeRange(**r) for r in items)

    providers = tuple(
        Provider(
            **{
                **p,
                "sources": _sources(p["sources"]),
                "checked": date.fromisoformat(p["checked"]),
                "topics": tuple(p["topics"]),
            }
        )
        for p in doc["providers"]
    )
    return Place(
        **{
            **doc,
            "aliases": tuple(doc["aliases"]),
            "postcodes": ranges(doc["postcodes"]),
            "villages": {name: ranges(rs) for name, rs in doc["villages"].items()},
            "providers": providers,
            "gaps": tuple(doc["gaps"]),
        }
    )


def _sync(engine: Engine, table: Table, rows: dict[str, dict[str, Any]]) -> dict[str, int]:
    """Make `table` hold exactly `rows` (id → column values). Returns what changed."""
    now = datetime.now(UTC)
    counts = {"added": 0, "updated": 0, "removed": 0, "unchanged": 0}
    with engine.begin() as conn:
        existing = dict(conn.execute(select(table.c.id, table.c.document)).all())
        for row_id, values in rows.items():
            if row_id not in existing:
                conn.execute(insert(table).values(id=row_id, updated_at=now, **values))
                counts["added"] += 1
            elif existing[row_id] != values["document"]:
                conn.execute(
                    update(table).where(table.c.id == row_id).values(updated_at=now, **values)
                )
                counts["updated"] += 1
            else:
                counts["unchanged"] += 1
        gone = set(existing) - set(rows)
        if gone:
            conn.execute(delete(table).where(table.c.id.in_(gone)))
        counts["removed"] = len(gone)
    return counts


def save(engine: Engine, entries: list[Entry], places: list[Place]) -> dict[str, dict[str, int]]:
    metadata.create_all(engine)
    entry_rows = {
        e.id: {"kind": e.kind, "status": e.status, "checked": e.checked, "document": _dump(e)}
        for e in entries
    }
    place_rows = {p.id: {"region": p.region, "document": _dump(p)} for p in places}
    return {
        "entries": _sync(engine, kb_entries, entry_rows),
        "places": _sync(engine, kb_places, place_rows),
    }


def has_kb(engine: Engine) -> bool:
    if not inspect(engine).has_table("kb_entries"):
        return False
    with engine.connect() as conn:
        return conn.execute(select(kb_entries.c.id).limit(1)).first() is not None


def read(engine: Engine) -> tuple[list[Entry], list[Place]]:
    with engine.connect() as conn:
        entries = [
            entry_from_document(json.loads(doc))
            for (doc,) in conn.execute(select(kb_entries.c.document).order_by(kb_entries.c.id))
        ]
        places = (
            [
                place_from_document(json.loads(doc))
                for (doc,) in conn.execute(select(kb_places.c.document).order_by(kb_places.c.id))
            ]
            if inspect(conn).has_table("kb_places")
            else []
        )
    return entries, places
