"""Handoff to a human adviser, and the adviser's replies relayed back to the user.

Before a handoff opens: the user has typed a question (a handoff from a button alone first
asks for it), the abuse limits allow it (per client address and overall, per minute:
`bot/handoff/limits.py`), and the conversation's region is looked up
(`bot/handoff/region.py`) so only advisers of that region see it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ConversationPaused, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions._common import latest_intent, say
from bot.config.db import get_engine
from bot.config.settings import get_settings
from bot.handoff import contact, messages, store
from bot.handoff.hours import OfficeHours
from bot.handoff.limits import TOO_MANY_HANDOFFS, shared_limiter
from bot.handoff.region import conversation_place
from bot.handoff.summary import conversation_summary, transcript

logger = logging.getLogger(__name__)
ASK_QUESTION_FIRST = (
    "Wat wil je aan een adviseur vragen? Typ je vraag in een bericht. Misschien kan ik je "
    "meteen helpen. Wil je daarna nog een adviseur? Typ dan: adviseur."
)

REASON_FOR_INTENT = {
    "request_human": "asked",
    "sensitive_topic": "sensitive",
    "express_frustration": "frustration",
    "leave_question": "asked",
}


def has_question(events: Iterable[dict[str, Any]]) -> bool:
    """Whether the user typed anything yet (button payloads such as "/leave_question" are
    not a question)."""
    return any(
        e.get("event") == "user" and (e.get("text") or "").strip()
        and not (e.get("text") or "").lstrip().startswith("/")
        for e in events
    )  # fmt: skip


def client_of(tracker: Tracker) -> str:
    """Whom the abuse limits count: the client address pseudonym the channel put in the
    metadata (REST, widget), else the conversation (Telegram, WhatsApp: signed webhooks)."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            client = (event.get("metadata") or {}).get("client")
            if isinstance(client, str) and client:
                return f"address:{client[:40]}"
            break
    return f"conversation:{tracker.sender_id}"


def admitted(dispatcher: CollectingDispatcher, tracker: Tracker, what: str) -> bool:
    decision = shared_limiter().admit(client_of(tracker))
    if not decision.allowed:
        logger.warning("handoff: a new %s refused by the %s limit", what, decision.why)
        dispatcher.utter_message(text=TOO_MANY_HANDOFFS)
    return decision.allowed


class ActionHandoff(Action):
    """Opens a handoff for the user's region and pauses the bot in this conversation; outside
    office hours it first lets the user choose a call-back, an e-mail or waiting in the chat."""

    def name(self) -> str:
        return "action_handoff"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        settings = get_settings()
        hours = OfficeHours.parse(settings.handoff_office_hours)
        intent = latest_intent(tracker)
        chose_to_wait = intent == "leave_question"
        # The reason of the request that led here; "leave_question" only confirms it.
        reason = (tracker.get_slot("handoff_reason") if chose_to_wait else None) or (
            tracker.latest_message.get("sensitive_reason")
            or REASON_FOR_INTENT.get(intent, "fallback")
        )
        if not messages.waits_in_chat(hours, store.now(), reason, chose_to_wait):
            say(dispatcher, messages.outside_hours_choice(hours))
            return [SlotSet("handoff_reason", reason)]
        events = tracker.events
        engine = get_engine()
        if store.active_for(engine, tracker.sender_id) is None:
            if not has_question(events):
                dispatcher.utter_message(text=ASK_QUESTION_FIRST)
                return [SlotSet("handoff_reason", reason)]
            if not admitted(dispatcher, tracker, "handoff"):
                return [SlotSet("handoff_reason", None)]
        slots = tracker.current_slot_values()
        place = conversation_place(slots, events)
        handoff = store.open_handoff(
            engine,
            conversation_id=tracker.sender_id,
            reason=reason if reason in store.REASONS else "sensitive",
            summary=conversation_summary(events, slots),
            transcript=transcript(events),
            channel=tracker.get_latest_input_channel(),
            municipality=place.municipality,
            region=place.region,
        )
        dispatcher.utter_message(
            text=messages.handoff_opened(
                hours, handoff.created_at, settings.handoff_claim_timeout_minutes, reason
            )
        )
        widget_state(dispatcher, tracker, "waiting")
        return [SlotSet("handoff_reason", None), ConversationPaused()]


def widget_state(dispatcher: CollectingDispatcher, tracker: Tracker, state: str) -> None:
    """Tell the web widget a handoff waits (or ended), so it says so instead of "typt…";
    other channels get nothing extra."""
    if tracker.get_latest_input_channel() == "socketio":
        dispatcher.utter_message(json_message={"data": {"handoff": state}})


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
        widget_state(dispatcher, tracker, "ended")
        return []


class ActionHandoffExpired(Action):
    """Nobody claimed the handoff in time: say so, and where else to get help."""

    def name(self) -> str:
        return "action_handoff_expired"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        say(dispatcher, messages.EXPIRED)
        widget_state(dispatcher, tracker, "ended")
        return []


def contact_kind(tracker: Tracker) -> str:
    """How the user wants to be reached; a phone call unless they chose e-mail."""
    return tracker.get_slot("contact_kind") or "telefoon"


class ActionAskContactAddress(Action):
    """Asks for the phone number or e-mail address, saying what it is for and how long we keep it."""

    def name(self) -> str:
        return "action_ask_contact_address"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        kind = contact_kind(tracker)
        dispatcher.utter_message(
            text=messages.ask_contact_address(kind, get_settings().retention_days)
        )
        return []


class ValidateContactForm(FormValidationAction):
    def name(self) -> str:
        return "validate_contact_form"

    def validate_contact_kind(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return {"contact_kind": value if value in contact.KINDS else None}

    def validate_contact_address(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        kind = contact_kind(tracker)
        address = contact.normalise_address(kind, str(value or ""))
        if address is None:
            dispatcher.utter_message(text=messages.contact_address_invalid(kind))
        return {"contact_address": address}


class ActionSaveContactRequest(Action):
    """Stores the request for an adviser, then forgets the address in the conversation.

    Runs in the same turn as the address was typed, so the address still is in the tracker
    Rasa sent us; the tracker store only ever keeps a redacted copy.
    """

    def name(self) -> str:
        return "action_save_contact_request"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        kind, settings = contact_kind(tracker), get_settings()
        forget = [SlotSet("contact_address", None), SlotSet("contact_kind", None),
                  SlotSet("handoff_reason", None)]  # fmt: skip
        if not admitted(dispatcher, tracker, "contact request"):
            return forget
        slots = tracker.current_slot_values()
        place = conversation_place(slots, tracker.events)
        contact.add(
            get_engine(),
            conversation_id=tracker.sender_id,
            kind=kind,
            address=tracker.get_slot("contact_address"),
            summary=conversation_summary(tracker.events, slots),
            consent=messages.ask_contact_address(kind, settings.retention_days),
            channel=tracker.get_latest_input_channel(),
            municipality=place.municipality,
            region=place.region,
        )
        hours = OfficeHours.parse(settings.handoff_office_hours)
        dispatcher.utter_message(text=messages.contact_saved(kind, hours))
        return forget
