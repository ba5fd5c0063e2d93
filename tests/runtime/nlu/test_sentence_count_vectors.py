"""The sentence-only count vectors equal the stock featurizer's sentence features."""

from __future__ import annotations

import copy

import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer import (
    CountVectorsFeaturizer,
)
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.runtime.nlu.dutch_tokenizer import DutchTokenizer
from bot.runtime.nlu.sentence_count_vectors import SentenceCountVectorsFeaturizer
from tests.support.heldout import heldout_texts

EXAMPLES = [
    ("wie betaalt mijn opleiding", "ask_funding"),
    ("wat is evc", "ask_question"),
    ("ik wil beter leren rekenen", "find_provider"),
    ("waar kan ik in zwolle leren lezen", "find_provider"),
    ("hallo", "greet"),
    ("dank je wel", "thank"),
]


def component(cls, config: dict, tmp_path, name: str):
    context = ExecutionContext(GraphSchema({}), node_name=name)
    return cls.create({**cls.get_default_config(), **config}, LocalModelStorage(tmp_path),
                      Resource(name), context)  # fmt: skip


@pytest.mark.parametrize("config", [{}, {"analyzer": "char_wb", "min_ngram": 2, "max_ngram": 5}])
def test_same_sentence_features_and_no_token_rows(config, tmp_path) -> None:
    tokenizer = component(DutchTokenizer, {}, tmp_path, "tokenizer")
    training = TrainingData([Message(data={TEXT: t, INTENT: i}) for t, i in EXAMPLES])
    tokenizer.process_training_data(training)
    stock = component(CountVectorsFeaturizer, config, tmp_path, "stock")
    ours = component(SentenceCountVectorsFeaturizer, config, tmp_path, "ours")
    stock.train(training)
    ours.train(training)

    messages = tokenizer.process([Message(data={TEXT: t}) for t in heldout_texts()])
    stock_messages = stock.process(copy.deepcopy(messages))
    our_messages = ours.process(copy.deepcopy(messages))
    for stock_message, our_message in zip(stock_messages, our_messages, strict=True):
        stock_sequence, stock_sentence = stock_message.get_sparse_features(TEXT)
        our_sequence, our_sentence = our_message.get_sparse_features(TEXT)
        assert stock_sequence is not None and our_sequence is None
        assert (stock_sentence.features != our_sentence.features).nnz == 0
        assert stock_sentence.features.shape == our_sentence.features.shape

    if config.get("analyzer", "word") == "word":  # only the word vectorizer featurizes intents
        stock_training = stock.process_training_data(copy.deepcopy(training))
        our_training = ours.process_training_data(copy.deepcopy(training))
        for stock_message, our_message in zip(stock_training.training_examples,
                                              our_training.training_examples, strict=True):  # fmt: skip
            stock_sequence, _ = stock_message.get_sparse_features(INTENT)
            our_sequence, _ = our_message.get_sparse_features(INTENT)
            assert (stock_sequence.features != our_sequence.features).nnz == 0
