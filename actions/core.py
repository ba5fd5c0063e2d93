"""Fallback, personal-data warning and answer feedback."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import UserUtteranceReverted
from rasa_sdk.executor import CollectingDispatcher

from actions._common import latest_entity, latest_intent, latest_text, previous_fallbacks, say
from actions.answering import EngineAction
from bot.fallback.suggestions import fallback_reply
from bot.handoff import feedback
from bot.replies import Reply


class ActionFallback(EngineAction, Action):
    def name(self) -> str:
        return "action_fallback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        ranking = [
            (item.get("name"), float(item.get("confidence") or 0))
            for item in tracker.latest_message.get("intent_ranking") or []
        ]
        suggestions = self.engine().suggestions(latest_text(tracker))
        say(dispatcher, fallback_reply(previous_fallbacks(tracker), ranking, suggestions))
        if latest_intent(tracker) != "nlu_fallback":
            # The core fallback: the message was understood but fits nowhere in the
            # conversation. Forget it, as Rasa's default fallback does; otherwise the rule
            # policy finds no rule again and predicts this fallback until its limit.
            return [UserUtteranceReverted()]
        return []


class ActionWarnPersonalData(Action):
    def name(self) -> str:
        return "action_warn_personal_data"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        say(
            dispatcher,
            Reply(
                "Let op: deel geen persoonlijke gegevens in deze chat. Denk aan je BSN, "
                "bankrekening, telefoonnummer of e-mailadres. Dat is niet nodig om je te helpen. "
                "Ik bewaar dat nummer niet. Stel je vraag gerust zonder die gegevens."
            ),
        )
        return []


class ActionStoreFeedback(Action):
    def name(self) -> str:
        return "action_store_feedback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        value = latest_entity(tracker, "feedback")
        if value not in feedback.VALUES:
            return []
        feedback.store(
            conversation_id=tracker.sender_id,
            entry_id=tracker.get_slot("last_entry"),
            value=value,
            channel=tracker.get_latest_input_channel(),
            municipality=tracker.get_slot("municipality"),
        )
        dispatcher.utter_message(
            response="utter_feedback_thanks_up" if value == "up" else "utter_feedback_thanks_down"
        )
        return []
