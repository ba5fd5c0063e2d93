"""Knowledge answers from the real KB, without Rasa."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.funding.matcher import Profile
from bot.kb import KnowledgeBase
from bot.kb.files import load_files
from bot.knowledge import questions as knowledge

ROOT = Path(__file__).resolve().parents[2]
FILES = load_files(ROOT / "kb")


@pytest.fixture(autouse=True)
def real_kb(monkeypatch) -> KnowledgeBase:
    base = KnowledgeBase(FILES.entries, FILES.places)
    monkeypatch.setattr(knowledge, "kb", lambda: base)
    return base


def text_of(answer) -> str:
    return "\n".join(r.text for r in answer.replies)


def payloads(answer) -> list[str]:
    return [b.payload for r in answer.replies for b in r.buttons]


def test_a_named_entry_is_answered_with_source_date_and_buttons() -> None:
    answer = knowledge.answer_question("wat is evc", "ask_learning_route", "evc")
    text = text_of(answer)
    assert answer.entry_id == "evc"
    assert "Ervaringscertificaat" in text
    assert "Bron: Ervaringscertificaat.nl (https://www.ervaringscertificaat.nl/over)" in text
    assert "Gecontroleerd op 1 november 2026" in text
    assert "/request_human" in payloads(answer)
    assert '/feedback{"feedback":"up"}' in payloads(answer)


def test_an_ended_scheme_says_so_and_what_replaced_it() -> None:
    text = text_of(knowledge.answer_question("stap", "ask_funding", "stap-budget"))
    assert "bestaat niet meer sinds 1 januari 2024" in text
    assert "Subsidie voor overstap" in text


def test_search_answers_a_question_without_a_named_entry() -> None:
    answer = knowledge.answer_question("ik wil beter leeren leezen", "ask_basic_skills")
    assert answer.entry_id == "lezen-en-schrijven"
    assert '/find_provider{"topic":"lezen"}' in payloads(answer)


def test_no_weak_match_is_ever_answered() -> None:
    answer = knowledge.answer_question("hoe bak ik een taart met kersen", "out_of_scope")
    assert answer.entry_id is None
    assert "geen goed antwoord" in text_of(answer)
    assert "/request_human" in payloads(answer)


def test_a_button_payload_gets_a_menu_not_a_guess() -> None:
    answer = knowledge.answer_question("/ask_background", "ask_background")
    assert answer.entry_id is None
    assert all(p.startswith("/ask_about") or p == "/request_human" for p in payloads(answer))


def test_privacy_answer_names_the_retention_period() -> None:
    answer = knowledge.answer_question("wat bewaren jullie", "ask_privacy")
    assert "Na 90 dagen" in text_of(answer)


def test_follow_up_is_about_the_last_entry() -> None:
    answer = knowledge.answer_followup("en is dat gratis?", "ask_cost", last_entry="taalhuis")
    assert answer.entry_id == "taalhuis"
    assert "Meestal gratis" in text_of(answer)


def test_follow_up_that_names_a_subject_is_about_that_subject() -> None:
    answer = knowledge.answer_followup("is evc gratis", "ask_cost", last_entry="taalhuis")
    assert answer.entry_id == "evc"


def test_follow_up_without_subject_asks_what_it_is_about() -> None:
    answer = knowledge.answer_followup("hoe meld ik me aan", "ask_how_to_apply", last_entry=None)
    assert answer.entry_id is None
    assert "Waar gaat je vraag over" in text_of(answer)


def test_funding_result_lists_fitting_schemes_with_reasons() -> None:
    answer = knowledge.funding_answer(Profile(45, "loondienst", "omscholen", "mbo2"))
    text = text_of(answer)
    assert "1. Je werkgever of sectorfonds betaalt mee:" in text
    assert "Levenlanglerenkrediet" in text
    assert "STAP" not in text  # ended schemes are never offered
    assert answer.entry_id == "werkgever-en-sectorfonds"


def test_named_entries_are_found_by_synonym() -> None:
    namer = knowledge.EntryNamer(FILES.entries)
    assert namer.find("kan ik llk krijgen") == "levenlanglerenkrediet"
    assert namer.find("wat is bbl eigenlijk") == "mbo-bbl"
    assert namer.find("hallo") is None


def test_suggestions_only_for_plausible_entries() -> None:
    assert knowledge.suggest_entries("qwxz vbnm") == []
    assert knowledge.suggest_entries("/greet") == []
    assert knowledge.suggest_entries("iets met taalhuis ofzo")[0][0] == "taalhuis"
