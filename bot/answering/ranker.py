"""A learned ranker: which KB entry a question asks for, trained on the entries' own phrasings.

Every entry carries at least eight question phrasings in users' words (`questions:` in
kb/entries), plus its title, synonyms and English title. A linear classifier over word
stems (one and two words) and character n-grams learns from them which entry a new question
is about; its scores are one of the signals the retriever combines. A linear SVM trains in
half a second on about 2,000 phrasings (a logistic regression took 15 s with the same
held-out accuracy); a softmax over its margins gives scores that add up to one.

The evaluation questions (tests/eval/) are never part of this training data.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from typing import Any

import numpy as np
from scipy.sparse import hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.svm import LinearSVC

from bot.kb.schema import Entry
from bot.kb.text import content_words, stem
from bot.text.normalise import normalise

Analyzer = Callable[[str], list[str]]
SOFTMAX_SCALE = 6.0  # chosen on the training part: most answered at 90 % precision


def _with_pairs(tokens: list[str]) -> list[str]:
    return tokens + [f"{a}_{b}" for a, b in pairwise(tokens)]


def stem_analyzer(text: str) -> list[str]:
    """Snowball stems of the content words, and pairs of neighbouring stems."""
    return _with_pairs([stem(w) for w in content_words(text)])


@lru_cache(maxsize=1)
def _lemma_table() -> Any:
    """spaCy's Dutch lookup lemmas (spacy-lookups-data), without a trained pipeline."""
    import spacy

    nlp = spacy.blank("nl")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()
    lemmatizer: Any = nlp.get_pipe("lemmatizer")
    return lemmatizer.lookups.get_table("lemma_lookup")


def lemma_analyzer(text: str) -> list[str]:
    """spaCy lookup lemmas of the content words ("bibliotheken" → "bibliotheek"), and pairs."""
    table = _lemma_table()
    return _with_pairs([table.get(w, w) for w in content_words(text)])


ANALYZERS: dict[str, Callable[[str], list[str]]] = {
    "snowball-stems": stem_analyzer,
    "spacy-lemmas": lemma_analyzer,
}


@dataclass(frozen=True)
class Example:
    text: str
    entry_id: str


def training_examples(entries: Iterable[Entry]) -> list[Example]:
    """The phrasings that teach the ranker: questions, title, synonyms, the facets' own texts
    (their words are the words of questions nobody wrote down yet), and the same in English."""
    examples: list[Example] = []
    for entry in entries:
        texts = [q.text for q in entry.questions] + [entry.title, *entry.synonyms]
        texts += [entry.summary, entry.for_whom, entry.cost, entry.how_to_apply]
        english = entry.translation("en")
        if english is not None:
            texts += [english.title, english.summary, english.for_whom, english.how_to_apply]
        examples += [Example(t, entry.id) for t in texts if t.strip()]
    return examples


def _weighted(
    vectorizer: TfidfVectorizer, analyzer: Callable[[str], list[str]], text: str,
    weights: np.ndarray,
) -> np.ndarray:  # fmt: skip
    """`vectorizer.transform([text]) @ weights` for one text: sublinear tf times idf, L2
    normalised, as TfidfVectorizer computes it, without building a sparse matrix."""
    vocabulary = vectorizer.vocabulary_
    counts = Counter(i for term in analyzer(text) if (i := vocabulary.get(term)) is not None)
    if not counts:
        return np.zeros(weights.shape[1])
    index = np.fromiter(counts.keys(), dtype=np.intp, count=len(counts))
    values = 1.0 + np.log(np.fromiter(counts.values(), dtype=np.float64, count=len(counts)))
    values *= vectorizer.idf_[index]
    values /= np.sqrt(values @ values)
    return values @ weights[index]


class EntryRanker:
    """Which entry a question is about, from a linear SVM on stems and character n-grams."""

    def __init__(self, examples: Sequence[Example], analyzer: Analyzer = stem_analyzer) -> None:
        if len({e.entry_id for e in examples}) < 2:
            raise ValueError("the ranker needs phrasings of at least two entries")
        self._words = TfidfVectorizer(analyzer=analyzer, sublinear_tf=True, min_df=1)
        self._chars = TfidfVectorizer(
            analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, min_df=2,
            preprocessor=normalise,
        )  # fmt: skip
        texts = [e.text for e in examples]
        features = hstack([self._words.fit_transform(texts), self._chars.fit_transform(texts)])
        model = LinearSVC(C=0.5, random_state=0)  # the same ranker every build
        model.fit(features, [e.entry_id for e in examples])
        self.labels: tuple[str, ...] = tuple(model.classes_)
        # The margins as two products, words and characters apart: the same numbers as the
        # model's decision_function without joining sparse matrices for every message.
        split = len(self._words.vocabulary_)
        coef = np.asarray(model.coef_, dtype=np.float64)
        self._word_weights = np.ascontiguousarray(coef[:, :split].T)
        self._char_weights = np.ascontiguousarray(coef[:, split:].T)
        self._intercept = np.asarray(model.intercept_, dtype=np.float64)
        self._word_analyzer = self._words.build_analyzer()
        self._char_analyzer = self._chars.build_analyzer()

    def margins(self, text: str) -> np.ndarray:
        """The model's decision_function for one text (its tf-idf computed directly)."""
        return (
            _weighted(self._words, self._word_analyzer, text, self._word_weights)
            + _weighted(self._chars, self._char_analyzer, text, self._char_weights)
            + self._intercept
        )

    def scores(self, text: str) -> np.ndarray:
        """Every entry's score for `text` (in the order of `labels`; they add up to 1)."""
        margins = self.margins(text) * SOFTMAX_SCALE
        exp = np.exp(margins - margins.max())
        return exp / exp.sum()

    def top(self, text: str, k: int = 5) -> list[tuple[str, float]]:
        row = self.scores(text)
        order = np.argsort(-row)[:k]
        return [(self.labels[i], float(row[i])) for i in order]
