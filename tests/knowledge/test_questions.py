"""The two answers that are not one entry: the privacy statement and a menu for a button."""

from __future__ import annotations

from bot.config.settings import get_settings
from bot.kb import KnowledgeBase
from bot.knowledge.questions import overview_answer, privacy_answer
from tests.answering.conftest import ENTRIES


def test_privacy_answer_names_the_retention_period() -> None:
    answer = privacy_answer(KnowledgeBase(ENTRIES, []))
    assert f"Na {get_settings().retention_days} dagen wis ik het gesprek" in answer.replies[0].text


def test_a_button_without_text_gets_a_menu_of_its_kind() -> None:
    answer = overview_answer("ask_funding", KnowledgeBase(ENTRIES, []))
    payloads = [b.payload for b in answer.replies[0].buttons]
    assert '/ask_about{"kb_entry":"levenlanglerenkrediet"}' in payloads
    assert '/ask_about{"kb_entry":"stap-budget"}' not in payloads  # ended: not offered
    assert payloads[-1] == "/request_human"
