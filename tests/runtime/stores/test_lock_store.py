"""The Redis lock store production uses (bot/runtime/stores/lock_store.py), on this machine's Redis."""

from __future__ import annotations

import asyncio
import time
import uuid

import pytest

from bot.runtime.endpoints import lock_store_config


def redis_lock_store(redis_url: str, stock: bool = False):
    """The lock store as Rasa builds it from our endpoints (or Rasa's own), in a fresh key space."""
    from rasa.core.lock_store import LockStore, RedisLockStore
    from rasa.utils.endpoints import EndpointConfig

    config = {**lock_store_config(redis_url), "key_prefix": f"test{uuid.uuid4().hex[:8]}"}
    if stock:
        return RedisLockStore(host=config["url"], port=config["port"], db=config["db"],
                              key_prefix=config["key_prefix"])  # fmt: skip
    return LockStore.create(EndpointConfig.from_dict(config))


async def test_redis_lock_store_serialises_a_conversation(redis_url) -> None:
    from bot.runtime.stores.lock_store import ResilientRedisLockStore

    store = redis_lock_store(redis_url)
    assert isinstance(store, ResilientRedisLockStore)
    conversation = "conversation-1"
    first = store.issue_ticket(conversation)
    second = store.issue_ticket(conversation)
    assert second == first + 1
    lock = store.get_lock(conversation)
    assert lock.is_someone_waiting()
    assert lock.now_serving == first
    store.finish_serving(conversation, first)
    assert store.get_lock(conversation).now_serving == second
    store.finish_serving(conversation, second)
    store.delete_lock(conversation)


async def hold_after(store, conversation: str, lifetime: float, poll: float) -> float:
    started = time.monotonic()
    async with store.lock(conversation, lock_lifetime=lifetime, wait_time_in_seconds=poll):
        return time.monotonic() - started


@pytest.mark.parametrize("poll", [0.2, 1.5])  # renewed while waiting / lost and taken again
async def test_a_message_queued_behind_a_dead_worker_is_served(redis_url, poll) -> None:
    store = redis_lock_store(redis_url)
    store.issue_ticket("c", lock_lifetime=1.0)  # a worker took the turn and died
    waited = await asyncio.wait_for(hold_after(store, "c", 1.0, poll), timeout=10)
    assert 0.9 < waited < 1.0 + 2 * poll
    assert store.get_lock("c") is None  # nothing left behind for the next message


async def test_rasas_own_lock_store_loses_the_queued_message(redis_url) -> None:
    """Why bot/runtime/stores/lock_store.py exists: the waiting ticket expires with the dead one."""
    store = redis_lock_store(redis_url, stock=True)
    store.issue_ticket("c", lock_lifetime=1.0)
    with pytest.raises(asyncio.TimeoutError):
        await asyncio.wait_for(hold_after(store, "c", 1.0, 1.5), timeout=5)
