"""Rasa's `CountVectorsFeaturizer`, giving a message's text its sentence features only.

The stock featurizer transforms a text twice: each token on its own (sequence features, one
row per token) and the whole text (sentence features). Our classifier, the logistic
regression, reads only the sentence features, and no other component in `config.yml` reads
sparse sequence features (the CRF extractor uses its own token features). Skipping the
per-token transform leaves the classifier's input, and so its intents, unchanged.

Attributes without sentence features (such as the intent labels in training) keep Rasa's
sequence features. A pipeline with a component that reads sequence features (DIET, TED with
end-to-end text) needs the stock featurizer.
"""

from __future__ import annotations

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.constants import DENSE_FEATURIZABLE_ATTRIBUTES
from rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer import (
    CountVectorsFeaturizer,
)
from scipy.sparse import spmatrix


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=True)
class SentenceCountVectorsFeaturizer(CountVectorsFeaturizer):
    def _create_features(
        self, attribute: str, all_tokens: list[list[str]]
    ) -> tuple[list[spmatrix | None], list[spmatrix | None]]:
        if attribute not in DENSE_FEATURIZABLE_ATTRIBUTES or not self.vectorizers.get(attribute):
            return super()._create_features(attribute, all_tokens)
        vectorizer = self.vectorizers[attribute]
        sentence_features: list[spmatrix | None] = []
        for tokens in all_tokens:
            if not tokens:
                sentence_features.append(None)
                continue
            sentence = vectorizer.transform([" ".join(tokens)])
            sentence.sort_indices()
            sentence_features.append(sentence.tocoo())
        return [None] * len(all_tokens), sentence_features
