"""Rasa's SQL tracker store, with personal data redacted before anything is written.

Reading and writing go through SQLAlchemy Core: Rasa builds an ORM object for every row, a
measurable share of the server's time under load. Same rows, same order, same columns.
"""

from __future__ import annotations

import itertools
import json
import logging
from collections.abc import Callable
from typing import Any, TypeVar

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore, create_engine_kwargs
from rasa.shared.core.events import Event, SessionStarted
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY
from sqlalchemy.orm import sessionmaker

from bot.privacy import redact_value

logger = logging.getLogger(__name__)
T = TypeVar("T")
DISCONNECT_RETRIES = 2


class RedactingSQLTrackerStore(SQLTrackerStore):
    """Stores events like SQLTrackerStore, but with BSN/IBAN/phone/e-mail/address removed."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Test each pooled connection before use: after PostgreSQL dropped connections
        # (restart, failover, an idle timeout) the next message gets a fresh one instead of
        # failing. Rasa's own engine has no pre-ping.
        url = self.engine.url
        self.engine.dispose()
        self.engine = sa.create_engine(url, pool_pre_ping=True, **create_engine_kwargs(url))
        self.sessionmaker = sessionmaker(bind=self.engine)

    async def _retrieve(
        self, sender_id: str, fetch_events_from_all_sessions: bool
    ) -> DialogueStateTracker | None:
        query = self._events_query(sa.select(self._table.c.data), sender_id,
                                   fetch_events_from_all_sessions)  # fmt: skip

        def read(connection: sa.engine.Connection) -> list[dict[str, Any]]:
            return [json.loads(data) for data in connection.execute(query).scalars()]

        events = self._in_transaction(read)
        if not self.domain or not events:
            return None
        return DialogueStateTracker.from_dict(sender_id, events, self.domain.slots)

    async def save(self, tracker: DialogueStateTracker) -> None:
        await self.stream_events(tracker)
        count = self._events_query(sa.select(sa.func.count()), tracker.sender_id, False)

        def write(connection: sa.engine.Connection) -> None:
            # Events already stored for the latest session are not written again (as Rasa);
            # so a retry after a dropped connection never writes an event twice.
            stored = connection.execute(count.order_by(None)).scalar_one()
            rows = [
                self._row(tracker.sender_id, event)
                for event in itertools.islice(tracker.events, stored, None)
            ]
            if rows:
                connection.execute(self._table.insert(), rows)

        self._in_transaction(write)

    def _in_transaction(self, work: Callable[[sa.engine.Connection], T]) -> T:
        """Run `work` in one transaction, again on a fresh connection if the database dropped
        the connection under it. Rasa would otherwise answer the user and keep the turn only in
        memory (its fail-safe store), or start the conversation over when reading failed."""
        for attempt in range(DISCONNECT_RETRIES + 1):
            try:
                with self.engine.begin() as connection:
                    return work(connection)
            except sa.exc.DBAPIError as error:
                if not error.connection_invalidated or attempt == DISCONNECT_RETRIES:
                    raise
                logger.warning("tracker store: database connection dropped; trying again")
        raise AssertionError("unreachable")

    @property
    def _table(self) -> sa.Table:
        return self.SQLEvent.__table__

    def _events_query(self, select: sa.Select, sender_id: str, all_sessions: bool) -> sa.Select:
        """`select` over a sender's events (only its latest session's unless `all_sessions`),
        oldest first: Rasa's own query, without building an ORM object per row."""
        table = self._table
        query = select.select_from(table).where(table.c.sender_id == sender_id)
        if not all_sessions:
            session_start = (
                sa.select(sa.func.max(table.c.timestamp))
                .where(
                    table.c.sender_id == sender_id,
                    table.c.type_name == SessionStarted.type_name,
                )
                .scalar_subquery()
            )
            query = query.where(sa.or_(session_start.is_(None), table.c.timestamp >= session_start))
        return query.order_by(table.c.id)

    @staticmethod
    def _row(sender_id: str, event: Event) -> dict[str, Any]:
        data = redact_value(event.as_dict())
        return {
            "sender_id": sender_id,
            "type_name": event.type_name,
            "timestamp": data.get("timestamp"),
            "intent_name": data.get("parse_data", {}).get("intent", {}).get(INTENT_NAME_KEY),
            "action_name": data.get("name"),
            "data": json.dumps(data),
        }
