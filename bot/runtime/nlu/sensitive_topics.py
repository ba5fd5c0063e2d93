"""NLU component: a crisis, violence, debt, discrimination or complaint is `sensitive_topic`.

The classifier learns these too; this deterministic net makes sure none is missed.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.fallback.safety import sensitive_reason

INTENT_NAME = "sensitive_topic"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class SensitiveTopicDetector(GraphComponent):
    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> SensitiveTopicDetector:
        return cls()

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            if text.startswith("/"):
                continue
            reason = sensitive_reason(text)
            if reason is None:
                continue
            intent = {"name": INTENT_NAME, "confidence": 1.0}
            ranking = [intent, *(message.get(INTENT_RANKING_KEY) or [])]
            message.set(INTENT, intent, add_to_output=True)
            message.set(INTENT_RANKING_KEY, ranking[:10], add_to_output=True)
            message.set("sensitive_reason", reason, add_to_output=True)
        return messages
