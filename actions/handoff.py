"""Handoff to a human adviser, and the adviser's replies relayed back to the user."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ConversationPaused, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions._common import latest_intent
from bot.db import get_engine
from bot.handoff import messages, store
from bot.handoff.hours import OfficeHours
from bot.handoff.summary import conversation_summary, transcript
from bot.settings import get_settings

REASON_FOR_INTENT = {
    "request_human": "asked",
    "sensitive_topic": "sensitive",
    "express_frustration": "frustration",
}


class ActionHandoff(Action):
    """Opens a handoff for the user's region and pauses the bot in this conversation."""

    def name(self) -> str:
        return "action_handoff"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        settings = get_settings()
        events = tracker.events
        handoff = store.open_handoff(
            get_engine(),
            conversation_id=tracker.sender_id,
            reason=REASON_FOR_INTENT.get(latest_intent(tracker), "fallback"),
            summary=conversation_summary(events, tracker.current_slot_values()),
            transcript=transcript(events),
            channel=tracker.get_latest_input_channel(),
            municipality=tracker.get_slot("municipality"),
            region=tracker.get_slot("region"),
        )
        hours = OfficeHours.parse(settings.handoff_office_hours)
        dispatcher.utter_message(
            text=messages.handoff_opened(
                hours,
                handoff.created_at,
                settings.handoff_claim_timeout_minutes,
                tracker.latest_message.get("sensitive_reason") or handoff.reason,
            )
        )
        return [ConversationPaused()]


class ActionRelayAdviserReply(Action):
    """Says the adviser's reply (put in the `adviser_reply` slot by the console)."""

    def name(self) -> str:
        return "action_relay_adviser_reply"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        text = tracker.get_slot("adviser_reply")
        if text:
            dispatcher.utter_message(text=f"Adviseur: {text}")
        return [SlotSet("adviser_reply", None)]


class ActionHandoffResumed(Action):
    def name(self) -> str:
        return "action_handoff_resumed"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        dispatcher.utter_message(text=messages.RESUMED)
        return []


class ActionHandoffExpired(Action):
    """Nobody claimed the handoff in time: say so, and where else to get help."""

    def name(self) -> str:
        return "action_handoff_expired"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        dispatcher.utter_message(text=messages.EXPIRED)
        return []
