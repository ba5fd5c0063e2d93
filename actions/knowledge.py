"""Knowledge questions and their follow-ups, answered from the KB."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions._common import latest_entity, latest_intent, latest_text, say
from bot.knowledge import questions as knowledge


class ActionAnswerQuestion(Action):
    """Answers from the linked KB entry, a confident search hit, or a menu."""

    def name(self) -> str:
        return "action_answer_question"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        answer = knowledge.answer_question(
            text=latest_text(tracker),
            intent=latest_intent(tracker),
            entry_id=latest_entity(tracker, "kb_entry"),
        )
        say(dispatcher, *answer.replies)
        return [SlotSet("last_entry", answer.entry_id)] if answer.entry_id else []


class ActionAnswerFollowup(Action):
    """ "En is dat gratis?": answers about the entry the user last heard about."""

    def name(self) -> str:
        return "action_answer_followup"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        answer = knowledge.answer_followup(
            text=latest_text(tracker),
            intent=latest_intent(tracker),
            last_entry=tracker.get_slot("last_entry"),
            entry_id=latest_entity(tracker, "kb_entry"),
        )
        say(dispatcher, *answer.replies)
        return [SlotSet("last_entry", answer.entry_id)] if answer.entry_id else []
