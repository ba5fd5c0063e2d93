"""Retention and erasure on the real tracker-store tables (SQLite and PostgreSQL)."""

from __future__ import annotations

import time
import uuid

import pytest
from sqlalchemy import create_engine, text

from bot.handoff import feedback
from bot.privacy import retention
from tests.support.console import console_database
from tests.support.tracker_store import make_tracker_store

DAY = 86_400


async def save(store, sender: str, timestamp: float) -> None:
    from rasa.shared.core.events import ActionExecuted, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    tracker = DialogueStateTracker(sender, slots=[])
    tracker.update(ActionExecuted("action_listen", timestamp=timestamp))
    tracker.update(
        UserUttered("hallo", parse_data={"intent": {"name": "greet"}}, timestamp=timestamp)
    )
    await store.save(tracker)


def events_of(engine, sender: str) -> int:
    with engine.connect() as conn:
        return conn.execute(
            text("select count(*) from events where sender_id = :s"), {"s": sender}
        ).scalar_one()


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
async def test_purge_deletes_only_old_conversations(backend, tmp_path, request) -> None:
    url = (
        f"sqlite:///{tmp_path / 'r.db'}"
        if backend == "sqlite"
        else request.getfixturevalue("postgres_url")
    )
    store = make_tracker_store(url)
    engine = create_engine(url, future=True)
    old, new = f"old-{uuid.uuid4()}", f"new-{uuid.uuid4()}"
    now = time.time()
    await save(store, old, now - 100 * DAY)
    await save(store, new, now - 10 * DAY)
    feedback.store(old, "evc", "up", engine=engine)

    removed = retention.purge(days=90, engine=engine, now=now)

    assert removed.conversations >= 1
    assert events_of(engine, old) == 0
    assert events_of(engine, new) == 2
    assert removed.extra["feedback"] == 1
    with engine.connect() as conn:
        hashes = conn.execute(text("select conversation_hash from answer_feedback")).scalars().all()
    assert feedback.conversation_hash(old) not in hashes
    retention.erase(new, engine=engine)
    assert events_of(engine, new) == 0


def test_purge_needs_a_positive_number_of_days(tmp_path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'x.db'}", future=True)
    with pytest.raises(ValueError, match="at least 1"):
        retention.purge(days=0, engine=engine)


def test_cli_reports_what_it_removed(tmp_path, monkeypatch, capsys) -> None:
    with console_database(tmp_path / "cli.db", monkeypatch, insecure_cookie=False):
        assert retention.main(["purge", "--days", "30"]) == 0
    assert "removed 0 conversation(s)" in capsys.readouterr().out
