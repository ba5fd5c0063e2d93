"""Per labour-market region and month: conversations, topics, handoffs, waiting and handling
times, unanswered conversations; and the trend over months. Anonymous, as report.py: every
count is of conversations (handoffs: of handoffs, one per conversation at a time), and any
count below MIN_COUNT is None ("<5"); a median time needs MIN_COUNT handoffs behind it.

Waiting time: from the handoff's arrival to its (last) claim. Handling time: from that claim to
closing. Handoffs nobody claimed (expired) have neither. Times are in minutes.
"""

from __future__ import annotations

import csv
import io
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import inspect, select
from sqlalchemy.engine import Engine

from bot.handoff import store
from bot.insights.places import NO_REGION, region_of
from bot.insights.report import MIN_COUNT, TOPIC_INTENTS, Conversation, shown, suppress

ALL_REGIONS = "alle regio's"


@dataclass(frozen=True)
class HandoffTimes:
    region: str
    month: str
    waiting: float | None  # minutes
    handling: float | None


@dataclass
class MonthRow:
    region: str
    month: str
    conversations: int | None
    handoffs: int | None
    unanswered: int | None
    waiting_median: float | None
    handling_median: float | None
    topics: list[tuple[str, int]] = field(default_factory=list)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _minutes(start: datetime | None, end: datetime | None) -> float | None:
    if start is None or end is None:
        return None
    return max((_aware(end) - _aware(start)).total_seconds() / 60, 0.0)


def read_handoffs(engine: Engine) -> list[HandoffTimes]:
    if not inspect(engine).has_table(store.handoffs.name):
        return []
    h = store.handoffs
    query = select(h.c.region, h.c.status, h.c.created_at, h.c.claimed_at, h.c.closed_at)
    with engine.connect() as conn:
        rows = conn.execute(query).all()
    return [
        HandoffTimes(
            region=row.region or NO_REGION,
            month=_aware(row.created_at).astimezone(UTC).strftime("%Y-%m"),
            waiting=_minutes(row.created_at, row.claimed_at),
            handling=_minutes(row.claimed_at, row.closed_at) if row.status == "closed" else None,
        )
        for row in rows
    ]


def _median(values: list[float]) -> float | None:
    return round(statistics.median(values), 1) if len(values) >= MIN_COUNT else None


def _row(region: str, month: str, conversations: list[Conversation],
         handoffs: list[HandoffTimes]) -> MonthRow:  # fmt: skip
    topics: Counter[str] = Counter()
    for conv in conversations:
        topics.update({i for i in conv.intents if i in TOPIC_INTENTS})
    return MonthRow(
        region=region,
        month=month,
        conversations=suppress(len(conversations)),
        handoffs=suppress(len(handoffs)),
        unanswered=suppress(sum(c.unanswered for c in conversations)),
        waiting_median=_median([h.waiting for h in handoffs if h.waiting is not None]),
        handling_median=_median([h.handling for h in handoffs if h.handling is not None]),
        topics=[(t, n) for t, n in topics.most_common(5) if n >= MIN_COUNT],
    )


def month_rows(conversations: list[Conversation], handoffs: list[HandoffTimes],
               region: str | None = None, period: str | None = None) -> list[MonthRow]:  # fmt: skip
    """One row per region and month (newest month first, regions by name); with `region`
    only that region's rows; with `period` only that month. Each month also gets a row for
    all regions together (first of its month) unless a region is chosen."""
    convs: dict[tuple[str, str], list[Conversation]] = defaultdict(list)
    hands: dict[tuple[str, str], list[HandoffTimes]] = defaultdict(list)
    for conv in conversations:
        convs[(region_of(conv.municipality), conv.month)].append(conv)
    for handoff in handoffs:
        hands[(handoff.region, handoff.month)].append(handoff)
    keys = {k for k in (*convs, *hands)
            if (region is None or k[0] == region) and (period is None or k[1] == period)}  # fmt: skip
    rows = [_row(r, m, convs.get((r, m), []), hands.get((r, m), [])) for r, m in keys]
    if region is None:
        for month in {m for _, m in keys}:
            rows.append(_row(ALL_REGIONS, month, [c for c in conversations if c.month == month],
                             [h for h in handoffs if h.month == month]))  # fmt: skip
    rows.sort(key=lambda r: (r.region != ALL_REGIONS, r.region))
    return sorted(rows, key=lambda r: r.month, reverse=True)  # stable: regions stay in order


def trend(rows: list[MonthRow], region: str | None = None) -> list[MonthRow]:
    """The rows of one region (None: all regions together), oldest month first."""
    name = region or ALL_REGIONS
    return sorted((r for r in rows if r.region == name), key=lambda r: r.month)


def shown_time(value: float | None) -> str:
    """A median time: "-" when fewer than MIN_COUNT handoffs lie behind it."""
    return "–" if value is None else f"{value:.1f}"


def to_csv(rows: list[MonthRow], topic_labels: dict[str, str] | None = None) -> str:
    labels = topic_labels or {}
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["region", "month", "conversations", "handoffs", "unanswered_conversations",
                     "waiting_median_minutes", "handling_median_minutes", "topics"])  # fmt: skip
    for row in rows:
        topics = "; ".join(f"{labels.get(t, t)} ({n})" for t, n in row.topics)
        writer.writerow([row.region, row.month, shown(row.conversations), shown(row.handoffs),
                         shown(row.unanswered), shown_time(row.waiting_median),
                         shown_time(row.handling_median), topics])  # fmt: skip
    return out.getvalue()
