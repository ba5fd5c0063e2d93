"""NLU component: links a message to the KB entry it names ("wat is evc" → kb_entry=evc).

The entry names come from the KB files when the model is loaded, so editing the KB needs
no retraining. Rules use the entity: a question that names an entry gets that entry; a
general question starts the matching flow.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.knowledge.naming import EntryNamer
from bot.knowledge.questions import kb

ENTITY = "kb_entry"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False)
class KnowledgeEntryLinker(GraphComponent, EntityExtractorMixin):
    def __init__(self, namer: EntryNamer) -> None:
        self._namer = namer

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> KnowledgeEntryLinker:
        return cls(EntryNamer(kb().entries()))

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            if not text or text.startswith("/"):
                continue
            found = self._namer.find_span(text)
            if found is None:
                continue
            entry_id, start, end = found
            entity = {
                "entity": ENTITY,
                "value": entry_id,
                "start": start,
                "end": end,
                "confidence": 1.0,
                "extractor": self.__class__.__name__,
            }
            entities = [e for e in message.get(ENTITIES, []) if e.get("entity") != ENTITY]
            message.set(ENTITIES, [*entities, entity], add_to_output=True)
        return messages
