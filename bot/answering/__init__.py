"""The answer engine: understand a whole message, rank KB answer units, answer at once.

    from bot.answering import build_engine, Context

    engine = build_engine(kb, gazetteer)
    result = engine.answer("ik ben 41 en werk in een fabriek, kan ik geld lenen?", Context())
    result.replies, result.entry_id, result.band, result.facts

Modules: `facts` (what a message says about the user), `acts` (what it asks), `ranker` and
`retrieval` (which entry, how sure), `compose` and `phrases` (what the user reads), `engine`
(the whole turn), `evaluation` (`make eval`).
"""

from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path

from bot.answering.calibration import (
    Calibration,
    LabelledQuestion,
    calibrate,
    question_examples,
    thresholds,
)
from bot.answering.engine import Context, Engine, EngineAnswer
from bot.answering.facts import Facts
from bot.answering.ranker import ANALYZERS, training_examples
from bot.answering.retrieval import BilingualRetriever
from bot.config.settings import PROJECT_ROOT
from bot.kb import KnowledgeBase
from bot.places import Gazetteer

__all__ = [
    "TEXT_PROCESSING",
    "Calibration",
    "Context",
    "Engine",
    "EngineAnswer",
    "Facts",
    "build_engine",
]
logger = logging.getLogger(__name__)
NEGATIVES_DIR = PROJECT_ROOT / "data" / "nlu"
# Messages the engine sees but must not answer from the KB (small talk goes to Rasa's intents).
NEGATIVE_INTENTS = ("out_of_scope",)
CACHE = PROJECT_ROOT / "var" / "answering-calibration.json"
# Which Dutch text processing the ranker uses: measured against the other in `make eval`.
TEXT_PROCESSING = "snowball-stems"
QUESTIONS_DIR = PROJECT_ROOT / "kb" / "questions"


def training_questions(folder: Path = QUESTIONS_DIR) -> list[LabelledQuestion]:
    """The training part of the question set: single questions with what answers them."""
    import yaml

    found: list[LabelledQuestion] = []
    for path in sorted(folder.glob("*.yml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            for turn in case["turns"]:
                expect = turn.get("expect") or {}
                if expect.get("entries") or expect.get("unanswerable"):
                    found.append(LabelledQuestion(
                        str(turn["text"]), tuple(expect.get("entries") or ()), case.get("lang", "nl")
                    ))  # fmt: skip
    return found


def negative_examples(nlu_dir: Path = NEGATIVES_DIR) -> list[str]:
    import yaml

    texts: list[str] = []
    for path in sorted(nlu_dir.glob("*.yml")):
        for item in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu") or []:
            if item.get("intent") in NEGATIVE_INTENTS:
                texts += [
                    line[2:].strip() for line in item["examples"].splitlines() if line.strip()
                ]
    return texts


def _fingerprint(kb: KnowledgeBase, negatives: list[str], questions: list[LabelledQuestion]) -> str:
    digest = hashlib.sha256()
    for entry in sorted(kb.entries(), key=lambda e: e.id):
        digest.update(repr(entry).encode())  # every field: the ranker and BM25 learn from them
    digest.update("\n".join(negatives).encode())
    digest.update(repr(questions).encode())
    for module in (
        "ranker.py",
        "retrieval.py",
        "calibration.py",
    ):  # the code that scores is part of the key
        digest.update((Path(__file__).parent / module).read_bytes())
    return digest.hexdigest()


def calibration_for(
    kb: KnowledgeBase, cache: Path | None = CACHE, text_processing: str = TEXT_PROCESSING
) -> dict[str, Calibration]:
    """The calibrated threshold for this KB, computed once per KB content (cached in var/)."""
    negatives = negative_examples()
    questions = training_questions()
    key = _fingerprint(kb, negatives, questions) + text_processing
    if cache is not None and cache.exists():
        stored = json.loads(cache.read_text())
        if stored.get("key") == key:
            return {lang: Calibration(**c) for lang, c in stored["calibration"].items()}
    result = calibrate(kb.entries(), questions, negatives, ANALYZERS[text_processing])
    if cache is not None:
        cache.parent.mkdir(parents=True, exist_ok=True)
        cache.write_text(
            json.dumps({"key": key, "calibration": {k: v.__dict__ for k, v in result.items()}})
        )
    logger.info("answer engine calibrated: %s", result)
    return result


def build_engine(
    kb: KnowledgeBase, gazetteer: Gazetteer, cache: Path | None = CACHE,
    text_processing: str = TEXT_PROCESSING,
) -> Engine:  # fmt: skip
    """The engine for this KB: ranker trained, threshold calibrated (once per KB content)."""
    calibration = calibration_for(
        kb,
        None if cache is None else cache.with_suffix(f".{text_processing}.json"),
        text_processing,
    )
    examples = [*training_examples(kb.entries()), *question_examples(training_questions())]
    retriever = BilingualRetriever.build(
        kb.entries(), examples, thresholds(calibration), ANALYZERS[text_processing]
    )
    return Engine(kb, retriever, gazetteer)
