"""The tracker store and lock store that production uses, on this machine's real servers."""

from __future__ import annotations

import asyncio
import json
import time
import uuid

import pytest
from sqlalchemy import create_engine, text

from bot.config.settings import Settings
from bot.runtime.endpoints import lock_store_config, render, tracker_store_config


def make_tracker_store(database_url: str):
    from rasa.core.tracker_store import create_tracker_store
    from rasa.shared.core.domain import Domain
    from rasa.utils.endpoints import EndpointConfig

    config = tracker_store_config(database_url)
    return create_tracker_store(EndpointConfig.from_dict(config), Domain.empty())


def tracker_db_url(backend: str, tmp_path, request) -> str:
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'tracker.db'}"
    return request.getfixturevalue("postgres_url")


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


def redis_lock_store(redis_url: str, stock: bool = False):
    """The lock store as Rasa builds it from our endpoints (or Rasa's own), in a fresh key space."""
    from rasa.core.lock_store import LockStore, RedisLockStore
    from rasa.utils.endpoints import EndpointConfig

    config = {**lock_store_config(redis_url), "key_prefix": f"test{uuid.uuid4().hex[:8]}"}
    if stock:
        return RedisLockStore(host=config["url"], port=config["port"], db=config["db"],
                              key_prefix=config["key_prefix"])  # fmt: skip
    return LockStore.create(EndpointConfig.from_dict(config))


async def test_redis_lock_store_serialises_a_conversation(redis_url) -> None:
    from bot.runtime.stores.lock_store import ResilientRedisLockStore

    store = redis_lock_store(redis_url)
    assert isinstance(store, ResilientRedisLockStore)
    conversation = "conversation-1"
    first = store.issue_ticket(conversation)
    second = store.issue_ticket(conversation)
    assert second == first + 1
    lock = store.get_lock(conversation)
    assert lock.is_someone_waiting()
    assert lock.now_serving == first
    store.finish_serving(conversation, first)
    assert store.get_lock(conversation).now_serving == second
    store.finish_serving(conversation, second)
    store.delete_lock(conversation)


async def hold_after(store, conversation: str, lifetime: float, poll: float) -> float:
    started = time.monotonic()
    async with store.lock(conversation, lock_lifetime=lifetime, wait_time_in_seconds=poll):
        return time.monotonic() - started


@pytest.mark.parametrize("poll", [0.2, 1.5])  # renewed while waiting / lost and taken again
async def test_a_message_queued_behind_a_dead_worker_is_served(redis_url, poll) -> None:
    store = redis_lock_store(redis_url)
    store.issue_ticket("c", lock_lifetime=1.0)  # a worker took the turn and died
    waited = await asyncio.wait_for(hold_after(store, "c", 1.0, poll), timeout=10)
    assert 0.9 < waited < 1.0 + 2 * poll
    assert store.get_lock("c") is None  # nothing left behind for the next message


async def test_rasas_own_lock_store_loses_the_queued_message(redis_url) -> None:
    """Why bot/runtime/stores/lock_store.py exists: the waiting ticket expires with the dead one."""
    store = redis_lock_store(redis_url, stock=True)
    store.issue_ticket("c", lock_lifetime=1.0)
    with pytest.raises(asyncio.TimeoutError):
        await asyncio.wait_for(hold_after(store, "c", 1.0, 1.5), timeout=5)


def test_endpoints_switch_to_postgres_and_redis() -> None:
    settings = Settings(
        database_url="postgresql://postgres@127.0.0.1:5432/test",
        redis_url="redis://127.0.0.1:6379/0",
        rasa_url="http://127.0.0.1:5005",
        rasa_token=None,
        action_server_url="http://127.0.0.1:5055/webhook",
        web_port=8080,
        retention_days=90,
        kb_dir=__import__("pathlib").Path("kb"),
    )
    endpoints = render(settings)
    assert endpoints["tracker_store"]["dialect"] == "postgresql"
    assert (
        endpoints["lock_store"]["type"] == "bot.runtime.stores.lock_store.ResilientRedisLockStore"
    )


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
