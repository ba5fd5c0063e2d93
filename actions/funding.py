"""The guided funding check (a form, run only when the user asks for it) and its result."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions._common import say
from actions.answering import EngineAction
from bot.funding.answer import funding_answer
from bot.funding.matcher import Profile
from bot.text import values as form_values

TRY_AGAIN = {
    "age": "Ik begrijp je leeftijd niet. Typ alleen een getal, bijvoorbeeld: 45.",
    "work_situation": "Dat begreep ik niet. Kies een van de knoppen.",
    "goal": "Dat begreep ik niet. Kies een van de knoppen.",
    "education_level": "Dat begreep ik niet. Kies een van de knoppen.",
}


def typed_answer(slot: str, tracker: Tracker, parse: Callable[[str], Any]) -> dict[str, Any]:
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


def validated(slot: str, parsed: Any, dispatcher: CollectingDispatcher) -> dict[str, Any]:
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
        return validated("age", str(age) if age else None, dispatcher)

    async def extract_work_situation(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return typed_answer("work_situation", tracker, form_values.parse_work_situation)

    async def extract_goal(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return typed_answer("goal", tracker, form_values.parse_goal)

    async def extract_education_level(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return typed_answer("education_level", tracker, form_values.parse_education_level)

    def validate_work_situation(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return validated("work_situation", form_values.parse_work_situation(value), dispatcher)

    def validate_goal(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return validated("goal", form_values.parse_goal(value), dispatcher)

    def validate_education_level(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return validated("education_level", form_values.parse_education_level(value), dispatcher)


def profile_of(tracker: Tracker) -> Profile:
    age = tracker.get_slot("age")
    return Profile(
        age=int(age) if age and str(age).isdigit() else None,
        work_situation=tracker.get_slot("work_situation"),
        goal=tracker.get_slot("goal"),
        education_level=tracker.get_slot("education_level"),
        benefit=tracker.get_slot("benefit"),
        sector=tracker.get_slot("sector"),
    )


class ActionFundingResult(EngineAction, Action):
    def name(self) -> str:
        return "action_funding_result"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        language = tracker.get_slot("language") or "nl"
        answer = funding_answer(profile_of(tracker), self.engine().kb, language)
        say(dispatcher, *answer.replies)
        return [SlotSet("last_entry", answer.entry_id)] if answer.entry_id else []
