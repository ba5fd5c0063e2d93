"""Metrics in one process: the answer engine's hook, refusals, handoffs from the database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import create_engine

from bot.handoff import store
from bot.ops import metrics
from bot.runtime.channels.guard import MessageGuard


def sample(name: str, **labels: str) -> float:
    body, _ = metrics.render()
    for family in text_string_to_metric_families(body.decode()):
        for s in family.samples:
            if s.name == name and all(s.labels.get(k) == v for k, v in labels.items()):
                return s.value
    return 0.0


def test_record_answer_counts_each_band_and_ignores_others() -> None:
    before = {band: sample("leerloket_answers_total", band=band) for band in metrics.BANDS}
    metrics.record_answer("high")
    metrics.record_answer("high")
    metrics.record_answer("close")
    metrics.record_answer("low")
    metrics.record_answer("zeker")  # not a band: logged, not counted, no new label
    after = {band: sample("leerloket_answers_total", band=band) for band in metrics.BANDS}
    assert {b: after[b] - before[b] for b in metrics.BANDS} == {"high": 2, "close": 1, "low": 1}
    assert sample("leerloket_answers_total", band="zeker") == 0


def test_refusals_are_counted_by_reason_without_the_sender() -> None:
    guard = MessageGuard(max_chars=10, per_minute=2, redis_url="")
    before = sample("leerloket_refusals_total", channel="rest", reason="too_long")
    guard.check("rest", "0612345678", "dit bericht is te lang")
    guard.check("rest", "0612345678", "   ")
    guard.check("rest", "0612345678", "hoi")
    assert sample("leerloket_refusals_total", channel="rest", reason="too_long") == before + 1
    assert sample("leerloket_refusals_total", channel="rest", reason="rate") >= 1
    assert b"0612345678" not in metrics.render()[0]


def test_handoffs_waiting_and_their_wait_come_from_the_database(tmp_path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'h.db'}", future=True)
    collector = metrics.HandoffCollector(lambda: engine)
    empty = {f.name: f.samples for f in collector.collect()}
    assert empty["leerloket_handoffs_waiting"][0].value == 0
    store.create_tables(engine)
    now = datetime.now(UTC)
    with engine.begin() as conn:
        for i, (created, claimed) in enumerate([(now - timedelta(minutes=12), None),
                                                (now - timedelta(minutes=3), None),
                                                (now - timedelta(minutes=30), now - timedelta(minutes=28))]):  # fmt: skip
            conn.execute(store.handoffs.insert().values(
                conversation_id=f"c{i}", reason="asked", summary="", transcript="",
                status="claimed" if claimed else "open", created_at=created, claimed_at=claimed))  # fmt: skip
    families = {f.name: f.samples for f in collector.collect()}
    assert families["leerloket_handoffs_waiting"][0].value == 2
    assert 700 < families["leerloket_handoff_oldest_wait_seconds"][0].value < 760
    buckets = {s.labels["le"]: s.value for s in families["leerloket_handoff_wait_seconds"]
               if s.name.endswith("_bucket")}  # fmt: skip
    assert buckets["60"] == 0 and buckets["120"] == 1 and buckets["+Inf"] == 1
