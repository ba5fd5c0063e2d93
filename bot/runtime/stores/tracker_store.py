"""Rasa's SQL tracker store, with personal data redacted before anything is written.

Reading and writing go through SQLAlchemy Core: Rasa builds an ORM object for every row, a
measurable share of the server's time under load. Same rows, same order, same columns.
A conversation's tracker is kept in memory between its turns (`bot.runtime.stores.tracker_cache`) and used
again only while the database still ends with the row this process wrote last.
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

from bot.config.settings import get_settings
from bot.ops import metrics
from bot.privacy.redaction import redact_value
from bot.runtime.stores.tracker_cache import TrackerCache

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
        self.engine = sa.create_engine(url, pool_pre_ping=True, **engine_kwargs(url))
        self.sessionmaker = sessionmaker(bind=self.engine)
        settings = get_settings()
        self.cache = TrackerCache(settings.tracker_cache_size, settings.tracker_cache_seconds)
        # Built once: building a statement (and its cache key) per message took as long as
        # running it. Each takes the sender as the parameter `sender_id`.
        table = self._table
        self._session_events = self._events_query(sa.select(table.c.data), all_sessions=False)
        self._all_events = self._events_query(sa.select(table.c.data), all_sessions=True)
        self._session_count = self._events_query(
            sa.select(sa.func.count()), all_sessions=False
        ).order_by(None)
        self._insert = table.insert()
        self._last_row = sa.select(sa.func.max(table.c.id)).where(
            table.c.sender_id == sa.bindparam("sender_id")
        )

    async def _retrieve(
        self, sender_id: str, fetch_events_from_all_sessions: bool
    ) -> DialogueStateTracker | None:
        if not fetch_events_from_all_sessions:
            cached = self._cached_tracker(sender_id)
            if cached is not None:
                return cached
        query = self._all_events if fetch_events_from_all_sessions else self._session_events

        def read(connection: sa.engine.Connection, _: int) -> list[dict[str, Any]]:
            rows = connection.execute(query, {"sender_id": sender_id}).scalars()
            return [json.loads(data) for data in rows]

        events = self._in_transaction(read)
        if not self.domain or not events:
            return None
        return DialogueStateTracker.from_dict(sender_id, events, self.domain.slots)

    def _cached_tracker(self, sender_id: str) -> DialogueStateTracker | None:
        """The tracker this process saved last for `sender_id`, if nothing changed since."""
        entry = self.cache.get(sender_id)
        if entry is None:
            return None
        if entry.is_unchanged() and entry.domain is self.domain:
            last_row_id = self._in_transaction(
                lambda connection, _: self._last_row_id(connection, sender_id)
            )
            if last_row_id == entry.last_row_id:
                return entry.tracker
        self.cache.discard(sender_id)
        return None

    async def save(self, tracker: DialogueStateTracker) -> None:
        await self.stream_events(tracker)
        if not tracker.events:
            # A new conversation's tracker, saved empty before its first turn: Rasa's store
            # writes nothing for it either; the turn's save counts what is stored.
            return
        sender_id = tracker.sender_id
        entry = self.cache.get(sender_id)
        # Events of a tracker from the cache up to `known` are stored; for any other tracker
        # the store counts what it holds, as Rasa does (and again after a dropped connection).
        known = entry.stored_events if entry is not None and entry.tracker is tracker else None
        sender = {"sender_id": sender_id}

        def write(connection: sa.engine.Connection, attempt: int) -> tuple[int, bool, int]:
            stored = known if known is not None and attempt == 0 else None
            if stored is None:
                stored = connection.execute(self._session_count, sender).scalar_one()
            rows, personal_data = [], False
            for event in itertools.islice(tracker.events, stored, None):
                row, redacted = self._row(sender_id, event)
                rows.append(row)
                personal_data = personal_data or redacted
            if rows:
                connection.execute(self._insert, rows)
            return stored, personal_data, self._last_row_id(connection, sender_id)

        stored, personal_data, last_row_id = self._in_transaction(write)
        # Not kept: a tracker holding personal data in memory (the stored text is redacted, the
        # next turn reads that) and one holding two sessions (the store reads only the last).
        first_new = stored if known is not None else 0
        if personal_data or _starts_session(tracker, first_new):
            self.cache.discard(sender_id)
        else:
            self.cache.put(tracker, last_row_id, self.domain)

    def _in_transaction(self, work: Callable[[sa.engine.Connection, int], T]) -> T:
        """Run `work(connection, attempt)` in one transaction, again on a fresh connection if
        the database dropped the connection under it. Rasa would otherwise answer the user and
        keep the turn only in memory (its fail-safe store), or start the conversation over when
        reading failed."""
        for attempt in range(DISCONNECT_RETRIES + 1):
            try:
                with self.engine.begin() as connection:
                    return work(connection, attempt)
            except sa.exc.DBAPIError as error:
                if not error.connection_invalidated or attempt == DISCONNECT_RETRIES:
                    raise
                logger.warning("tracker store: database connection dropped; trying again")
                metrics.record_db_retry("tracker_store")
        raise AssertionError("unreachable")

    @property
    def _table(self) -> sa.Table:
        return self.SQLEvent.__table__

    def _events_query(self, select: sa.Select, all_sessions: bool) -> sa.Select:
        """`select` over the events of the sender given as `sender_id` (only its latest
        session's unless `all_sessions`), oldest first: Rasa's own query, without building an
        ORM object per row."""
        table = self._table
        sender_id = sa.bindparam("sender_id")
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

    def _last_row_id(self, connection: sa.engine.Connection, sender_id: str) -> int | None:
        return connection.execute(self._last_row, {"sender_id": sender_id}).scalar()

    @staticmethod
    def _row(sender_id: str, event: Event) -> tuple[dict[str, Any], bool]:
        """The row for `event` and whether personal data had to be redacted from it."""
        original = event.as_dict()
        data = redact_value(original)
        return {
            "sender_id": sender_id,
            "type_name": event.type_name,
            "timestamp": data.get("timestamp"),
            "intent_name": data.get("parse_data", {}).get("intent", {}).get(INTENT_NAME_KEY),
            "action_name": data.get("name"),
            "data": json.dumps(data),
        }, data != original


def engine_kwargs(url: sa.engine.URL) -> dict[str, Any]:
    """Rasa's engine settings; for a SQLite file, a pool of open connections instead of a new
    connection per transaction (SQLAlchemy 1.4's default for files)."""
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        return {"poolclass": sa.pool.QueuePool, "connect_args": {"check_same_thread": False}}
    return create_engine_kwargs(url)


def _starts_session(tracker: DialogueStateTracker, first_new: int) -> bool:
    """Whether a session starts among the tracker's events after the first one (from
    `first_new` on): the tracker then spans two sessions."""
    start = max(first_new, 1)
    return any(isinstance(event, SessionStarted)
               for event in itertools.islice(tracker.events, start, None))  # fmt: skip
