"""Places edited in the console reach a running assistant without a restart.

The answer engine is built once per process (actions/answering.py). Before it answers,
`refresh(engine)` looks at the places' version number in the database (bot/kb/place_versions)
at most every `KB_PLACES_REFRESH_SECONDS` (default 10); when it changed, the engine's KB gets
the stored places (entries, search index and ranker stay as they are: editors change only
places, and rebuilding 16 places takes milliseconds).
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable
from typing import Any

from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from bot.config.db import get_engine
from bot.kb import place_versions

logger = logging.getLogger(__name__)
DEFAULT_SECONDS = 10.0


def interval() -> float:
    try:
        return max(0.0, float(os.environ.get("KB_PLACES_REFRESH_SECONDS", DEFAULT_SECONDS)))
    except ValueError:
        return DEFAULT_SECONDS


class PlacesWatch:
    """Reloads the places of an object with a `kb` attribute when their version changes."""

    def __init__(self, seconds: float | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:  # fmt: skip
        self.seconds = interval() if seconds is None else seconds
        self.clock = clock
        self.seen: int | None = None
        self._next = 0.0
        self._lock = threading.Lock()

    def refresh(self, holder: Any, db: Engine | None = None) -> bool:
        """True when the places were reloaded."""
        now = self.clock()
        if now < self._next or not self._lock.acquire(blocking=False):
            return False
        try:
            self._next = now + self.seconds
            db = db or get_engine()
            current = place_versions.version(db)
            if current == self.seen or (self.seen is None and current == 0):
                self.seen = current  # nothing edited since the engine read the store
                return False
            holder.kb = holder.kb.with_places(place_versions.read_places(db))
            logger.info("kb: places reloaded at version %s", current)
            self.seen = current
            return True
        except SQLAlchemyError as error:
            logger.warning("kb: places version not read (%s)", type(error).__name__)
            return False
        finally:
            self._lock.release()


_shared = PlacesWatch()


def refresh(holder: Any, db: Engine | None = None) -> bool:
    """The process's watch: see PlacesWatch.refresh."""
    return _shared.refresh(holder, db)
