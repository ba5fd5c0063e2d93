"""After the adviser: the recap check and the one vote per handoff (bot/handoff/aftercare.py),
and the assistant's actions that ask for it and store it (actions/aftercare.py)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import create_engine, select

from bot.handoff import aftercare, store


@pytest.fixture
def engine(tmp_path):
    return create_engine(f"sqlite:///{tmp_path / 'aftercare.db'}", future=True)


def closed_handoff(engine, conversation: str = "rest-user") -> store.Handoff:
    handoff = store.open_handoff(engine, conversation, "asked", "vraag", [])
    assert store.claim(engine, handoff.id, "anna")
    assert store.close(engine, handoff.id, "anna", "klaar")
    return handoff


def test_recap_must_be_filled_in() -> None:
    with pytest.raises(aftercare.RecapError, match="vul in"):
        aftercare.clean_recap(aftercare.RECAP_TEMPLATE)
    with pytest.raises(aftercare.RecapError):
        aftercare.clean_recap("   ")
    with pytest.raises(aftercare.RecapError, match="te lang"):
        aftercare.clean_recap("a" * (aftercare.MAX_RECAP + 1))
    assert aftercare.clean_recap(" Je belt DUO.\r\nDaarna mail je mij. ") == (
        "Je belt DUO.\nDaarna mail je mij."
    )
    assert aftercare.recap_message("Je belt DUO.").endswith("\nJe belt DUO.")


def test_one_vote_per_handoff_the_first_counts(engine) -> None:
    assert aftercare.rate(engine, "rest-user", "up") == "none"  # nothing closed yet
    first = closed_handoff(engine)
    assert aftercare.rate(engine, "rest-user", "up") == "stored"
    assert aftercare.rate(engine, "rest-user", "down") == "already"
    assert aftercare.ratings_for(engine, [first.id]) == {first.id: "up"}
    second = closed_handoff(engine)  # a later handoff of the same conversation: its own vote
    assert aftercare.rate(engine, "rest-user", "down") == "stored"
    assert aftercare.ratings_for(engine, [first.id, second.id, 999]) == {
        first.id: "up", second.id: "down"}  # fmt: skip
    with engine.connect() as conn:
        assert len(conn.execute(select(aftercare.handoff_ratings)).all()) == 2
    with pytest.raises(ValueError):
        aftercare.rate(engine, "rest-user", "5 sterren")


def test_only_the_own_closed_handoff_is_rated(engine) -> None:
    other = closed_handoff(engine, "rest-other")
    assert aftercare.rate(engine, "rest-user", "down") == "none"  # not another conversation's
    expired = store.open_handoff(engine, "rest-late", "asked", "vraag", [])
    store.expire_unclaimed(engine, timedelta(seconds=-1))
    assert store.get(engine, expired.id).status == "expired"
    assert aftercare.rate(engine, "rest-late", "up") == "none"  # no adviser helped there
    assert aftercare.ratings_for(engine, [other.id]) == {}


def _tracker(sender: str, rating: str | None) -> Tracker:
    entities = [{"entity": "rating", "value": rating}] if rating else []
    message = {"intent": {"name": "rate_help"}, "entities": entities, "text": "/rate_help"}
    return Tracker(sender, {}, message, [], False, None, {}, "action_listen")


async def test_actions_ask_and_store_once(engine, monkeypatch) -> None:
    from actions import aftercare as actions

    monkeypatch.setattr(actions, "get_engine", lambda: engine)
    closed_handoff(engine)
    dispatcher = CollectingDispatcher()
    await actions.ActionHandoffClosed().run(dispatcher, _tracker("rest-user", None), {})
    asked = dispatcher.messages[-1]
    assert asked["text"] == "Hoe vond je de hulp?"
    assert [b["payload"] for b in asked["buttons"]] == [
        '/rate_help{"rating":"up"}', '/rate_help{"rating":"down"}']  # fmt: skip
    for rating, expected in (("up", aftercare.THANKS["up"]), ("down", aftercare.ALREADY)):
        dispatcher = CollectingDispatcher()
        await actions.ActionRateHelp().run(dispatcher, _tracker("rest-user", rating), {})
        assert dispatcher.messages[0]["text"] == expected
    dispatcher = CollectingDispatcher()
    await actions.ActionRateHelp().run(dispatcher, _tracker("rest-user", "veel"), {})
    assert dispatcher.messages == []


def test_the_vote_is_erased_with_its_conversation(engine) -> None:
    handoff = closed_handoff(engine)
    assert aftercare.rate(engine, "rest-user", "up") == "stored"
    assert store.erase_conversations(engine, ["rest-user"]) == 1
    assert aftercare.ratings_for(engine, [handoff.id]) == {}
