"""Abuse limits shared by every channel: a longest message and a per-sender rate.

A refused message never reaches the assistant; the sender gets a short Dutch reply instead
of an error page. Counts live in memory, or in Redis with REDIS_URL so that all Rasa workers
share them.
"""

from __future__ import annotations

import time
from collections import deque
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.config.settings import get_settings
from bot.ops import metrics

if TYPE_CHECKING:
    from rasa.core.channels.channel import OutputChannel

TOO_LONG = (
    "Je bericht is te lang. Ik kan berichten tot {limit} tekens lezen. "
    "Stel je vraag korter, of stuur hem in delen."
)
TOO_FAST = (
    "Je stuurt veel berichten achter elkaar. Wacht een minuut. Daarna help ik je graag verder."
)
EMPTY = "Ik zie geen tekst in je bericht. Typ je vraag."
WINDOW_SECONDS = 60


@dataclass(frozen=True)
class Verdict:
    """`allowed` messages go on to the assistant; otherwise `reply` (may be empty) is sent."""

    allowed: bool
    reply: str = ""


class MessageGuard:
    def __init__(
        self,
        max_chars: int | None = None,
        per_minute: int | None = None,
        redis_url: str | None = None,
        clock=time.monotonic,
    ) -> None:
        settings = get_settings()
        self.max_chars = max_chars if max_chars is not None else settings.max_message_chars
        self.per_minute = per_minute if per_minute is not None else settings.messages_per_minute
        self._clock = clock
        self._recent: dict[str, deque[float]] = {}
        self._redis = None
        url = redis_url if redis_url is not None else settings.redis_url
        if url:
            import redis

            self._redis = redis.Redis.from_url(url)

    def check(self, channel: str, sender: str, text: str) -> Verdict:
        """Whether this message may pass. Over the rate, only the first refusal is answered."""
        count = self._count(f"{channel}:{sender}")
        if count > self.per_minute:
            metrics.record_refusal(channel, "rate")
            return Verdict(False, TOO_FAST if count == self.per_minute + 1 else "")
        if not text.strip():  # nothing to understand (and the classifier cannot take it)
            metrics.record_refusal(channel, "empty")
            return Verdict(False, EMPTY)
        if len(text) > self.max_chars:
            metrics.record_refusal(channel, "too_long")
            return Verdict(False, TOO_LONG.format(limit=self.max_chars))
        return Verdict(True)

    async def admit(self, channel: str, sender: str, text: str, output: OutputChannel) -> bool:
        """`check`, for channels that answer through an output channel: a refused message
        gets its reply there (if any), and False tells the caller to drop it."""
        verdict = self.check(channel, sender, text)
        if not verdict.allowed and verdict.reply:
            await output.send_text_message(sender, verdict.reply)
        return verdict.allowed

    def _count(self, key: str) -> int:
        """Messages from `key` in the current window, this one included."""
        if self._redis is not None:
            bucket = int(time.time() // WINDOW_SECONDS)
            redis_key = f"leerloket:rate:{key}:{bucket}"
            pipe = self._redis.pipeline()
            pipe.incr(redis_key)
            pipe.expire(redis_key, WINDOW_SECONDS * 2)
            return int(pipe.execute()[0])
        now = self._clock()
        stamps = self._recent.setdefault(key, deque())
        while stamps and stamps[0] <= now - WINDOW_SECONDS:
            stamps.popleft()
        if len(stamps) > self.per_minute:  # already refused: stop counting, keep memory flat
            return len(stamps) + 1
        stamps.append(now)
        if len(self._recent) > 50_000:  # forget idle senders
            for idle in [
                k for k, v in self._recent.items() if not v or v[-1] <= now - WINDOW_SECONDS
            ]:
                del self._recent[idle]
        return len(stamps)
