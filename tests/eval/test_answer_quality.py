"""The evaluation part of the question set: its shape, its separation from training data, and
answer quality that may only go up (figures recorded in tests/eval/recorded.json)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from rapidfuzz import fuzz, process

from bot.answering import build_engine, training_questions
from bot.answering.evaluation import EVAL_DIR, evaluate, load_cases
from bot.kb import KnowledgeBase
from bot.kb.files import load_files
from bot.places import gazetteer
from bot.text.normalise import normalise

ROOT = Path(__file__).resolve().parents[2]
RECORDED = json.loads((EVAL_DIR / "recorded.json").read_text())
ALLOWED_DROP = 0.02  # two points: quality may only go up


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    result = load_files(ROOT / "kb")
    return KnowledgeBase(result.entries, result.places)


def raw_cases() -> list[dict]:
    return [c for p in sorted(EVAL_DIR.glob("*.yml")) for c in yaml.safe_load(p.read_text())]


def test_the_set_is_large_multi_turn_english_and_sourced(kb: KnowledgeBase) -> None:
    cases = raw_cases()
    turns = [t for c in cases for t in c["turns"]]
    assert len(turns) >= 400
    assert sum(1 for c in cases if len(c["turns"]) > 1) >= 60
    assert sum(len(c["turns"]) for c in cases if c.get("lang") == "en") >= 60
    assert all(str(c.get("source") or "").strip() for c in cases)
    ids = {e.id for e in kb.entries()}
    for turn in turns:
        assert set((turn.get("expect") or {}).get("entries") or ()) <= ids, turn


NEAR_COPY = 96  # rapidfuzz ratio: the same phrasing but for case, punctuation or a letter


def test_no_evaluation_phrasing_is_training_data(kb: KnowledgeBase) -> None:
    """Not even a near copy: a phrasing taken from the same FAQ page as an evaluation
    question would measure memory, not understanding."""
    training = {normalise(q.text) for e in kb.entries() for q in e.questions}
    training |= {normalise(q.text) for q in training_questions()}
    choices = sorted(training)
    shared = [
        t["text"]
        for c in raw_cases()
        for t in c["turns"]
        if len(normalise(str(t["text"]))) > 12  # "ja", "velp", "mbo" are replies, not phrasings
        and process.extractOne(
            normalise(str(t["text"])), choices, scorer=fuzz.ratio, score_cutoff=NEAR_COPY
        )
    ]
    assert not shared


def test_answer_quality_does_not_fall(kb: KnowledgeBase, tmp_path: Path) -> None:
    engine = build_engine(kb, gazetteer(), cache=tmp_path / "calibration.json")
    figures = evaluate(engine, load_cases()).overall.as_row()
    for name in ("right", "right_among_answered", "answered"):
        assert figures[name] >= RECORDED[name] - ALLOWED_DROP, (name, figures, RECORDED)
