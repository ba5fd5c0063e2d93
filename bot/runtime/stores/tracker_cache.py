"""Recently used conversations, kept in memory between turns by the tracker store.

Loading a tracker means reading every event of the session, parsing its JSON and replaying
it: a sixth of the Rasa server's time under load, growing with the conversation. The cache
keeps the tracker object a turn ended with, together with what is known to be stored for it.
The store hands it out again only when the database still ends with the same row, so another
worker's turn, an erased conversation or a failed save all lead to a normal load.

Bounded in size and in time: an entry not used for `ttl_seconds` is dropped, so a
conversation's text stays in memory no longer than that after its last turn.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker


@dataclass(frozen=True)
class CachedTracker:
    tracker: DialogueStateTracker
    stored_events: int  # len(tracker.events) when it was saved
    last_row_id: int  # highest event row id of the conversation after that save
    domain: Domain | None  # the domain the tracker's slots came from
    used_at: float

    def is_unchanged(self) -> bool:
        """True while the tracker holds exactly the events that were saved."""
        return len(self.tracker.events) == self.stored_events


class TrackerCache:
    """Least-recently-used trackers by sender id, each dropped `ttl_seconds` after its use."""

    def __init__(
        self, max_size: int, ttl_seconds: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.max_size = max_size
        self.ttl_seconds = ttl_seconds
        self._clock = clock
        self._entries: OrderedDict[str, CachedTracker] = OrderedDict()

    @property
    def enabled(self) -> bool:
        return self.max_size > 0 and self.ttl_seconds > 0

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, sender_id: str) -> CachedTracker | None:
        self._drop_expired()
        return self._entries.get(sender_id)

    def put(
        self, tracker: DialogueStateTracker, last_row_id: int, domain: Domain | None
    ) -> CachedTracker | None:
        if not self.enabled:
            return None
        entry = CachedTracker(tracker, len(tracker.events), last_row_id, domain, self._clock())
        self._entries[tracker.sender_id] = entry
        self._entries.move_to_end(tracker.sender_id)
        while len(self._entries) > self.max_size:
            self._entries.popitem(last=False)
        return entry

    def discard(self, sender_id: str) -> None:
        self._entries.pop(sender_id, None)

    def _drop_expired(self) -> None:
        oldest_allowed = self._clock() - self.ttl_seconds
        while self._entries:
            sender_id, entry = next(iter(self._entries.items()))
            if entry.used_at >= oldest_allowed:
                break
            del self._entries[sender_id]
