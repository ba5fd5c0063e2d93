"""Every text the bot says is B1 Dutch by the documented measure (docs/language.md)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.answering.phrases import PHRASES
from bot.text.readability import A2, MAX_LONG_WORD_SHARE, a2_word_problems, measure

ROOT = Path(__file__).resolve().parents[2]
MIN_WORDS_FOR_FORMULA = 8  # the formula says nothing about a three-word button text


def domain_responses() -> list[tuple[str, str]]:
    texts = []
    for path in sorted((ROOT / "domain").glob("*.yml")):
        responses = (yaml.safe_load(path.read_text()) or {}).get("responses") or {}
        for name, variants in responses.items():
            # Variants for another language (a condition on the `language` slot) are not Dutch.
            texts += [(f"{path.name}:{name}", v["text"]) for v in variants
                      if v.get("text") and not v.get("condition")]  # fmt: skip
    return texts


# Every field of an entry that users read.
KB_FIELDS = (
    "summary",
    "details",
    "for_whom",
    "cost",
    "how_to_apply",
    "where",
    "deadline",
    "what_now",
)


def kb_entries() -> list[tuple[str, dict]]:
    return [
        (p.name, yaml.safe_load(p.read_text()) or {})
        for p in sorted((ROOT / "kb" / "entries").glob("*.yml"))
    ]


def kb_summaries() -> list[tuple[str, str]]:
    return [(f"{name}:summary", entry.get("summary") or "") for name, entry in kb_entries()]


def kb_fields() -> list[tuple[str, str]]:
    return [
        (f"{name}:{field}", str(entry[field])) for name, entry in kb_entries()
        for field in KB_FIELDS if entry.get(field)
    ]  # fmt: skip


def engine_phrases() -> list[tuple[str, str]]:
    """The Dutch sentences the answer engine adds around KB text (bot/answering/phrases.py)."""
    # Button labels are not sentences ("Zeg het makkelijker" is the label users know).
    return [
        (f"phrases:{key}", text) for key, text in PHRASES["nl"].items()
        if "{" not in text and not key.startswith("button_")
    ]  # fmt: skip


def all_texts() -> list[tuple[str, str]]:
    return domain_responses() + kb_fields() + engine_phrases()


def measurable() -> list[tuple[str, str]]:
    return [
        (where, text) for where, text in all_texts() if measure(text).words >= MIN_WORDS_FOR_FORMULA
    ]


def too_short() -> list[tuple[str, str]]:
    return [
        (where, text) for where, text in all_texts() if measure(text).words < MIN_WORDS_FOR_FORMULA
    ]


def test_there_is_text_to_check() -> None:
    assert len(domain_responses()) >= 15
    assert len(kb_summaries()) >= 100
    assert len(kb_fields()) >= 500
    assert len(engine_phrases()) >= 15


@pytest.mark.parametrize(
    ("where", "text"),
    [(f"{name}:easy_summary", e.get("easy_summary") or "") for name, e in kb_entries()],
)
def test_every_easier_version_is_a2(where: str, text: str) -> None:
    assert text.strip(), f"{where}: missing"
    result = measure(text)
    problems = result.problems(A2) + a2_word_problems(text)
    assert not problems, f"{where}: {problems}\n{text}"


def test_texts_too_short_to_measure_are_few_short_questions() -> None:
    """The formula is not run on these (see MIN_WORDS_FOR_FORMULA); they are listed, not passed.

    Only a short prompt or acknowledgement may be this short: never a KB summary, and never
    more than a handful of domain responses."""
    short = too_short()
    listing = "\n".join(f"{where}: {text!r}" for where, text in short)
    assert not [where for where, _ in short if where.endswith(":summary")], listing
    assert len(short) <= 40, listing
    for where, text in short:
        result = measure(text)
        assert result.words > 0, f"{where}: empty text"
        assert result.long_word_share <= MAX_LONG_WORD_SHARE, (
            f"{where}: long words in a short text: {text!r}"
        )


@pytest.mark.parametrize(("where", "text"), measurable())
def test_text_is_b1(where: str, text: str) -> None:
    result = measure(text)
    assert not result.problems(), f"{where}: {result.problems()}\n{text}"


def test_all_bot_text_together_reads_easily() -> None:
    result = measure("\n".join(text for _, text in all_texts()))
    assert result.flesch_douma >= 65, result
    assert result.words_per_sentence <= 12, result
