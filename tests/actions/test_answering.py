"""The answering actions on tracker fixtures (as Rasa's financial-demo tests its actions): what
they say and which slots they set, with the engine made for tests (tests/answering)."""

from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

import actions.answering as answering
from bot.answering import Engine


def tracker(text: str, intent: str = "ask_funding", slots: dict[str, Any] | None = None,
            entities: list[dict] | None = None) -> Tracker:  # fmt: skip
    return Tracker(
        sender_id="rest:test", slots=slots or {}, latest_message={
            "text": text, "intent": {"name": intent, "confidence": 0.9}, "entities": entities or [],
        }, events=[], paused=False, followup_action=None, active_loop={}, latest_action_name=None,
    )  # fmt: skip


@pytest.fixture
def with_engine(engine: Engine) -> Engine:
    return engine


async def run(action, t: Tracker, engine: Engine) -> tuple[list[dict], list[dict]]:
    action.engine = lambda: engine  # the instance's engine: the one made for tests
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, t, {})
    return dispatcher.messages, events


async def test_a_question_is_answered_and_its_facts_become_slots(with_engine: Engine) -> None:
    messages, events = await run(
        answering.ActionAnswer(),
        tracker("ik ben 41 en werk in een fabriek, kan ik geld lenen?"),
        with_engine,
    )
    assert "Levenlanglerenkrediet" in messages[0]["text"]
    slots = {e["name"]: e["value"] for e in events if e["event"] == "slot"}
    assert slots["age"] == "41" and slots["work_situation"] == "loondienst"
    assert slots["last_entry"] == "levenlanglerenkrediet"


async def test_slots_are_the_context_of_a_follow_up(with_engine: Engine) -> None:
    t = tracker(
        "en hoe vraag ik dat aan?",
        "ask_how_to_apply",
        {"last_entry": "levenlanglerenkrediet", "age": "41"},
    )
    messages, events = await run(answering.ActionAnswer(), t, with_engine)
    assert "Zo vraag je Levenlanglerenkrediet aan." in messages[0]["text"]
    assert not [e for e in events if e["event"] == "slot" and e["name"] == "age"]  # not set again


async def test_a_kb_button_answers_that_entry(with_engine: Engine) -> None:
    t = tracker(
        '/ask_about{"kb_entry":"taalhuis"}',
        "ask_about",
        entities=[{"entity": "kb_entry", "value": "taalhuis"}],
    )
    messages, _ = await run(answering.ActionAnswer(), t, with_engine)
    assert messages[0]["text"].startswith("Taalhuis")


async def test_an_english_question_switches_the_language(with_engine: Engine) -> None:
    _, events = await run(
        answering.ActionAnswer(), tracker("can I borrow money for a course please?"), with_engine
    )
    assert {"event": "slot", "timestamp": None, "name": "language", "value": "en"} in events


async def test_the_easier_version(with_engine: Engine) -> None:
    t = tracker(
        '/ask_easier{"kb_entry":"taalhuis"}',
        "ask_easier",
        entities=[{"entity": "kb_entry", "value": "taalhuis"}],
    )
    messages, _ = await run(answering.ActionAnswerEasier(), t, with_engine)
    assert "Makkelijk: Taalhuis." in messages[0]["text"]


async def test_a_page_in_english_starts_the_conversation_in_english(with_engine: Engine) -> None:
    t = tracker("hello, where can i learn?", "find_provider")
    t.latest_message["metadata"] = {"lang": "en"}
    _, events = await run(answering.ActionAnswer(), t, with_engine)
    assert {"event": "slot", "timestamp": None, "name": "language", "value": "en"} in events


async def test_a_question_without_answer_is_kept_open_without_personal_data(
    with_engine: Engine,
) -> None:
    t = tracker("hoe bak ik een taart met kersen jan@example.org", "ask_other")
    _, events = await run(answering.ActionAnswer(), t, with_engine)
    slots = {e["name"]: e["value"] for e in events if e["event"] == "slot"}
    assert "taart met kersen" in slots["open_question"]
    assert "jan@example.org" not in slots["open_question"]


async def test_a_short_reply_completes_the_open_question(with_engine: Engine) -> None:
    t = tracker("levenlanglerenkrediet", "ask_funding", {"open_question": "hoe vraag ik het aan?"})
    messages, events = await run(answering.ActionAnswer(), t, with_engine)
    assert "Zo vraag je Levenlanglerenkrediet aan." in messages[0]["text"]
    slots = {e["name"]: e["value"] for e in events if e["event"] == "slot"}
    assert slots["open_question"] is None


def test_the_engine_builds_in_a_thread_that_yields_the_cpu(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple] = []
    monkeypatch.setattr(answering.os, "setpriority", lambda *args: calls.append(args))
    monkeypatch.setattr(answering, "shared_engine", lambda: calls.append(("built",)))
    answering._build_politely()
    assert calls[0][2] == answering.BUILD_NICENESS and calls[-1] == ("built",)
