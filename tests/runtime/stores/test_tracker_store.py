"""The tracker store production uses (bot/runtime/stores/tracker_store.py), on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import uuid

import pytest
from sqlalchemy import create_engine, text

from tests.support.tracker_store import make_tracker_store, tracker_db_url


async def save_conversation(store, sender: str) -> None:
    from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    tracker = DialogueStateTracker(sender, slots=[])
    tracker.update(ActionExecuted("action_listen"))
    tracker.update(
        UserUttered(
            "mijn bsn is 111222333 en mail me op a@b.nl",
            parse_data={
                "text": "mijn bsn is 111222333 en mail me op a@b.nl",
                "intent": {"name": "share_personal_data"},
            },
        )
    )
    tracker.update(BotUttered("Let op: deel geen persoonlijke gegevens."))
    await store.save(tracker)


def stored_events(url: str, sender: str) -> list[tuple[str, str]]:
    """The sender's stored events as (type name, JSON data), oldest first."""
    with create_engine(url, future=True).connect() as conn:
        return [tuple(row) for row in conn.execute(
            text("select type_name, data from events where sender_id = :s order by id"),
            {"s": sender},
        )]  # fmt: skip


def delete_events(url: str, sender: str) -> None:
    with create_engine(url, future=True).begin() as conn:
        conn.execute(text("delete from events where sender_id = :s"), {"s": sender})


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
async def test_sql_tracker_store_redacts_before_writing(backend, tmp_path, request) -> None:
    url = tracker_db_url(backend, tmp_path, request)
    store = make_tracker_store(url)
    from bot.runtime.stores.tracker_store import RedactingSQLTrackerStore

    assert isinstance(store, RedactingSQLTrackerStore)
    sender = f"test-{uuid.uuid4()}"
    await save_conversation(store, sender)

    rows = stored_events(url, sender)
    stored = " ".join(data for _, data in rows)
    assert [t for t, _ in rows] == ["action", "user", "bot"]
    assert "111222333" not in stored and "a@b.nl" not in stored
    user_event = json.loads(rows[1][1])
    assert user_event["text"] == "mijn bsn is [BSN] en mail me op [E-MAIL]"

    retrieved = await store.retrieve(sender)
    assert retrieved.latest_message.text == "mijn bsn is [BSN] en mail me op [E-MAIL]"
    delete_events(url, sender)


async def test_tracker_store_survives_dropped_postgres_connections(postgres_url) -> None:
    store = make_tracker_store(postgres_url)
    first, second = f"test-{uuid.uuid4()}", f"test-{uuid.uuid4()}"
    await save_conversation(store, first)  # the pool now holds a connection
    admin = create_engine(postgres_url, future=True)
    with admin.connect() as conn:
        killed = conn.execute(text(
            "select count(pg_terminate_backend(pid)) from pg_stat_activity "
            "where datname = current_database() and pid <> pg_backend_pid() "
            "and application_name = ''"
        )).scalar_one()  # fmt: skip
    assert killed >= 1
    await save_conversation(store, second)  # a fresh connection, not an error
    assert (await store.retrieve(second)).latest_message.text.startswith("mijn bsn is")
    with admin.begin() as conn:
        conn.execute(
            text("delete from events where sender_id in (:a, :b)"), {"a": first, "b": second}
        )


@pytest.mark.parametrize("statement", ["SELECT count", "INSERT INTO events", "SELECT events.data"])
async def test_a_connection_dropped_in_the_middle_of_a_message_loses_nothing(
    postgres_url, statement
) -> None:
    """PostgreSQL drops the connection just as the store reads or writes: it tries again."""
    from sqlalchemy import event

    store = make_tracker_store(postgres_url)
    admin = create_engine(postgres_url, future=True)
    dropped: list[int] = []

    @event.listens_for(store.engine, "before_cursor_execute")
    def drop_once(conn, cursor, sql, params, context, executemany) -> None:
        if not dropped and sql.startswith(statement):
            pid = conn.connection.connection.get_backend_pid()
            with admin.connect() as other:
                other.execute(text("select pg_terminate_backend(:pid)"), {"pid": pid})
            dropped.append(pid)

    sender = f"test-{uuid.uuid4()}"
    await save_conversation(store, sender)
    events = (await store.retrieve(sender)).events
    assert dropped, "the statement never ran"
    assert [e.type_name for e in events] == ["action", "user", "bot"]  # once each, in order
    with admin.begin() as conn:
        conn.execute(text("delete from events where sender_id = :s"), {"s": sender})


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
async def test_reading_a_conversation_gives_what_rasa_reads(backend, tmp_path, request) -> None:
    """Our column-only reader returns Rasa's own events, latest session or all of them."""
    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.shared.core.events import ActionExecuted, SessionStarted, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    url = tracker_db_url(backend, tmp_path, request)
    store = make_tracker_store(url)
    sender = f"test-{uuid.uuid4()}"
    for n, text_ in enumerate(["eerste sessie", "tweede sessie", "nog een vraag"]):
        # As Rasa does: each turn continues the stored tracker of the latest session.
        tracker = await store.retrieve(sender) or DialogueStateTracker(sender, slots=[])
        if n < 2:
            tracker.update(ActionExecuted("action_session_start"))
            tracker.update(SessionStarted())
        tracker.update(ActionExecuted("action_listen"))
        tracker.update(UserUttered(text_, parse_data={"text": text_, "intent": {"name": "x"}}))
        await store.save(tracker)

    for all_sessions in (False, True):
        ours = await store._retrieve(sender, all_sessions)
        rasas = await SQLTrackerStore._retrieve(store, sender, all_sessions)
        assert [e.as_dict() for e in ours.events] == [e.as_dict() for e in rasas.events]
    latest = [e.text for e in (await store.retrieve(sender)).events if isinstance(e, UserUttered)]
    assert latest == ["tweede sessie", "nog een vraag"]
    assert await store.retrieve("nobody-" + sender) is None
    delete_events(url, sender)


async def save_turn(store, tracker, text: str) -> None:
    from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered

    tracker.update(UserUttered(text, parse_data={"text": text, "intent": {"name": "greet"}}))
    tracker.update(BotUttered(f"antwoord op {text}"))
    tracker.update(ActionExecuted("action_listen"))
    await store.save(tracker)


def stored_user_texts(url: str, sender: str) -> list[str]:
    return [json.loads(data)["text"] for kind, data in stored_events(url, sender) if kind == "user"]


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
async def test_a_conversation_is_kept_between_turns_and_stored_once(backend, tmp_path, request):
    url = tracker_db_url(backend, tmp_path, request)
    store = make_tracker_store(url)
    sender = f"test-{uuid.uuid4()}"
    tracker = await store.get_or_create_tracker(sender)
    for turn in ("hoi", "wat is evc", "en is dat gratis"):
        await save_turn(store, tracker, turn)
        again = await store.retrieve(sender)
        assert again is tracker  # no read and replay of every event
        tracker = again
    texts = stored_user_texts(url, sender)
    assert texts == ["hoi", "wat is evc", "en is dat gratis"]  # every event once, in order
    fresh = await make_tracker_store(url).retrieve(sender)
    assert [e.as_dict() for e in fresh.events] == [e.as_dict() for e in tracker.events]


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
async def test_another_workers_turn_is_read_from_the_database(backend, tmp_path, request):
    url = tracker_db_url(backend, tmp_path, request)
    worker_a, worker_b = make_tracker_store(url), make_tracker_store(url)
    sender = f"test-{uuid.uuid4()}"
    tracker = await worker_a.get_or_create_tracker(sender)
    await save_turn(worker_a, tracker, "hoi")
    on_b = await worker_b.retrieve(sender)
    await save_turn(worker_b, on_b, "vraag via worker b")
    on_a = await worker_a.retrieve(sender)
    assert on_a is not tracker
    assert on_a.latest_message.text == "vraag via worker b"
    await save_turn(worker_a, on_a, "weer op a")
    assert stored_user_texts(url, sender) == ["hoi", "vraag via worker b", "weer op a"]


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
async def test_an_erased_or_unsaved_conversation_is_not_served_from_memory(
    backend, tmp_path, request
) -> None:
    from rasa.shared.core.events import UserUttered

    url = tracker_db_url(backend, tmp_path, request)
    store = make_tracker_store(url)
    sender = f"test-{uuid.uuid4()}"
    tracker = await store.get_or_create_tracker(sender)
    await save_turn(store, tracker, "hoi")
    # A turn that failed before it was saved: what is in memory is not what is stored.
    tracker.update(UserUttered("niet opgeslagen", parse_data={"intent": {"name": "greet"}}))
    reread = await store.retrieve(sender)
    assert reread is not tracker and reread.latest_message.text == "hoi"
    await save_turn(store, reread, "nog een vraag")
    delete_events(url, sender)
    assert await store.retrieve(sender) is None


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
async def test_a_new_session_is_read_back_without_the_old_one(backend, tmp_path, request) -> None:
    from rasa.shared.core.events import ActionExecuted, SessionStarted

    url = tracker_db_url(backend, tmp_path, request)
    store = make_tracker_store(url)
    sender = f"test-{uuid.uuid4()}"
    tracker = await store.get_or_create_tracker(sender)
    await save_turn(store, tracker, "oude sessie")
    tracker.update(ActionExecuted("action_session_start"))
    tracker.update(SessionStarted())
    tracker.update(ActionExecuted("action_listen"))
    await save_turn(store, tracker, "nieuwe sessie")
    current = await store.retrieve(sender)
    assert current is not tracker
    texts = [e.text for e in current.events if getattr(e, "text", None)]
    assert texts == ["nieuwe sessie", "antwoord op nieuwe sessie"]


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
async def test_a_new_conversation_is_stored_by_its_first_turn_alone(backend, tmp_path, request):
    """Rasa creates a new conversation's tracker empty and saves it; that writes nothing,
    so our store does not go to the database for it. The first turn stores everything."""
    url = tracker_db_url(backend, tmp_path, request)
    store = make_tracker_store(url)
    sender = f"test-{uuid.uuid4()}"
    transactions = []
    run = store._in_transaction
    store._in_transaction = lambda work: transactions.append(work) or run(work)
    tracker = await store.get_or_create_tracker(sender, append_action_listen=False)
    assert len(transactions) == 1 and not tracker.events  # the read that found nothing
    assert stored_events(url, sender) == []
    await save_turn(store, tracker, "hoi")
    assert len(transactions) == 2
    assert stored_user_texts(url, sender) == ["hoi"]
    fresh = await make_tracker_store(url).retrieve(sender)
    assert [e.as_dict() for e in fresh.events] == [e.as_dict() for e in tracker.events]
    delete_events(url, sender)
