"""Rasa's SQL tracker store, with personal data redacted before anything is written."""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore, create_engine_kwargs
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY
from sqlalchemy.orm import sessionmaker

from bot.privacy import redact_value


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

    async def save(self, tracker: DialogueStateTracker) -> None:
        await self.stream_events(tracker)
        with self.session_scope() as session:
            for event in self._additional_events(session, tracker):
                data = redact_value(event.as_dict())
                session.add(
                    self.SQLEvent(
                        sender_id=tracker.sender_id,
                        type_name=event.type_name,
                        timestamp=data.get("timestamp"),
                        intent_name=data.get("parse_data", {})
                        .get("intent", {})
                        .get(INTENT_NAME_KEY),
                        action_name=data.get("name"),
                        data=json.dumps(data),
                    )
                )
            session.commit()
