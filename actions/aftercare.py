"""After the adviser closed a handoff: say the bot is back, ask "Hoe vond je de hulp?" and
store the user's one vote on the help (bot/handoff/aftercare.py). The adviser's recap is sent
by the console just before, as the adviser's last reply."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions._common import latest_entity, say
from actions.handoff import widget_state
from bot.config.db import get_engine
from bot.handoff import aftercare
from bot.replies import Reply


class ActionHandoffClosed(Action):
    """Run by the console when an adviser closes a handoff (instead of the plain
    `action_handoff_resumed`)."""

    def name(self) -> str:
        return "action_handoff_closed"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        dispatcher.utter_message(text=aftercare.CLOSED)
        widget_state(dispatcher, tracker, "ended")
        say(dispatcher, aftercare.RATE_QUESTION)
        return []


class ActionRateHelp(Action):
    def name(self) -> str:
        return "action_rate_help"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        value = latest_entity(tracker, "rating")
        if value not in aftercare.VALUES:
            return []
        outcome = aftercare.rate(get_engine(), tracker.sender_id, value)
        text = {"stored": aftercare.THANKS[value], "already": aftercare.ALREADY}.get(
            outcome, aftercare.NOTHING_TO_RATE
        )
        say(dispatcher, Reply(text))
        return []
