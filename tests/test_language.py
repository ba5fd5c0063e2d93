"""Every text the bot says is B1 Dutch by the documented measure (docs/language.md)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.text.readability import measure

ROOT = Path(__file__).resolve().parent.parent
MIN_WORDS_FOR_FORMULA = 8  # the formula says nothing about a three-word button text


def domain_responses() -> list[tuple[str, str]]:
    texts = []
    for path in sorted((ROOT / "domain").glob("*.yml")):
        responses = (yaml.safe_load(path.read_text()) or {}).get("responses") or {}
        for name, variants in responses.items():
            texts += [(f"{path.name}:{name}", v["text"]) for v in variants if v.get("text")]
    return texts


def kb_summaries() -> list[tuple[str, str]]:
    texts = []
    for path in sorted((ROOT / "kb" / "entries").glob("*.yml")):
        entry = yaml.safe_load(path.read_text()) or {}
        texts.append((f"{path.name}:summary", entry.get("summary") or ""))
    return texts


def test_there_is_text_to_check() -> None:
    assert len(domain_responses()) >= 20
    assert len(kb_summaries()) >= 30


@pytest.mark.parametrize(("where", "text"), domain_responses() + kb_summaries())
def test_text_is_b1(where: str, text: str) -> None:
    result = measure(text)
    if result.words < MIN_WORDS_FOR_FORMULA:
        return
    assert not result.problems(), f"{where}: {result.problems()}\n{text}"


def test_all_bot_text_together_reads_easily() -> None:
    result = measure("\n".join(text for _, text in domain_responses() + kb_summaries()))
    assert result.flesch_douma >= 65, result
    assert result.words_per_sentence <= 12, result
