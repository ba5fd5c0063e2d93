"""Every question goes to one action, which asks the answer engine (bot/answering)."""

from __future__ import annotations

import contextlib
import os
import sys
import threading
from dataclasses import replace
from functools import lru_cache
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions._common import latest_entity, latest_intent, latest_text, say
from bot.answering import Context, Engine, EngineAnswer, Facts, build_engine
from bot.kb import live, load_knowledge_base
from bot.knowledge.questions import overview_answer, privacy_answer
from bot.language import choose, requested_language, supported
from bot.ops import metrics
from bot.places import warm_up
from bot.privacy.redaction import redact
from bot.replies import Reply

# Slots that hold the user's facts, by the name of the Facts field.
FACT_SLOTS = (
    "age", "work_situation", "benefit", "sector", "education_level", "goal", "municipality",
    "region",
)  # fmt: skip


# The engine's bands as the metrics count them: a follow-up or place answer is a sure one.
BANDS = {"high": "high", "context": "high", "place": "high", "close": "close", "low": "low"}
LANGUAGE_CONFIRMED = {
    "nl": "Goed, ik praat Nederlands met je. Wat wil je weten?",
    "en": "OK, I will answer in English. What would you like to know?",
}


_BUILDING = threading.Lock()


@lru_cache(maxsize=1)
def _built_engine() -> Engine:
    return build_engine(load_knowledge_base(), warm_up())


def shared_engine() -> Engine:
    """Built once per action-server process: the KB, the places and the trained ranker.
    The build starts when the action server imports this module (in a thread, so the server
    answers its health checks at once); a first question waits for it."""
    with _BUILDING:
        engine = _built_engine()
    live.refresh(engine)  # places edited in the console, without a restart (bot/kb/live.py)
    return engine


BUILD_NICENESS = 10  # the build yields the CPU to Rasa's own start-up and to answering


def _build_politely() -> None:
    # Linux: a thread is a task with its own priority; elsewhere it builds at normal priority.
    with contextlib.suppress(AttributeError, OSError):
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), BUILD_NICENESS)
    shared_engine()


def build_in_background() -> None:
    threading.Thread(target=_build_politely, name="answer-engine-build", daemon=True).start()


class EngineAction:
    """Mixin for actions that ask the answer engine; tests give an instance its own `engine`.
    Not an Action itself: rasa_sdk registers every Action subclass it finds."""

    engine = staticmethod(shared_engine)


def context_of(tracker: Tracker) -> Context:
    """What the conversation knows, from the slots."""
    values: dict[str, Any] = {name: tracker.get_slot(name) for name in FACT_SLOTS}
    age = values.get("age")
    values["age"] = int(age) if isinstance(age, str | int | float) and str(age).isdigit() else None
    return Context(
        facts=Facts(**values),
        last_entry=tracker.get_slot("last_entry"),
        language=tracker.get_slot("language") or "nl",
        expecting_place=bool(tracker.get_slot("expecting_place")),
        open_question=tracker.get_slot("open_question"),
    )


def slot_events(before: Context, result: EngineAnswer) -> list[dict[str, Any]]:
    """SlotSet events for what this turn learned: facts, the subject, whether we asked a place,
    and a question still open (stored without personal data)."""
    events = []
    for name, value in result.facts.known().items():
        if getattr(before.facts, name) != value:
            events.append(SlotSet(name, str(value) if name == "age" else value))
    if result.entry_id and result.entry_id != before.last_entry:
        events.append(SlotSet("last_entry", result.entry_id))
    if result.asked_place != before.expecting_place:
        events.append(SlotSet("expecting_place", result.asked_place))
    open_question = redact(result.open_question) if result.open_question else None
    if open_question != before.open_question:
        events.append(SlotSet("open_question", open_question))
    return events


class ActionAnswer(EngineAction, Action):
    """Answers a question at once, with everything the message and the conversation say."""

    def name(self) -> str:
        return "action_answer"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        text, intent = latest_text(tracker), latest_intent(tracker)
        before = context_of(tracker)
        # The conversation's language follows the user (kept unless a message clearly switches).
        # A first message from an English page (the widget sends metadata.lang) starts in English.
        current = tracker.get_slot("language") or _page_language(tracker)
        context = replace(before, language=choose(text, current))
        events = (
            [SlotSet("language", context.language)] if context.language != before.language else []
        )
        entry_id = latest_entity(tracker, "kb_entry")
        if requested_language(text):  # "Nederlands graag", "english please": said once, kept
            say(
                dispatcher,
                Reply(LANGUAGE_CONFIRMED.get(context.language, LANGUAGE_CONFIRMED["nl"])),
            )
            return events
        if intent == "ask_privacy":
            answer = privacy_answer(self.engine().kb)
            say(dispatcher, *answer.replies)
            return events
        if entry_id and text.startswith("/"):  # a button for one entry (typed text names its
            result = self.engine().about(str(entry_id), context)  # entries to the engine)
        elif text.startswith("/") and not latest_entity(tracker, "municipality"):
            # A button without text ("Wie betaalt mijn opleiding?" in the greeting): a short menu.
            menu = overview_answer(intent, self.engine().kb)
            say(dispatcher, *menu.replies)
            return events
        else:
            result = self.engine().answer(_text_for_engine(tracker, text), context)
        say(dispatcher, *result.replies)
        metrics.record_answer(BANDS.get(result.band, "high"))
        return events + slot_events(context, result)


class ActionAnswerEasier(EngineAction, Action):
    """ "Zeg het makkelijker": the entry's A2 version."""

    def name(self) -> str:
        return "action_answer_easier"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        entry_id = latest_entity(tracker, "kb_entry") or tracker.get_slot("last_entry")
        if not entry_id:
            return []
        result = self.engine().easier(str(entry_id), context_of(tracker))
        say(dispatcher, *result.replies)
        return []


def _page_language(tracker: Tracker) -> str | None:
    language = (tracker.latest_message.get("metadata") or {}).get("lang")
    return language if isinstance(language, str) and language in supported() else None


def _text_for_engine(tracker: Tracker, text: str) -> str:
    """A button that chose a municipality ("/inform{"municipality":"bergen-l"}") is read as
    the place it names."""
    if text.startswith("/"):
        place = latest_entity(tracker, "municipality")
        return str(place) if place else ""
    return text


if "rasa_sdk.endpoint" in sys.modules:  # imported by the action server: build the engine now
    build_in_background()
