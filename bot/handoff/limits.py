"""Abuse limits that hold across fresh conversation ids: counts per key in a time window.

New handoffs and call-back requests are limited per client address (a daily-changing keyed
pseudonym the channel puts in the message metadata, `bot.privacy.pseudonym.client_key`) and
over all clients together, per minute. Counts are shared in Redis with REDIS_URL (several
action servers), else kept in this process.
"""

from __future__ import annotations

import os
import threading
import time
from collections import deque
from dataclasses import dataclass

TOO_MANY_HANDOFFS = (
    "Er vragen nu veel mensen tegelijk om een adviseur. Daarom kan ik je vraag nu niet "
    "doorgeven. Probeer het over een paar minuten opnieuw. Je kunt mij ook je vraag stellen."
)


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    return int(raw) if raw.isdigit() else default


class WindowCounter:
    """How many events each key had in the last `window` seconds (a sliding window in
    memory; fixed windows in Redis)."""

    def __init__(self, namespace: str, window: float = 60.0, redis_url: str | None = None,
                 clock=time.monotonic) -> None:  # fmt: skip
        self.namespace, self.window, self._clock = namespace, window, clock
        self._events: dict[str, deque[float]] = {}
        self._lock = threading.Lock()
        url = redis_url if redis_url is not None else os.environ.get("REDIS_URL") or None
        self._redis = None
        if url:
            import redis

            self._redis = redis.Redis.from_url(url, socket_timeout=2)

    def _redis_key(self, key: str) -> str:
        bucket = int(time.time() // self.window)
        return f"leerloket:limit:{self.namespace}:{key}:{bucket}"

    def count(self, key: str) -> int:
        if self._redis is not None:
            return int(self._redis.get(self._redis_key(key)) or 0)
        with self._lock:
            stamps = self._events.get(key)
            if not stamps:
                return 0
            cutoff = self._clock() - self.window
            while stamps and stamps[0] <= cutoff:
                stamps.popleft()
            return len(stamps)

    def add(self, key: str) -> int:
        """Count one event for `key`; returns the count in the window, this one included."""
        if self._redis is not None:
            redis_key = self._redis_key(key)
            pipe = self._redis.pipeline()
            pipe.incr(redis_key)
            pipe.expire(redis_key, int(self.window * 2))
            return int(pipe.execute()[0])
        with self._lock:
            now = self._clock()
            stamps = self._events.setdefault(key, deque())
            while stamps and stamps[0] <= now - self.window:
                stamps.popleft()
            stamps.append(now)
            if len(self._events) > 50_000:  # forget idle keys
                for idle in [
                    k for k, v in self._events.items() if not v or v[-1] <= now - self.window
                ]:
                    del self._events[idle]
            return len(stamps)

    def reset(self, key: str) -> None:
        if self._redis is not None:
            self._redis.delete(self._redis_key(key))
        with self._lock:
            self._events.pop(key, None)


@dataclass(frozen=True)
class Decision:
    allowed: bool
    why: str = ""  # "client" or "global" when refused


class HandoffLimiter:
    """At most `per_client` new handoffs per client and `overall` in all per minute."""

    def __init__(self, per_client: int | None = None, overall: int | None = None,
                 redis_url: str | None = None, clock=time.monotonic) -> None:  # fmt: skip
        self.per_client = per_client if per_client is not None else _env_int(
            "HANDOFFS_PER_CLIENT_PER_MINUTE", 3)  # fmt: skip
        self.overall = overall if overall is not None else _env_int("HANDOFFS_PER_MINUTE", 30)
        self.counter = WindowCounter("handoffs", 60.0, redis_url, clock)

    def admit(self, client: str | None) -> Decision:
        """Whether a new handoff may open now; counts it when it may."""
        client_key = f"client:{client or 'unknown'}"
        if self.counter.count("all") >= self.overall:
            return Decision(False, "global")
        if self.counter.count(client_key) >= self.per_client:
            return Decision(False, "client")
        self.counter.add("all")
        self.counter.add(client_key)
        return Decision(True)


_shared: HandoffLimiter | None = None


def shared_limiter() -> HandoffLimiter:
    """The limiter of this process (its settings read once)."""
    global _shared
    if _shared is None:
        _shared = HandoffLimiter()
    return _shared
