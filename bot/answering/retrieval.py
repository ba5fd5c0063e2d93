"""Rank KB entries for a question and say how sure we are: one calibrated confidence.

Three signals per entry: the learned ranker's probability (trained on the entries' question
phrasings), BM25 over the entries' fields (Dutch stems, compounds, typos; bot/kb/search.py),
and whether the message names the entry (title, id or synonym). Their weighted sum is the
confidence; bot/answering/calibration.py measures, per language, the threshold above which the
engine answers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from bot.answering.ranker import Analyzer, EntryRanker, Example, stem_analyzer, training_examples
from bot.kb.schema import Entry
from bot.kb.search import SearchIndex
from bot.knowledge.naming import EntryNamer

WEIGHTS = {"ranker": 0.7, "bm25": 0.3, "named": 0.3}  # chosen on the training part (calibration)
CANDIDATES = 8
CLOSE_RATIO = 0.8  # a second candidate this close to the best is offered as a button
DEFAULT_THRESHOLD = 0.45


@dataclass(frozen=True)
class Candidate:
    entry_id: str
    score: float
    ranker: float
    bm25: float
    named: bool


class Retriever:
    """Ranks entries for a text; built once per KB."""

    def __init__(
        self,
        entries: Sequence[Entry],
        analyzer: Analyzer = stem_analyzer,
        examples: Sequence[Example] | None = None,
        ranker: EntryRanker | None = None,
    ) -> None:
        self.entries = {e.id: e for e in entries}
        self.index = SearchIndex(entries)
        self.ranker = ranker or EntryRanker(
            examples if examples is not None else training_examples(entries), analyzer
        )
        self.namer = EntryNamer(entries)

    def rank(
        self, text: str, k: int = CANDIDATES, probabilities: dict[str, float] | None = None
    ) -> list[Candidate]:
        """The best `k` entries; `probabilities` are the ranker's, when already computed."""
        if probabilities is None:
            probabilities = dict(self.ranker.top(text, k=CANDIDATES))
        bm25 = {hit.entry_id: hit.score for hit in self.index.search(text, k=CANDIDATES)}
        named = self.namer.find(text)
        ids = set(probabilities) | set(bm25) | ({named} if named else set())
        scored = [
            Candidate(
                entry_id=i,
                score=WEIGHTS["ranker"] * probabilities.get(i, 0.0)
                + WEIGHTS["bm25"] * bm25.get(i, 0.0)
                + (WEIGHTS["named"] if i == named else 0.0),
                ranker=probabilities.get(i, 0.0),
                bm25=bm25.get(i, 0.0),
                named=i == named,
            )
            for i in ids
            if i in self.entries
        ]
        scored.sort(key=lambda c: (-c.score, c.entry_id))
        return scored[:k]


def english_view(entry: Entry) -> Entry:
    """The entry with its English fields in place of the Dutch ones, for English questions."""
    english = entry.translation("en")
    if english is None:
        return entry
    return replace(
        entry, title=english.title, summary=english.summary, details="",
        for_whom=english.for_whom, cost=english.cost, how_to_apply=english.how_to_apply,
        synonyms=(), translations=(),
    )  # fmt: skip


class BilingualRetriever:
    """Ranks a message against the Dutch entries and against their English versions; an
    entry's score is the better of the two (an English question may use Dutch names)."""

    def __init__(
        self, dutch: Retriever, english: Retriever, thresholds: dict[str, float] | None = None
    ) -> None:
        self.dutch, self.english = dutch, english
        self.thresholds = thresholds or {"nl": DEFAULT_THRESHOLD}

    @classmethod
    def build(
        cls, entries: Sequence[Entry], examples: Sequence[Example],
        thresholds: dict[str, float] | None = None, analyzer: Analyzer = stem_analyzer,
    ) -> BilingualRetriever:  # fmt: skip
        # One ranker for both: it learns from the Dutch and the English phrasings alike (an
        # English question may use Dutch names); each language has its own BM25 and names.
        english_entries = [english_view(e) for e in entries]
        ranker = EntryRanker(
            list(dict.fromkeys([*examples, *training_examples(english_entries)])), analyzer
        )
        return cls(
            Retriever(entries, analyzer, ranker=ranker),
            Retriever(english_entries, analyzer, ranker=ranker),
            thresholds,
        )

    def threshold(self, language: str = "nl") -> float:
        return self.thresholds.get(language, self.thresholds["nl"])

    def rank(self, text: str, k: int = CANDIDATES, language: str = "nl") -> list[Candidate]:
        probabilities = dict(self.dutch.ranker.top(text, k=CANDIDATES))  # shared by both
        ranked = {c.entry_id: c for c in self.dutch.rank(text, CANDIDATES, probabilities)}
        if language != "nl":
            for c in self.english.rank(text, CANDIDATES, probabilities):
                if c.entry_id not in ranked or c.score > ranked[c.entry_id].score:
                    ranked[c.entry_id] = c
        return sorted(ranked.values(), key=lambda c: (-c.score, c.entry_id))[:k]

    def confident(self, candidate: Candidate | None, language: str = "nl") -> bool:
        return candidate is not None and candidate.score >= self.threshold(language)
