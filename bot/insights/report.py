"""Insights for learning desks and local policy makers: anonymous aggregates only.

Everything is computed from Rasa's tracker events (already redacted), the answer feedback and
the handoffs, per municipality and month. Any count below `MIN_COUNT` is suppressed (shown as
None, "<5" in exports), and message text appears only as redacted, grouped fallback questions
that at least `MIN_COUNT` conversations asked.

Every count is a number of conversations (one conversation asking a topic, or voting on an
answer, many times counts once), only municipalities of the municipality table count (any
other value a message or payload brings is "onbekend"), and the filters (municipality,
month) apply to every figure, the votes included.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime

from sqlalchemy import inspect, text
from sqlalchemy.engine import Engine

from bot.config.db import get_engine
from bot.handoff import feedback
from bot.handoff.region import known_place
from bot.text.normalise import normalise

MIN_COUNT = 5
UNKNOWN = "onbekend"
TOPIC_INTENTS = (
    "ask_funding", "ask_learning_route", "ask_basic_skills", "find_provider", "ask_career",
    "ask_background", "ask_privacy", "ask_cost", "ask_how_to_apply", "ask_eligibility",
)  # fmt: skip
HANDOFF_ACTION = "action_handoff"
# How the answer engine's honest "I do not know" begins (bot/answering/phrases.py, nl and en).
NO_ANSWER = ("Daar weet ik nog geen goed antwoord op", "I do not have a good answer to that yet")


@dataclass
class Conversation:
    sender: str
    started: float
    channel: str = UNKNOWN
    municipality: str = UNKNOWN
    intents: list[str] = field(default_factory=list)
    entries: list[str] = field(default_factory=list)
    fallback_texts: list[str] = field(default_factory=list)
    handed_off: bool = False
    unanswered: bool = False  # the engine said it did not know, or NLU fell back
    asked_topics: list[str] = field(default_factory=list)  # `topic` entities (lezen, ...)

    @property
    def month(self) -> str:
        return datetime.fromtimestamp(self.started, UTC).strftime("%Y-%m")


@dataclass
class Report:
    municipality: str
    period: str
    conversations: int | None
    channels: dict[str, int | None]
    top_topics: list[tuple[str, int]]
    top_entries: list[tuple[str, int]]
    unanswered: list[tuple[str, int]]
    handoffs: int | None
    handoff_rate: float | None
    feedback: dict[str, dict[str, int | None]]


def suppress(count: int) -> int | None:
    """Counts below MIN_COUNT are never shown: they could point at a person."""
    return count if count >= MIN_COUNT else None


def shown(value: int | float | None) -> str:
    """A suppressed count (None) as exports and pages show it: "<5"."""
    return f"<{MIN_COUNT}" if value is None else str(value)


def read_conversations(engine: Engine) -> list[Conversation]:
    if not inspect(engine).has_table("events"):
        return []
    query = text("select sender_id, type_name, timestamp, intent_name, action_name, data "
                 "from events order by sender_id, id")  # fmt: skip
    conversations: dict[str, Conversation] = {}
    with engine.connect() as conn:
        for sender, type_name, timestamp, intent, action, data in conn.execute(query):
            conv = conversations.setdefault(sender, Conversation(sender, timestamp or 0.0))
            event = json.loads(data or "{}")
            if type_name == "user":
                if conv.channel == UNKNOWN and event.get("input_channel"):
                    conv.channel = event["input_channel"]
                if intent:
                    conv.intents.append(intent)
                if intent == "nlu_fallback":
                    conv.unanswered = True
                    if event.get("text"):
                        conv.fallback_texts.append(event["text"])
                entities = (event.get("parse_data") or {}).get("entities") or []
                conv.asked_topics += [str(e["value"]) for e in entities
                                      if e.get("entity") == "topic" and e.get("value")]  # fmt: skip
            elif type_name == "bot":
                if any(phrase in str(event.get("text") or "") for phrase in NO_ANSWER):
                    conv.unanswered = True
            elif type_name == "slot":
                if event.get("name") == "municipality" and event.get("value"):
                    # Only a municipality of the table counts; free text stays "onbekend".
                    conv.municipality = _municipality_id(event["value"]) or conv.municipality
                elif event.get("name") == "last_entry" and event.get("value"):
                    conv.entries.append(str(event["value"]))
            elif type_name == "action" and action == HANDOFF_ACTION:
                conv.handed_off = True
    return list(conversations.values())


_known: dict[str, str | None] = {}


def _municipality_id(value: object) -> str | None:
    """The municipality id of a slot value (id, name, alias, postcode), None if unknown."""
    key = str(value)[:120]
    if key not in _known:
        if len(_known) > 10_000:
            _known.clear()
        _known[key] = known_place(key).municipality
    return _known[key]


Vote = tuple  # (conversation pseudonym, entry id, value, municipality, created_at)


def _month(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m")


def _chosen_votes(votes: list[Vote], conversations: list[Conversation], chosen: list[Conversation],
                  municipality: str | None, period: str | None) -> list[Vote]:  # fmt: skip
    """The votes of the chosen conversations; a vote whose conversation is gone (erased) by its
    own municipality and month."""
    by_pseudonym = {feedback.conversation_hash(c.sender): c for c in conversations}
    chosen_ids = {id(c) for c in chosen}
    kept = []
    for vote in votes:
        conversation = by_pseudonym.get(vote[0])
        if conversation is not None:
            if id(conversation) in chosen_ids:
                kept.append(vote)
            continue
        place = _municipality_id(vote[3]) if vote[3] else None
        if (municipality is None or place == municipality) and (
            period is None or _month(vote[4]) == period
        ):
            kept.append(vote)
    return kept


def _top(counter: Counter[str], n: int = 10) -> list[tuple[str, int]]:
    return [(key, count) for key, count in counter.most_common(n) if count >= MIN_COUNT]


def build_report(
    conversations: list[Conversation],
    votes: list[Vote],
    municipality: str | None = None,
    period: str | None = None,
) -> Report:
    """The report for one municipality (None: all) and month "YYYY-MM" (None: all time)."""
    chosen = [
        c for c in conversations
        if (municipality is None or c.municipality == municipality)
        and (period is None or c.month == period)
    ]  # fmt: skip
    topics: Counter[str] = Counter()
    entries: Counter[str] = Counter()
    unanswered: Counter[str] = Counter()
    channels: Counter[str] = Counter(c.channel for c in chosen)
    for conv in chosen:
        # Count each topic once per conversation: it is about how many people ask it.
        topics.update({i for i in conv.intents if i in TOPIC_INTENTS})
        entries.update(set(conv.entries))
        unanswered.update({normalise(t) for t in conv.fallback_texts if normalise(t)})
    handoffs = sum(c.handed_off for c in chosen)
    # One vote per conversation and entry (feedback.votes), so a count is of conversations.
    vote_counts: Counter[tuple[str, str]] = Counter(
        (vote[1], vote[2])
        for vote in _chosen_votes(votes, conversations, chosen, municipality, period)
        if vote[1]
    )
    entry_votes: dict[str, dict[str, int | None]] = defaultdict(dict)
    for (entry_id, value), count in vote_counts.items():
        entry_votes[entry_id][value] = suppress(count)
    return Report(
        municipality=municipality or "alle gemeenten",
        period=period or "alle maanden",
        conversations=suppress(len(chosen)),
        channels={name: suppress(count) for name, count in channels.items()},
        top_topics=_top(topics),
        top_entries=_top(entries),
        unanswered=_top(unanswered),
        handoffs=suppress(handoffs),
        handoff_rate=round(handoffs / len(chosen), 3)
        if len(chosen) >= MIN_COUNT and handoffs >= MIN_COUNT
        else None,
        feedback=dict(entry_votes),
    )


def municipalities(conversations: list[Conversation]) -> list[str]:
    """The known municipalities conversations came from (for the filter)."""
    return sorted({c.municipality for c in conversations} - {UNKNOWN})


def report_for(engine: Engine | None = None, municipality: str | None = None,
               period: str | None = None) -> Report:  # fmt: skip
    engine = engine or get_engine()
    return build_report(read_conversations(engine), _votes(engine), municipality, period)


def _votes(engine: Engine) -> list[Vote]:
    if not inspect(engine).has_table(feedback.answer_feedback.name):
        return []
    return feedback.votes(engine)


def to_csv(report: Report) -> str:
    """One row per measure; suppressed counts are written as "<5"."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["municipality", "period", "measure", "key", "value"])

    base = [report.municipality, report.period]
    writer.writerow([*base, "conversations", "", shown(report.conversations)])
    writer.writerow([*base, "handoffs", "", shown(report.handoffs)])
    writer.writerow([*base, "handoff_rate", "", shown(report.handoff_rate)])
    for name, count in sorted(report.channels.items()):
        writer.writerow([*base, "channel", name, shown(count)])
    for measure, rows in (("topic", report.top_topics), ("kb_entry", report.top_entries),
                          ("unanswered", report.unanswered)):  # fmt: skip
        for key, count in rows:
            writer.writerow([*base, measure, key, count])
    for entry_id, values in sorted(report.feedback.items()):
        for value, count in sorted(values.items()):
            writer.writerow([*base, f"feedback_{value}", entry_id, shown(count)])
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.insights.report", description=__doc__)
    parser.add_argument("--municipality", help="municipality id (default: all)")
    parser.add_argument("--period", help="month YYYY-MM (default: all time)")
    parser.add_argument("--format", choices=("json", "csv"), default="json")
    args = parser.parse_args(argv)
    report = report_for(municipality=args.municipality, period=args.period)
    if args.format == "csv":
        sys.stdout.write(to_csv(report))
    else:
        print(json.dumps(asdict(report), ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
