"""Helpers shared by the action modules."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.replies import Reply


def say(dispatcher: CollectingDispatcher, *replies: Reply) -> None:
    for reply in replies:
        dispatcher.utter_message(**reply.as_message())


def latest_text(tracker: Tracker) -> str:
    return tracker.latest_message.get("text") or ""


def latest_intent(tracker: Tracker) -> str:
    return (tracker.latest_message.get("intent") or {}).get("name") or ""


def latest_entity(tracker: Tracker, entity: str) -> Any:
    return next(tracker.get_latest_entity_values(entity), None)


def previous_fallbacks(tracker: Tracker, action_name: str = "action_fallback") -> int:
    """How many fallbacks directly precede the current turn, with no other bot action between."""
    count = 0
    for event in reversed(tracker.events):
        if event.get("event") != "action" or event.get("name") in {"action_listen", None}:
            continue
        if event.get("name") != action_name:
            break
        count += 1
    return count
