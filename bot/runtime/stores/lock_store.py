"""Rasa's Redis lock store, without the hang after a worker dies.

Rasa serves a conversation's messages in ticket order; a ticket expires after its lifetime
(TICKET_LOCK_LIFETIME) so a dead worker cannot block a conversation for ever. But a *waiting*
ticket expires too: a message queued behind a dead worker's ticket loses its own ticket at
about the same moment, is never served, and the client times out (we measured 60 s, nginx's
read timeout, in `make bench-prod`). Here a waiting request keeps its ticket alive, and if the
ticket was removed anyway it takes a new one; only tickets of requests that stopped (a dead
worker) expire. Configured by `bot/runtime/endpoints.py` when REDIS_URL is set.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncGenerator
from contextlib import asynccontextmanager
from typing import Any

from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, RedisLockStore
from rasa.utils.endpoints import EndpointConfig


class ResilientRedisLockStore(RedisLockStore):
    def __init__(self, endpoint_config: EndpointConfig | None = None, **kwargs: Any) -> None:
        if endpoint_config is not None:  # created by Rasa from endpoints.yml
            kwargs = {"host": endpoint_config.url, **endpoint_config.kwargs}
        super().__init__(**kwargs)

    @asynccontextmanager
    async def lock(
        self,
        conversation_id: str,
        lock_lifetime: float = LOCK_LIFETIME,
        wait_time_in_seconds: float = 1,
    ) -> AsyncGenerator[TicketLock, None]:
        held = [self.issue_ticket(conversation_id, lock_lifetime)]
        try:
            yield await self._wait_for_turn(
                conversation_id, held, lock_lifetime, wait_time_in_seconds
            )
        finally:
            self.cleanup(conversation_id, held[0])

    async def _wait_for_turn(
        self, conversation_id: str, held: list[int], lifetime: float, wait_seconds: float
    ) -> TicketLock:
        """Wait until `held[0]` is served, renewing it; `held[0]` changes if it was lost."""
        while True:
            lock = self.get_lock(conversation_id)
            if lock is None or held[0] not in {t.number for t in lock.tickets}:
                # Removed while we waited (expired, or the lock was deleted): queue again.
                held[0] = self.issue_ticket(conversation_id, lifetime)
                continue
            if not lock.is_locked(held[0]):
                return lock
            await asyncio.sleep(wait_seconds)
            self._renew(conversation_id, held[0], lifetime)

    def _renew(self, conversation_id: str, ticket: int, lifetime: float) -> None:
        """Drop expired tickets (dead holders) and keep ours alive while it waits."""
        lock = self.get_lock(conversation_id)
        if lock is None:
            return
        lock.remove_expired_tickets()
        for queued in lock.tickets:
            if queued.number == ticket:
                queued.expires = time.time() + lifetime
        self.save_lock(lock)
