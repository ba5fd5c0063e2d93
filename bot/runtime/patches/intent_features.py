"""The intent classifier's per-message work: its input built in one step, its product
computed without copying the coefficients.

Rasa's `LogisticRegressionClassifier._create_X` asks each message for its combined sparse
features: Rasa deep-copies the first featurizer's matrices and stacks the others onto them
one by one with `scipy.sparse.hstack`, for the token sequence (which the classifier then
throws away) and for the sentence; the classifier stacks the sentence row with an empty dense
part and stacks the rows. Each stack converts through COO: under load this was 8 % of the
server's time, for a matrix of one row.

This builds the same matrix directly from the sentence features' nonzero entries, in the
featurizers' order. scikit-learn turns both into the same canonical CSR matrix (duplicates
summed, indices sorted), so the probabilities are bit for bit the same
(`tests/runtime/patches/test_intent_features.py`). Messages with dense sentence features or without
sparse ones go the original way.

scikit-learn scores a message as `X @ coef_.T`; scipy needs the right-hand side in row-major
order and copies the transposed coefficients (intents x features, 1.7 MB here) to get it,
for every message. Keeping `coef_` in column-major order makes `coef_.T` row-major: the same
numbers in the same order of summation, so the same probabilities, at a third of the time.
"""

from __future__ import annotations

import numpy as np
from rasa.nlu.classifiers.logistic_regression_classifier import LogisticRegressionClassifier
from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, TEXT
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.nlu.training_data.message import Message
from scipy.sparse import csr_matrix

from bot.runtime.patches._patch import Patch

original_create_x = LogisticRegressionClassifier._create_X
original_process = LogisticRegressionClassifier.process


def _sentence_features(message: Message) -> list[Features] | None:
    """The message's sparse sentence features for the text, or None if it needs Rasa's way."""
    sentence = [f for f in message.features
                if f.attribute == TEXT and f.type == FEATURE_TYPE_SENTENCE]  # fmt: skip
    if not sentence or not all(f.is_sparse() for f in sentence):
        return None
    return sentence


def create_x(self: LogisticRegressionClassifier, messages: list[Message]) -> csr_matrix:
    """Drop-in for `LogisticRegressionClassifier._create_X`."""
    per_message = [_sentence_features(message) for message in messages]
    if not messages or any(features is None for features in per_message):
        return original_create_x(self, messages)
    widths = {sum(f.features.shape[1] for f in features) for features in per_message}
    if len(widths) != 1:
        return original_create_x(self, messages)  # Rasa's stacking raises the error
    rows, columns, values = [], [], []
    for row, features in enumerate(per_message):
        offset = 0
        for feature in features:
            part = feature.features.tocoo()
            rows.append(np.full(part.nnz, row, dtype=np.int64))
            columns.append(part.col.astype(np.int64) + offset)
            values.append(part.data)
            offset += part.shape[1]
    return csr_matrix(
        (
            np.concatenate(values).astype(np.float64),
            (np.concatenate(rows), np.concatenate(columns)),
        ),
        shape=(len(messages), widths.pop()),
    )


def process(self, messages: list[Message]) -> list[Message]:  # type: ignore[no-untyped-def]
    """Drop-in for `LogisticRegressionClassifier.process`.

    `self` stays unannotated, as in Rasa: Rasa's graph validation reads the run method's
    type hints and would take an annotated `self` for an input the graph must provide.
    """
    coefficients = getattr(self.clf, "coef_", None)  # none before training
    if coefficients is not None and not coefficients.flags.f_contiguous:
        self.clf.coef_ = np.asfortranarray(coefficients)
    return original_process(self, messages)


PATCHES = (
    Patch("intent_input", LogisticRegressionClassifier, "_create_X", create_x),
    Patch("intent_scoring", LogisticRegressionClassifier, "process", process),
)
