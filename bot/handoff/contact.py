"""Call-back and e-mail requests: what a user leaves when no adviser is there to chat.

Outside office hours, or when nobody claimed a handoff in time, the user may leave a phone
number or e-mail address for one adviser to get back to them. It is stored only with the
consent text the user agreed to, only here (the tracker keeps a redacted copy), and the
address is wiped as soon as an adviser marks the request done; retention and erasure remove
the rest with the conversation.
"""

from __future__ import annotations

import re
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

from bot.handoff.store import conversation_columns
from bot.privacy.redaction import EMAIL_RE

KINDS = ("telefoon", "e-mail")

metadata = MetaData()
contact_requests = Table(
    "contact_requests",
    metadata,
    Column("id", Integer, primary_key=True),
    *conversation_columns(),
    Column("kind", String(10), nullable=False),
    Column("address", String(255)),  # the number or e-mail address; None once handled
    Column("summary", Text, nullable=False),  # redacted, as in the handoff
    Column("consent", Text, nullable=False),  # the words the user agreed to
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("handled_by", String(80)),
    Column("handled_at", DateTime(timezone=True)),
)

# Dutch numbers as people type them: 06-12345678, 0612 345 678, 020 123 4567, +31 6 12345678.
_PHONE_CANDIDATE = re.compile(r"(?<![\d+])(?:\+31|0031|0)[\s\-().]*[1-9](?:[\s\-().]*\d){8}(?!\d)")
_PHONE_CHARS = re.compile(r"[\s\-().]")
_DUTCH_PHONE = re.compile(r"^(?:0|\+31|0031)([1-9]\d{8})$")


@dataclass(frozen=True)
class ContactRequest:
    id: int
    conversation_id: str
    channel: str | None
    municipality: str | None
    region: str | None
    kind: str
    address: str | None
    summary: str
    consent: str
    created_at: datetime
    handled_by: str | None
    handled_at: datetime | None


def normalise_address(kind: str, text: str) -> str | None:
    """The one phone number (as 0612345678) or e-mail address in `text`, else None.

    "mijn nummer is 06 12345678" is fine; two numbers, or none, is not: we would not know which.
    """
    if kind == "telefoon":
        found = {_DUTCH_PHONE.match(_PHONE_CHARS.sub("", m.group(0)))
                 for m in _PHONE_CANDIDATE.finditer(text)}  # fmt: skip
        numbers = {f"0{match.group(1)}" for match in found if match}
        return numbers.pop() if len(numbers) == 1 else None
    if kind == "e-mail":
        addresses = {m.group(0).lower() for m in EMAIL_RE.finditer(text)}
        return addresses.pop() if len(addresses) == 1 else None
    raise ValueError(f"kind must be one of {KINDS}, got {kind!r}")


def create_tables(engine: Engine) -> None:
    metadata.create_all(engine)


def add(engine: Engine, *, conversation_id: str, kind: str, address: str, summary: str,
        consent: str, channel: str | None = None, municipality: str | None = None,
        region: str | None = None) -> ContactRequest:  # fmt: skip
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, got {kind!r}")
    if normalise_address(kind, address) != address:
        raise ValueError(f"not a normalised {kind} address")
    create_tables(engine)
    values = {"conversation_id": conversation_id, "kind": kind, "address": address,
              "summary": summary, "consent": consent, "channel": channel,
              "municipality": municipality, "region": region,
              "created_at": datetime.now(UTC)}  # fmt: skip
    with engine.begin() as conn:
        new_id = conn.execute(insert(contact_requests).values(**values)).inserted_primary_key[0]
    found = get(engine, new_id)
    assert found is not None
    return found


def get(engine: Engine, request_id: int) -> ContactRequest | None:
    create_tables(engine)
    with engine.connect() as conn:
        row = conn.execute(
            select(contact_requests).where(contact_requests.c.id == request_id)
        ).first()
    return ContactRequest(**row._mapping) if row else None


def open_requests(engine: Engine, regions: list[str] | None = None) -> list[ContactRequest]:
    """Requests nobody handled yet, oldest first; `regions` None means all regions and those
    without a region (admins); otherwise only requests of those regions."""
    create_tables(engine)
    query = (
        select(contact_requests)
        .where(contact_requests.c.handled_at.is_(None))
        .order_by(contact_requests.c.id)
    )
    if regions is not None:
        query = query.where(contact_requests.c.region.in_(list(regions)))
    with engine.connect() as conn:
        return [ContactRequest(**row._mapping) for row in conn.execute(query)]


def set_region(engine: Engine, request_id: int, region: str) -> bool:
    """An admin routes an open request to a region."""
    with engine.begin() as conn:
        result = conn.execute(
            update(contact_requests)
            .where(contact_requests.c.id == request_id, contact_requests.c.handled_at.is_(None))
            .values(region=region)
        )
    return result.rowcount == 1


def mark_handled(engine: Engine, request_id: int, adviser: str) -> bool:
    """Done: the address is wiped at once (it was only kept for this). False if already done."""
    with engine.begin() as conn:
        result = conn.execute(
            update(contact_requests)
            .where(contact_requests.c.id == request_id, contact_requests.c.handled_at.is_(None))
            .values(handled_by=adviser, handled_at=datetime.now(UTC), address=None)
        )
    return result.rowcount == 1


def erase_conversations(engine: Engine, conversation_ids: list[str]) -> int:
    """Retention and erasure: remove the requests of these conversations."""
    if not conversation_ids:
        return 0
    create_tables(engine)
    with engine.begin() as conn:
        result = conn.execute(
            delete(contact_requests).where(contact_requests.c.conversation_id.in_(conversation_ids))
        )
    return result.rowcount or 0
