"""Plain helpers shared by the channels: de-duplication, message splitting, button texts."""

from __future__ import annotations

import re
from collections import OrderedDict

from bot.config.settings import get_settings

READS_TEXT_ONLY = (
    "Ik kan alleen tekst lezen. Foto's, stickers en bestanden begrijp ik niet. "
    "Typ je vraag in een bericht."
)
HELP_TEXT = (
    "Ik ben Leerloket. Ik help je met vragen over leren en werk. Bijvoorbeeld: wie betaalt mijn "
    "opleiding, welke cursus past bij mij, of waar kan ik bij mij in de buurt leren. "
    "Typ je vraag. Wil je een mens spreken? Typ dan: adviseur."
)


class SeenIds:
    """Ids of updates already handled, so a retried webhook is processed once.

    In memory (bounded) and, with REDIS_URL set, in Redis too, so that several Rasa workers
    agree on what was seen.
    """

    def __init__(self, namespace: str, capacity: int = 10_000, ttl_seconds: int = 86_400) -> None:
        self._namespace, self._capacity, self._ttl = namespace, capacity, ttl_seconds
        self._recent: OrderedDict[str, None] = OrderedDict()
        self._redis = None
        redis_url = get_settings().redis_url
        if redis_url:
            import redis

            self._redis = redis.Redis.from_url(redis_url)

    def first_time(self, item_id: str) -> bool:
        """True the first time `item_id` is seen, False for every repeat."""
        if item_id in self._recent:
            return False
        self._recent[item_id] = None
        if len(self._recent) > self._capacity:
            self._recent.popitem(last=False)
        if self._redis is not None:
            key = f"leerloket:seen:{self._namespace}:{item_id}"
            return bool(self._redis.set(key, 1, nx=True, ex=self._ttl))
        return True


def split_text(text: str, limit: int) -> list[str]:
    """Pieces of at most `limit` characters, cut at paragraph, line, sentence or word ends."""
    pieces: list[str] = []
    rest = text.strip()
    while len(rest) > limit:
        window = rest[:limit]
        cut = max(window.rfind("\n\n"), window.rfind("\n"))
        if cut < limit // 2:
            sentence_ends = [m.end() for m in re.finditer(r"[.!?]\s", window)]
            cut = sentence_ends[-1] if sentence_ends and sentence_ends[-1] > limit // 2 else -1
        if cut < limit // 2:
            cut = window.rfind(" ")
        if cut <= 0:
            cut = limit
        pieces.append(rest[:cut].strip())
        rest = rest[cut:].strip()
    if rest:
        pieces.append(rest)
    return pieces


def shorten(title: str, limit: int) -> str:
    """A button title that fits `limit` characters, cut at a word end with an ellipsis."""
    if len(title) <= limit:
        return title
    cut = title[: limit - 1].rsplit(" ", 1)[0] or title[: limit - 1]
    return cut.rstrip(" ,.:;–-") + "…"
