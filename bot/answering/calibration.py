"""The threshold above which the engine answers, measured per language, never guessed.

It is measured on real users' questions from the training part of the question set
(kb/questions/), which the ranker also learns from, cross-fitted so that no question is scored
by a ranker that saw it; the evaluation part (tests/eval/) is never used. The threshold is the
lowest score at which the answers to held-out questions are right TARGET_PRECISION of the time,
where unanswerable questions and out-of-scope messages count as wrong when answered, and an
answer from an entry that the wanted one lists as related (each answer links to the other)
counts as right. A language with too few questions takes the Dutch threshold.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from bot.answering.ranker import Analyzer, Example, stem_analyzer, training_examples
from bot.answering.retrieval import DEFAULT_THRESHOLD, BilingualRetriever
from bot.kb.schema import Entry

TARGET_PRECISION = 0.9
MIN_QUESTIONS = 40  # per language, to measure its own threshold (fewer: the Dutch one)
# Each fold's ranker learns from (FOLDS - 1) / FOLDS of the questions, close to the ranker that
# answers (all of them): its scores, and so the threshold, are those the engine will see.
FOLDS = 5


@dataclass(frozen=True)
class LabelledQuestion:
    """A real user's question from the training part of the question set (kb/questions/)."""

    text: str
    entries: tuple[str, ...]  # any of these answers it; () when the desk cannot answer it
    language: str = "nl"


@dataclass(frozen=True)
class Calibration:
    language: str
    threshold: float
    precision: float  # on the held-out questions, at the threshold
    answered: float  # share of held-out answerable questions answered at the threshold
    questions: int
    negatives: int


def question_examples(questions: Iterable[LabelledQuestion]) -> list[Example]:
    """Training examples from real questions: one per question, labelled with its first entry."""
    return [Example(q.text, q.entries[0]) for q in questions if q.entries]


def calibrate(
    entries: Sequence[Entry],
    questions: Sequence[LabelledQuestion],
    negatives: Iterable[str],
    analyzer: Analyzer = stem_analyzer,
) -> dict[str, Calibration]:
    """Per language, the lowest threshold whose held-out answers are right TARGET_PRECISION of
    the time. The questions are split in FOLDS folds; for each, a ranker learns from the KB
    phrasings and the other folds and is measured on it."""
    by_id = {e.id: e for e in entries}
    outcomes: dict[str, list[tuple[float, bool]]] = {}
    negative_texts = list(negatives)
    for fold in range(FOLDS):
        train = [q for i, q in enumerate(questions) if i % FOLDS != fold]
        held = [q for i, q in enumerate(questions) if i % FOLDS == fold]
        retriever = BilingualRetriever.build(
            entries, [*training_examples(entries), *question_examples(train)], analyzer=analyzer
        )
        for question in held:
            ranked = retriever.rank(question.text, k=1, language=question.language)
            score, top = (ranked[0].score, ranked[0].entry_id) if ranked else (0.0, "")
            right = bool(top) and any(_fits(top, w, by_id) for w in question.entries if w in by_id)
            outcomes.setdefault(question.language, []).append((score, right))
        for text in negative_texts[fold::FOLDS]:
            best = next(iter(retriever.rank(text, k=1)), None)
            outcomes["nl"].append((best.score if best else 0.0, False))
    result = {}
    for language, scored in outcomes.items():
        positives = sum(1 for q in questions if q.entries and q.language == language)
        count = sum(1 for q in questions if q.language == language)
        threshold, precision, answered = _lowest_precise_threshold(scored, positives)
        result[language] = Calibration(language, threshold, precision, answered, count,
                                       len(negative_texts) if language == "nl" else 0)  # fmt: skip
    dutch = result.get("nl")
    for language, calibration in list(result.items()):
        if calibration.questions < MIN_QUESTIONS and dutch is not None:
            result[language] = Calibration(language, dutch.threshold, calibration.precision,
                                           calibration.answered, calibration.questions, 0)  # fmt: skip
    return result


def thresholds(calibrations: dict[str, Calibration]) -> dict[str, float]:
    found = {language: c.threshold for language, c in calibrations.items()}
    found.setdefault("nl", DEFAULT_THRESHOLD)
    return found


def _fits(answered: str, wanted: str, by_id: dict[str, Entry]) -> bool:
    """Right, or an entry the wanted one names as related (its answer links back to it)."""
    return (
        answered == wanted or answered in by_id[wanted].related or wanted in by_id[answered].related
    )


def _lowest_precise_threshold(
    outcomes: list[tuple[float, bool]], positives: int
) -> tuple[float, float, float]:
    ordered = sorted(outcomes, key=lambda o: -o[0])
    best = (1.0, 1.0, 0.0)
    right = 0
    for n, (score, correct) in enumerate(ordered, start=1):
        right += correct
        precision = right / n
        if precision >= TARGET_PRECISION and (n == len(ordered) or ordered[n][0] < score):
            best = (score, precision, right / max(1, positives))
    return best
