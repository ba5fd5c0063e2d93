"""The guided check's result names each fitting scheme with one line on why (test KB)."""

from __future__ import annotations

from bot.funding.answer import funding_answer
from bot.funding.matcher import Profile
from bot.kb import KnowledgeBase
from tests.answering.conftest import ENTRIES


def test_fitting_schemes_are_listed_with_reasons_and_buttons() -> None:
    answer = funding_answer(
        Profile(45, "loondienst", "omscholen", "mbo2"), KnowledgeBase(ENTRIES, [])
    )
    text = answer.replies[0].text
    assert "1. Werkgever en sectorfonds: Je werkt in loondienst" in text
    assert "Levenlanglerenkrediet: Je bent 45" in text
    assert answer.entry_id == "werkgever-en-sectorfonds"
    assert any(
        b.payload == '/ask_about{"kb_entry":"levenlanglerenkrediet"}'
        for b in answer.replies[0].buttons
    )


def test_no_fit_offers_an_adviser() -> None:
    answer = funding_answer(
        Profile(80, "gepensioneerd", "bijscholen", "hbo_wo"), KnowledgeBase(ENTRIES, [])
    )
    assert answer.entry_id is None and answer.replies[0].buttons[0].payload == "/request_human"


def test_english() -> None:
    answer = funding_answer(
        Profile(45, "loondienst", "omscholen", "mbo2"), KnowledgeBase(ENTRIES, []), "en"
    )
    assert answer.replies[0].text.startswith("This may fit you:")
