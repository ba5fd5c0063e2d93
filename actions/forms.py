"""The funding check, provider finder and career route forms, and their results."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions._common import say
from bot.funding.matcher import Profile
from bot.knowledge import questions as knowledge
from bot.places import providers as local
from bot.text import values as form_values

TRY_AGAIN = {
    "age": "Ik begrijp je leeftijd niet. Typ alleen een getal, bijvoorbeeld: 45.",
    "work_situation": "Dat begreep ik niet. Kies een van de knoppen.",
    "goal": "Dat begreep ik niet. Kies een van de knoppen.",
    "education_level": "Dat begreep ik niet. Kies een van de knoppen.",
    "topic": "Dat begreep ik niet. Kies een van de knoppen, of typ bijvoorbeeld: rekenen.",
}


def _typed_answer(slot: str, tracker: Tracker, parse) -> dict[str, Any]:
    """The slot from the user's typed answer to the question the form just asked.

    NLU may read an answer such as "ander werk" as a new question (ask_career); when the form
    asked for exactly this slot and the text parses as its value, the answer wins.
    """
    if tracker.get_slot("requested_slot") != slot:
        return {}
    text = tracker.latest_message.get("text") or ""
    if not text or text.startswith("/"):
        return {}
    value = parse(text)
    return {slot: value} if value is not None else {}


def _validated(slot: str, parsed: Any, dispatcher: CollectingDispatcher) -> dict[str, Any]:
    if parsed is None:
        dispatcher.utter_message(text=TRY_AGAIN[slot])
    return {slot: parsed}


class ValidateFundingForm(FormValidationAction):
    def name(self) -> str:
        return "validate_funding_form"

    def validate_age(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        age = form_values.parse_age(value)
        return _validated("age", str(age) if age else None, dispatcher)

    async def extract_work_situation(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return _typed_answer("work_situation", tracker, form_values.parse_work_situation)

    async def extract_goal(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return _typed_answer("goal", tracker, form_values.parse_goal)

    async def extract_education_level(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return _typed_answer("education_level", tracker, form_values.parse_education_level)

    def validate_work_situation(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return _validated("work_situation", form_values.parse_work_situation(value), dispatcher)

    def validate_goal(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return _validated("goal", form_values.parse_goal(value), dispatcher)

    def validate_education_level(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return _validated("education_level", form_values.parse_education_level(value), dispatcher)


class _PlaceValidation:
    """Mixin: a place name, village or postcode becomes a known municipality (or stays as typed)."""

    def validate_municipality(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        place = local.interpret_place(str(value or ""))
        if place is None:
            dispatcher.utter_message(
                text="Die plaats ken ik niet. Typ de naam van je woonplaats, "
                "of de 4 cijfers van je postcode."
            )
            return {"municipality": None}
        return {"municipality": place.slot_value, "region": place.region}


class ValidateProviderForm(_PlaceValidation, FormValidationAction):
    def name(self) -> str:
        return "validate_provider_form"

    async def extract_topic(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return _typed_answer("topic", tracker, form_values.parse_topic)

    def validate_topic(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return _validated("topic", form_values.parse_topic(value), dispatcher)


class ValidateCareerForm(_PlaceValidation, FormValidationAction):
    def name(self) -> str:
        return "validate_career_form"


class ActionFundingResult(Action):
    def name(self) -> str:
        return "action_funding_result"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        profile = Profile(
            age=int(tracker.get_slot("age")),
            work_situation=tracker.get_slot("work_situation"),
            goal=tracker.get_slot("goal"),
            education_level=tracker.get_slot("education_level"),
        )
        answer = knowledge.funding_answer(profile)
        say(dispatcher, *answer.replies)
        return [SlotSet("last_entry", answer.entry_id)] if answer.entry_id else []


class ActionFindProviders(Action):
    def name(self) -> str:
        return "action_find_providers"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        answer = local.providers_answer(tracker.get_slot("municipality"), tracker.get_slot("topic"))
        say(dispatcher, *answer.replies)
        return [SlotSet("last_entry", answer.entry_id)] if answer.entry_id else []


class ActionCareerRoute(Action):
    def name(self) -> str:
        return "action_career_route"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        answer = local.career_answer(tracker.get_slot("municipality"))
        say(dispatcher, *answer.replies)
        return [SlotSet("last_entry", answer.entry_id)] if answer.entry_id else []
