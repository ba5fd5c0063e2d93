"""What a channel needs to reply, kept apart from the conversation: a WhatsApp phone number.

The conversation is known by a keyed pseudonym of the number (`wa:<HMAC>`); the number itself
is stored only here, encrypted (Fernet, with a key derived from PSEUDONYM_KEY), for as long as
the conversation is kept: retention and erasure delete it with the conversation, and
`purge_older_than` removes any left without one. Only the channel's output (and the console's
reply, through Rasa) reads it back.
"""

from __future__ import annotations

import base64
from datetime import UTC, datetime, timedelta

from cryptography.fernet import Fernet, InvalidToken
from sqlalchemy import Column, DateTime, MetaData, String, Table, Text, delete, select, update
from sqlalchemy.engine import Engine

from bot.privacy.pseudonym import derived_key

metadata = MetaData()
reply_addresses = Table(
    "reply_addresses",
    metadata,
    Column("conversation_id", String(100), primary_key=True),
    Column("channel", String(40), nullable=False),
    Column("address", Text, nullable=False),  # encrypted
    Column("updated_at", DateTime(timezone=True), nullable=False, index=True),
)
_created: set[int] = set()


def _fernet() -> Fernet:
    return Fernet(base64.urlsafe_b64encode(derived_key("reply-address")))


def create_tables(engine: Engine) -> None:
    if id(engine) not in _created:
        metadata.create_all(engine)
        _created.add(id(engine))


def remember(engine: Engine, conversation_id: str, channel: str, address: str) -> None:
    """Keep (or refresh) the address to reply to in this conversation."""
    create_tables(engine)
    token = _fernet().encrypt(address.encode()).decode()
    now = datetime.now(UTC)
    with engine.begin() as conn:
        done = conn.execute(
            update(reply_addresses)
            .where(reply_addresses.c.conversation_id == conversation_id)
            .values(address=token, channel=channel, updated_at=now)
        ).rowcount
        if not done:
            conn.execute(reply_addresses.insert().values(
                conversation_id=conversation_id, channel=channel, address=token, updated_at=now))  # fmt: skip


def lookup(engine: Engine, conversation_id: str) -> str | None:
    create_tables(engine)
    with engine.connect() as conn:
        token = conn.execute(
            select(reply_addresses.c.address).where(
                reply_addresses.c.conversation_id == conversation_id
            )
        ).scalar()
    if token is None:
        return None
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken:  # the key changed: the number can no longer be read
        return None


def erase_conversations(engine: Engine, conversation_ids: list[str]) -> int:
    if not conversation_ids:
        return 0
    create_tables(engine)
    with engine.begin() as conn:
        result = conn.execute(
            delete(reply_addresses).where(reply_addresses.c.conversation_id.in_(conversation_ids))
        )
    return result.rowcount or 0


def purge_older_than(engine: Engine, days: int, now: datetime | None = None) -> int:
    """Addresses not used for `days` days: their conversation is gone or going."""
    create_tables(engine)
    cutoff = (now or datetime.now(UTC)) - timedelta(days=days)
    with engine.begin() as conn:
        result = conn.execute(delete(reply_addresses).where(reply_addresses.c.updated_at < cutoff))
    return result.rowcount or 0
