"""Liveness and readiness of each process.

- live (``/`` on Rasa, ``/health`` on the action server, ``/healthz`` on the web front, as
  before; ``/health/live`` on all three): the process answers. Never depends on the database,
  so an outage of PostgreSQL does not make Kubernetes restart every pod.
- ready (``/health/ready`` on all three): 200 only when this process can serve a user —
  Rasa: the model is loaded, the database and (when REDIS_URL is set) Redis answer, and the KB
  is loaded into the database; the action server: database and KB; the web front: database.
  503 with the failing checks otherwise. Kubernetes then sends it no traffic.

Each check runs in a thread with a time limit, at most one evaluation at a time, and the
answer is reused for a second, so probes and scrapes never pile up on a dead database.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from bot.config.settings import get_settings, sqlalchemy_url
from bot.ops import metrics

logger = logging.getLogger(__name__)
CHECK_TIMEOUT_SECONDS = 3.0
CACHE_SECONDS = 1.0
CONNECT_TIMEOUT_SECONDS = 2


@lru_cache(maxsize=4)
def _engine(url: str) -> Any:
    """A small engine of its own: a readiness probe never waits for the serving pool."""
    from sqlalchemy import create_engine

    url = sqlalchemy_url(url)
    if url.startswith("sqlite"):
        from bot.config.db import get_engine

        return get_engine(url)
    return create_engine(
        url,
        future=True,
        pool_pre_ping=True,
        pool_size=1,
        max_overflow=1,
        connect_args={"connect_timeout": CONNECT_TIMEOUT_SECONDS},
    )


def database_reachable(url: str | None = None) -> bool:
    from sqlalchemy import text

    with _engine(url or get_settings().database_url).connect() as conn:
        conn.execute(text("select 1"))
    return True


def redis_reachable(url: str | None = None) -> bool:
    import redis

    url = url or get_settings().redis_url
    client = redis.Redis.from_url(
        url, socket_connect_timeout=CONNECT_TIMEOUT_SECONDS, socket_timeout=CONNECT_TIMEOUT_SECONDS
    )
    try:
        return bool(client.ping())
    finally:
        client.close()


class KbLoaded:
    """True once the KB tables hold entries (`python -m bot.kb load`); then not asked again."""

    def __init__(self, url: str | None = None) -> None:
        self._url = url
        self._loaded = False

    def __call__(self) -> bool:
        if not self._loaded:
            from bot.kb.store import has_kb

            self._loaded = has_kb(_engine(self._url or get_settings().database_url))
        return self._loaded


@dataclass(frozen=True)
class Verdict:
    ready: bool
    checks: dict[str, bool]

    def body(self) -> dict[str, Any]:
        return {"status": "ready" if self.ready else "not ready", "checks": self.checks}

    @property
    def status(self) -> int:
        return 200 if self.ready else 503


class Readiness:
    """Named checks (functions that return True or raise) evaluated together."""

    def __init__(self, checks: dict[str, Callable[[], bool]]) -> None:
        self.checks = dict(checks)
        self._last: Verdict | None = None
        self._at = 0.0
        self._lock: asyncio.Lock | None = None

    @classmethod
    def for_process(cls, kind: str, model_ready: Callable[[], bool] | None = None) -> Readiness:
        """The checks of "rasa", "actions" or "web", from the settings."""
        settings = get_settings()
        checks: dict[str, Callable[[], bool]] = {}
        if kind == "rasa":
            checks["model"] = model_ready or (lambda: False)
        checks["database"] = database_reachable
        if kind == "rasa" and settings.redis_url:
            checks["redis"] = redis_reachable
        if kind in ("rasa", "actions"):
            checks["kb"] = KbLoaded()
        return cls(checks)

    async def evaluate(self) -> Verdict:
        if self._lock is None:
            self._lock = asyncio.Lock()
        async with self._lock:
            if self._last is not None and time.monotonic() - self._at < CACHE_SECONDS:
                return self._last
            results = await asyncio.gather(*(self._run(n, c) for n, c in self.checks.items()))
            verdict = Verdict(all(results), dict(zip(self.checks, results, strict=True)))
            for name, ok in verdict.checks.items():
                metrics.READY.labels(name).set(1 if ok else 0)
            if self._last is not None and self._last.ready and not verdict.ready:
                failing = ", ".join(n for n, ok in verdict.checks.items() if not ok)
                logger.warning("readiness: not ready (%s)", failing)
            self._last, self._at = verdict, time.monotonic()
            return verdict

    @staticmethod
    async def _run(name: str, check: Callable[[], bool]) -> bool:
        try:
            return bool(
                await asyncio.wait_for(asyncio.to_thread(check), timeout=CHECK_TIMEOUT_SECONDS)
            )
        except Exception as error:  # any failure means: not ready
            logger.debug("readiness: %s failed: %s", name, type(error).__name__)
            return False
