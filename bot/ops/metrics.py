"""Prometheus metrics of every process (Rasa, the action server, the web front).

Each process serves its own ``GET /metrics`` on its own HTTP port (Rasa :5005, actions
:5055, web :8080; `make run-prod`'s workers :5011...). We use per-process ports, not
prometheus-client's multiprocess mode: every Rasa worker is a process of its own with a port
of its own (in the cluster: one Rasa process per pod), so Prometheus scrapes each one and
sums; multiprocess mode would need a shared folder and loses the per-process gauges
(memory, CPU) that size the pods. With ``METRICS_PORT`` set, a process serves the same
metrics on that port too (the cluster's action server does: its main port is open to Rasa
only).

No label holds personal data: channels, reasons and bands are fixed lists, action names
are those of the domain; senders, texts and conversation ids never become a label.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    Counter,
    Gauge,
    Histogram,
    disable_created_metrics,
    generate_latest,
    start_http_server,
)
from prometheus_client.core import GaugeMetricFamily, HistogramMetricFamily

logger = logging.getLogger(__name__)
disable_created_metrics()  # no `_created` series beside every counter

CHANNELS = ("rest", "socketio", "telegram", "whatsapp")
BANDS = ("high", "close", "low")
REFUSAL_REASONS = ("rate", "too_long", "empty")
ACTION_CALL_ERRORS = ("unreachable", "status", "invalid_response", "other")
FALLBACK_ACTIONS = frozenset({"action_fallback", "action_default_fallback"})
OTHER = "other"
TURN_BUCKETS = (0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)
WAIT_BUCKETS = (30, 60, 120, 300, 600, 900, 1800, 3600, 7200)

MESSAGES = Counter("leerloket_messages", "User messages handled by Rasa, by channel", ["channel"])
TURN_SECONDS = Histogram(
    "leerloket_turn_seconds",
    "Time from a user message reaching Rasa to the end of its turn (lock wait included)",
    ["channel"],
    buckets=TURN_BUCKETS,
)
TURN_ERRORS = Counter(
    "leerloket_turn_errors", "Turns that failed inside Rasa (the client got an error)", ["channel"]
)
ANSWERS = Counter("leerloket_answers", "Answers given, by confidence band", ["band"])
FALLBACKS = Counter("leerloket_fallbacks", "Turns that ended in a fallback (no answer found)")
ACTIONS = Counter("leerloket_actions", "Custom actions run by the action server", ["action"])
ACTION_ERRORS = Counter(
    "leerloket_action_errors", "Custom actions that raised in the action server", ["action"]
)
ACTION_SERVER_ERRORS = Counter(
    "leerloket_action_server_errors",
    "Custom action calls Rasa could not complete, by kind (unreachable, status, ...)",
    ["kind"],
)
DB_RETRIES = Counter(
    "leerloket_db_retries", "Database work retried on a fresh connection", ["store"]
)
REFUSALS = Counter(
    "leerloket_refusals",
    "Messages refused before the assistant (rate limit, too long, empty)",
    ["channel", "reason"],
)
READY = Gauge("leerloket_ready", "Readiness checks of this process (1 = passes)", ["check"])

for _channel in (*CHANNELS, OTHER):
    MESSAGES.labels(_channel)
    TURN_ERRORS.labels(_channel)
for _band in BANDS:
    ANSWERS.labels(_band)
for _kind in ACTION_CALL_ERRORS:
    ACTION_SERVER_ERRORS.labels(_kind)


def channel_label(name: str | None) -> str:
    return name if name in CHANNELS else OTHER


def record_answer(band: str) -> None:
    """One answer given with this confidence band: "high", "close" or "low"."""
    if band not in BANDS:
        logger.warning("metrics: unknown answer band %r not counted", band)
        return
    ANSWERS.labels(band).inc()


def record_fallback() -> None:
    FALLBACKS.inc()


def record_refusal(channel: str, reason: str) -> None:
    REFUSALS.labels(channel_label(channel), reason if reason in REFUSAL_REASONS else OTHER).inc()


def record_db_retry(store: str) -> None:
    DB_RETRIES.labels(store).inc()


def render() -> tuple[bytes, str]:
    """The exposition text of this process and its content type."""
    return generate_latest(REGISTRY), CONTENT_TYPE_LATEST


_served_port: int | None = None


def serve_metrics_port_from_env() -> int | None:
    """With METRICS_PORT set, serve /metrics on that port too (once per process)."""
    global _served_port
    raw = os.environ.get("METRICS_PORT", "").strip()
    if not raw or _served_port is not None:
        return _served_port
    _served_port = int(raw)
    start_http_server(_served_port)
    logger.info("metrics: also served on port %s", _served_port)
    return _served_port


class HandoffCollector:
    """Handoffs waiting for an adviser and how long they waited, read from the database at
    scrape time (the database is the handoff state machine, so every process agrees).
    Registered by the web front only; take the max over its replicas."""

    def __init__(self, engine_factory: Callable[[], Any]) -> None:
        self._engine_factory = engine_factory

    def describe(self) -> list:
        return []

    def collect(self):
        from sqlalchemy import func, inspect, select

        from bot.handoff.store import handoffs

        waiting = GaugeMetricFamily(
            "leerloket_handoffs_waiting", "Handoffs open and not yet claimed by an adviser"
        )
        oldest = GaugeMetricFamily(
            "leerloket_handoff_oldest_wait_seconds", "Age of the oldest unclaimed handoff"
        )
        count, first, claimed = 0, None, []
        try:
            engine = self._engine_factory()
            if inspect(engine).has_table(handoffs.name):
                with engine.connect() as conn:
                    count, first = conn.execute(
                        select(func.count(), func.min(handoffs.c.created_at)).where(
                            handoffs.c.status == "open"
                        )
                    ).one()
                    claimed = conn.execute(
                        select(handoffs.c.created_at, handoffs.c.claimed_at).where(
                            handoffs.c.claimed_at.is_not(None)
                        )
                    ).all()
        except Exception as error:  # a scrape must not fail because the database is away
            logger.warning("metrics: handoffs not read: %s", type(error).__name__)
            return
        now = datetime.now(UTC)
        waiting.add_metric([], count)
        oldest.add_metric([], (now - _aware(first)).total_seconds() if first else 0)
        yield waiting
        yield oldest
        waits = [(_aware(c) - _aware(a)).total_seconds() for a, c in claimed]
        buckets = [(str(b), sum(1 for w in waits if w <= b)) for b in WAIT_BUCKETS]
        buckets.append(("+Inf", len(waits)))
        histogram = HistogramMetricFamily(
            "leerloket_handoff_wait_seconds",
            "Time claimed handoffs waited for an adviser (from the stored handoffs)",
        )
        histogram.add_metric([], buckets, sum_value=sum(waits))
        yield histogram


def _aware(moment: datetime) -> datetime:
    """SQLite gives naive datetimes back; every stored time is UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


_handoff_collector: HandoffCollector | None = None


def register_handoff_metrics(engine_factory: Callable[[], Any]) -> None:
    global _handoff_collector
    if _handoff_collector is None:
        _handoff_collector = HandoffCollector(engine_factory)
        REGISTRY.register(_handoff_collector)
