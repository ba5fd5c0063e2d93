"""The classifier's input matrix built in one step equals Rasa's stacked one, bit for bit,
and its intents are the same with the coefficients in column-major order."""

from __future__ import annotations

import copy

import numpy as np
import pytest
from rasa.core.channels.channel import UserMessage
from rasa.engine.constants import PLACEHOLDER_MESSAGE
from rasa.engine.loader import load_predict_graph_runner
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.nlu.classifiers.logistic_regression_classifier import LogisticRegressionClassifier
from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.nlu.training_data.message import Message

from bot.runtime.patches import intent_features
from bot.runtime.patches.graph_runner import SequentialGraphRunner
from tests.conftest import latest_model
from tests.support.heldout import heldout_texts


@pytest.fixture(scope="module")
def featurized(tmp_path_factory: pytest.TempPathFactory):
    """The trained classifier and a function giving messages as they reach it."""
    _, runner = load_predict_graph_runner(
        tmp_path_factory.mktemp("model"), latest_model(), LocalModelStorage, SequentialGraphRunner
    )
    name, schema = next((name, node) for name, node in runner._graph_schema.nodes.items()
                        if node.uses is LogisticRegressionClassifier)  # fmt: skip
    classifier = runner._instantiated_nodes[name]._component

    def messages(texts: list[str]) -> list[Message]:
        inputs = {PLACEHOLDER_MESSAGE: [UserMessage(text) for text in texts]}
        return runner.run(inputs=inputs, targets=[schema.needs["messages"]])[
            schema.needs["messages"]
        ]

    return classifier, messages


def test_same_matrix_and_probabilities_per_message(featurized) -> None:
    classifier, messages = featurized
    for text in heldout_texts():
        ours = intent_features.create_x(classifier, messages([text]))
        rasas = intent_features.original_create_x(classifier, messages([text]))
        assert ours.dtype == rasas.dtype and ours.shape == rasas.shape
        assert (ours != rasas.tocsr()).nnz == 0
        assert np.array_equal(classifier.clf.predict_proba(ours),
                              classifier.clf.predict_proba(rasas))  # fmt: skip


def test_same_matrix_for_many_messages_at_once(featurized) -> None:
    classifier, messages = featurized
    batch = messages(heldout_texts())
    ours = intent_features.create_x(classifier, batch)
    rasas = intent_features.original_create_x(classifier, batch)
    assert ours.shape == rasas.shape == (len(batch), ours.shape[1])
    assert (ours != rasas.tocsr()).nnz == 0


def test_dense_sentence_features_go_rasas_way(featurized, monkeypatch) -> None:
    classifier, messages = featurized
    [message] = messages(["wie betaalt mijn opleiding"])
    message.add_features(Features(np.ones((1, 3)), FEATURE_TYPE_SENTENCE, TEXT, "dense"))
    calls = []
    original = intent_features.original_create_x
    monkeypatch.setattr(intent_features, "original_create_x",
                        lambda clf, msgs: calls.append(msgs) or original(clf, msgs))  # fmt: skip
    matrix = intent_features.create_x(classifier, [message])
    assert calls == [[message]]
    assert matrix.shape[1] == intent_features.create_x(
        classifier, messages(["wie betaalt mijn opleiding"])).shape[1] + 3  # fmt: skip


def test_same_intents_with_the_coefficients_laid_out_for_the_product(featurized) -> None:
    classifier, messages = featurized
    texts = heldout_texts()
    intent_features.process(classifier, messages(texts[:1]))
    assert classifier.clf.coef_.flags.f_contiguous
    ours = intent_features.process(classifier, messages(texts))
    row_major = copy.copy(classifier)
    row_major.clf = copy.deepcopy(classifier.clf)
    row_major.clf.coef_ = np.ascontiguousarray(classifier.clf.coef_)
    rasas = intent_features.original_process(row_major, messages(texts))
    assert not row_major.clf.coef_.flags.f_contiguous  # Rasa's process left it as it was
    for our_message, rasa_message in zip(ours, rasas, strict=True):
        assert our_message.get(INTENT) == rasa_message.get(INTENT)
        assert our_message.get(INTENT_RANKING_KEY) == rasa_message.get(INTENT_RANKING_KEY)
