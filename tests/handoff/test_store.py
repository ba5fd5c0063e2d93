"""The handoff state machine on SQLite and PostgreSQL: transitions, races, restarts, expiry."""

from __future__ import annotations

import threading
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import create_engine, update

from bot.handoff import store
from bot.handoff.hours import OfficeHours
from bot.handoff.messages import CRISIS_HELP, handoff_opened
from bot.handoff.summary import conversation_summary, transcript


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'handoff.db'}"
    url = request.getfixturevalue("postgres_url")
    engine = create_engine(url, future=True)
    store.metadata.drop_all(engine)
    engine.dispose()
    return url


def new(engine, conversation: str | None = None, region: str = "Twente") -> store.Handoff:
    return store.open_handoff(
        engine, conversation or f"c-{uuid.uuid4().hex[:8]}", "asked", "Vragen: mijn bsn is 111222333",
        [{"who": "user", "text": "bel me op 0612345678"}], channel="rest", region=region,
    )  # fmt: skip


def test_open_claim_close(db_url) -> None:
    engine = create_engine(db_url, future=True)
    handoff = new(engine)
    assert handoff.status == "open"
    assert "111222333" not in handoff.summary and "0612345678" not in str(handoff.transcript)
    assert store.open_handoff(engine, handoff.conversation_id, "asked", "x", []).id == handoff.id
    assert not store.close(engine, handoff.id, "anna", "klaar")  # not claimed yet
    assert store.claim(engine, handoff.id, "anna")
    assert not store.claim(engine, handoff.id, "bram")
    assert not store.close(engine, handoff.id, "bram", "klaar")  # only the claimer closes
    assert store.close(engine, handoff.id, "anna", "doorverwezen naar Werkcentrum")
    closed = store.get(engine, handoff.id)
    assert (closed.status, closed.claimed_by, closed.outcome) == (
        "closed", "anna", "doorverwezen naar Werkcentrum")  # fmt: skip
    assert store.active_for(engine, handoff.conversation_id) is None


def test_two_advisers_never_claim_the_same_handoff(db_url) -> None:
    engine = create_engine(db_url, future=True, pool_size=10) if "postgresql" in db_url else \
        create_engine(db_url, future=True)  # fmt: skip
    handoff = new(engine)
    winners: list[str] = []
    barrier = threading.Barrier(8)

    def try_claim(adviser: str) -> None:
        barrier.wait()
        if store.claim(engine, handoff.id, adviser):
            winners.append(adviser)

    threads = [threading.Thread(target=try_claim, args=(f"adviser{i}",)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(winners) == 1
    assert store.get(engine, handoff.id).claimed_by == winners[0]


def test_state_survives_a_restart(db_url) -> None:
    engine = create_engine(db_url, future=True)
    handoff = new(engine)
    store.claim(engine, handoff.id, "anna")
    store.add_note(engine, handoff.id, "anna", "Belt morgen terug, nummer 0612345678", kind="note")
    engine.dispose()
    restarted = create_engine(db_url, future=True)
    assert store.get(restarted, handoff.id).status == "claimed"
    notes = store.notes(restarted, handoff.id)
    assert notes[0]["text"] == "Belt morgen terug, nummer [TELEFOON]"


def test_unclaimed_handoffs_expire(db_url) -> None:
    engine = create_engine(db_url, future=True)
    old, fresh = new(engine), new(engine)
    with engine.begin() as conn:
        conn.execute(update(store.handoffs).where(store.handoffs.c.id == old.id).values(
            created_at=datetime.now(UTC) - timedelta(minutes=30)))  # fmt: skip
    expired = store.expire_unclaimed(engine, timedelta(minutes=15))
    assert [h.id for h in expired] == [old.id]
    assert store.get(engine, fresh.id).status == "open"
    assert not store.claim(engine, old.id, "anna")


def test_queue_is_filtered_by_region(db_url) -> None:
    engine = create_engine(db_url, future=True)
    twente, zeeland = new(engine, region="Twente"), new(engine, region="Zeeland")
    assert [h.id for h in store.queue(engine, ["Twente"])] == [twente.id]
    assert {h.id for h in store.queue(engine)} >= {twente.id, zeeland.id}


def test_bad_reason_is_refused(tmp_path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'x.db'}", future=True)
    with pytest.raises(ValueError, match="reason"):
        store.open_handoff(engine, "c", "boredom", "x", [])


def test_office_hours() -> None:
    hours = OfficeHours.parse("ma-vr 09:00-17:00")
    monday_10 = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)  # 11:00 in Amsterdam
    saturday = datetime(2026, 11, 28, 10, 0, tzinfo=UTC)
    assert hours.is_open(monday_10) and not hours.is_open(saturday)
    assert "binnen 15 minuten" in handoff_opened(hours, monday_10, 15, "asked")
    assert "maandag tot en met vrijdag van 09.00 tot 17.00 uur" in handoff_opened(
        hours, saturday, 15, "asked")  # fmt: skip
    assert handoff_opened(hours, monday_10, 15, "crisis").startswith(CRISIS_HELP)
    with pytest.raises(ValueError):
        OfficeHours.parse("elke dag")


def test_summary_and_transcript_are_redacted() -> None:
    events = [
        {"event": "user", "text": "wie betaalt mijn opleiding"},
        {"event": "bot", "text": "Hoe oud ben je?"},
        {"event": "user", "text": "mijn mail is a@b.nl"},
        {"event": "user", "text": "/request_human"},
    ]
    summary = conversation_summary(events, {"municipality": "zwolle", "age": "45"})
    assert summary == ("Vragen: wie betaalt mijn opleiding | mijn mail is [E-MAIL]. "
                       "Bekend: municipality: zwolle, age: 45")  # fmt: skip
    assert transcript(events)[2] == {"who": "user", "text": "mijn mail is [E-MAIL]"}
