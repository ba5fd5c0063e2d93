"""Whitespace tokens with Dutch stems as lemmas, for Rasa's featurizers.

`CountVectorsFeaturizer` uses token lemmas by default, so "opleidingen", "opleiding" and
"Opleiding" become one feature. Stemming is Snowball's Dutch stemmer on lowercased,
accent-free text: pure Python, no model to load.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import snowballstemmer
from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.tokenizers.tokenizer import Token
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.training_data.message import Message

from bot.text.normalise import fold

_STEMMER = snowballstemmer.stemmer("dutch")


@lru_cache(maxsize=50_000)
def dutch_stem(word: str) -> str:
    return _STEMMER.stemWord(fold(word))


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=False)
class DutchTokenizer(WhitespaceTokenizer):
    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> DutchTokenizer:
        return cls(config)

    def tokenize(self, message: Message, attribute: str) -> list[Token]:
        tokens = super().tokenize(message, attribute)
        for token in tokens:
            token.lemma = dutch_stem(token.text)
        return tokens
