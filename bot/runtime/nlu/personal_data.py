"""NLU component: a message with personal data gets the intent `share_personal_data`.

It runs after the intent classifier, so the rule that warns the user wins over whatever
the classifier guessed; the value itself is never echoed by the bot.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.privacy.redaction import personal_data_kinds

INTENT_NAME = "share_personal_data"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class PersonalDataDetector(GraphComponent):
    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> PersonalDataDetector:
        return cls()

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            kinds = personal_data_kinds(text)
            if not kinds:
                continue
            intent = {"name": INTENT_NAME, "confidence": 1.0}
            message.set(INTENT, intent, add_to_output=True)
            ranking = [intent, *(message.get(INTENT_RANKING_KEY) or [])]
            message.set(INTENT_RANKING_KEY, ranking[:10], add_to_output=True)
            message.set("personal_data_kinds", sorted(kinds), add_to_output=True)
        return messages
