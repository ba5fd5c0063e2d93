"""The learned ranker: its fast margins are exactly the SVM's decision function."""

from __future__ import annotations

import numpy as np
from scipy.sparse import hstack
from sklearn.svm import LinearSVC

from bot.answering.ranker import EntryRanker, training_examples
from tests.answering.conftest import ENTRIES

TEXTS = [
    "kan ik geld lenen voor een opleiding",
    "waar is het taalhuis",
    "ik ben zzp en wil een cursus",
    "qwerty",
    "",
]


def test_margins_are_the_svm_decision_function() -> None:
    examples = training_examples(ENTRIES)
    ranker = EntryRanker(examples)
    texts = [e.text for e in examples]
    features = hstack([ranker._words.transform(texts), ranker._chars.transform(texts)])
    model = LinearSVC(C=0.5, random_state=0).fit(features, [e.entry_id for e in examples])
    assert tuple(model.classes_) == ranker.labels
    for text in TEXTS:
        one = hstack([ranker._words.transform([text]), ranker._chars.transform([text])]).tocsr()
        np.testing.assert_allclose(ranker.margins(text), model.decision_function(one)[0], atol=1e-9)


def test_scores_add_up_to_one_and_rank_the_asked_entry_first() -> None:
    ranker = EntryRanker(training_examples(ENTRIES))
    assert abs(ranker.scores("taalles in de bibliotheek").sum() - 1.0) < 1e-9
    assert ranker.top("taalles in de bibliotheek", k=1)[0][0] == "taalhuis"
