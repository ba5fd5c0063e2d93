"""Unmet demand, per municipality and region: what Leerloket could not give.

Two measures, each a count of conversations with the small-count suppression (None, "<5"):
- unanswered: conversations in which the answer engine said it had no good answer
  (its honest "Daar weet ik nog geen goed antwoord op" / English version) or NLU fell back.
  Not counted: an answer turn without a new `last_entry` slot, because the engine sets
  `last_entry` only when the subject changes and place answers may have no entry; that
  signal would count good answers as misses.
- no local provider: conversations that asked about a topic (the `topic` entity, or the topic
  of an entry they were shown: bot.places.providers.topic_for_entry) in a municipality whose
  KB place has no provider for that topic (or no KB place at all).
Only municipalities of the municipality table count; conversations without one are "onbekend".
"""

from __future__ import annotations

import csv
import io
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from bot.insights.places import municipality_name, region_of
from bot.insights.report import MIN_COUNT, UNKNOWN, Conversation, shown, suppress

KIND_MUNICIPALITY = "gemeente"
KIND_REGION = "regio"


@dataclass
class UnmetRow:
    kind: str  # "gemeente" | "regio"
    key: str  # municipality id or region name
    name: str  # what people read
    region: str
    conversations: int | None
    unanswered: int | None
    no_provider: int | None  # conversations that asked a topic with no local provider
    topics: list[tuple[str, int]] = field(default_factory=list)  # per topic, >= MIN_COUNT only


def provider_topics(places: Mapping[str, object]) -> dict[str, set[str]]:
    """municipality id -> the topics its KB place has a provider for."""
    return {pid: {t for p in place.providers for t in p.topics} for pid, place in places.items()}


def missing_topics(conv: Conversation, entry_topics: Mapping[str, str | None],
                   covered: Mapping[str, set[str]]) -> set[str]:  # fmt: skip
    """The topics this conversation asked that its municipality has no local provider for."""
    if conv.municipality == UNKNOWN:
        return set()
    asked = set(conv.asked_topics) | {t for e in conv.entries if (t := entry_topics.get(e))}
    return asked - covered.get(conv.municipality, set())


def _row(kind: str, key: str, name: str, region: str, conversations: list[Conversation],
         missing: dict[int, set[str]]) -> UnmetRow:  # fmt: skip
    topics: Counter[str] = Counter()
    for conv in conversations:
        topics.update(missing[id(conv)])
    return UnmetRow(
        kind=kind,
        key=key,
        name=name,
        region=region,
        conversations=suppress(len(conversations)),
        unanswered=suppress(sum(c.unanswered for c in conversations)),
        no_provider=suppress(sum(bool(missing[id(c)]) for c in conversations)),
        topics=[(t, n) for t, n in topics.most_common() if n >= MIN_COUNT],
    )


def unmet_rows(conversations: list[Conversation], entry_topics: Mapping[str, str | None],
               covered: Mapping[str, set[str]], region: str | None = None,
               period: str | None = None) -> list[UnmetRow]:  # fmt: skip
    """Regions first (by name), then municipalities (by name); `region`/`period` filter."""
    chosen = [c for c in conversations
              if (period is None or c.month == period)
              and (region is None or region_of(c.municipality) == region)]  # fmt: skip
    missing = {id(c): missing_topics(c, entry_topics, covered) for c in chosen}
    by_region: dict[str, list[Conversation]] = defaultdict(list)
    by_place: dict[str, list[Conversation]] = defaultdict(list)
    for conv in chosen:
        by_region[region_of(conv.municipality)].append(conv)
        by_place[conv.municipality].append(conv)
    regions = [_row(KIND_REGION, r, r, r, convs, missing) for r, convs in by_region.items()]
    places = [_row(KIND_MUNICIPALITY, m, municipality_name(m), region_of(m), convs, missing)
              for m, convs in by_place.items()]  # fmt: skip
    return sorted(regions, key=lambda r: r.name.lower()) + sorted(
        places, key=lambda r: r.name.lower()
    )


def from_kb(base) -> tuple[dict[str, str | None], dict[str, set[str]]]:
    """(entry id -> topic, municipality id -> covered topics) from a KnowledgeBase."""
    from bot.places.providers import topic_for_entry

    entry_topics = {e.id: topic_for_entry(e) for e in base.entries()}
    return entry_topics, provider_topics({p.id: p for p in base.places()})


def to_csv(rows: list[UnmetRow], period: str | None,
           label: Callable[[str], str] = str) -> str:  # fmt: skip
    """One row per region and municipality; suppressed counts are "<5"."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["level", "name", "region", "period", "conversations",
                     "unanswered_conversations", "no_local_provider_conversations", "topics"])  # fmt: skip
    for row in rows:
        topics = "; ".join(f"{label(t)} ({n})" for t, n in row.topics)
        writer.writerow([row.kind, row.name, row.region, period or "alle maanden",
                         shown(row.conversations), shown(row.unanswered), shown(row.no_provider),
                         topics])  # fmt: skip
    return out.getvalue()
