"""Knowledge questions and their follow-ups, answered from the KB."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions._common import latest_entity, latest_intent, latest_text, say
from bot import knowledge


class ActionAnswerQuestion(Action):
    """Answers from a named KB entry, or starts the flow that fits the question."""

    def name(self) -> str:
        return "action_answer_question"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        outcome = knowledge.answer_question(
            text=latest_text(tracker),
            intent=latest_intent(tracker),
            entry_id=latest_entity(tracker, "kb_entry"),
            in_form=bool(tracker.active_loop_name),
        )
        if outcome.start_form:
            if outcome.intro_response:
                dispatcher.utter_message(response=outcome.intro_response)
            return [FollowupAction(outcome.start_form)]
        say(dispatcher, *outcome.answer.replies)
        return [SlotSet("last_entry", outcome.answer.entry_id)] if outcome.answer.entry_id else []


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
        )
        say(dispatcher, *answer.replies)
        return [SlotSet("last_entry", answer.entry_id)] if answer.entry_id else []
