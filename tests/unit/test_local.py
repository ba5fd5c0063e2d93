"""Local provider and career answers from the real KB, without Rasa."""

from __future__ import annotations

from datetime import date

import pytest

from bot.kb import KnowledgeBase
from bot.kb.schema import Place, Provider, Source
from bot.knowledge import questions as knowledge
from bot.places import providers as local
from tests.unit.test_knowledge import FILES, text_of


@pytest.fixture(autouse=True)
def real_kb(monkeypatch) -> None:
    base = KnowledgeBase(FILES.entries, FILES.places)
    monkeypatch.setattr(knowledge, "kb", lambda: base)
    monkeypatch.setattr(local, "kb", lambda: base)


@pytest.mark.parametrize(
    ("text", "slot", "known"),
    [
        ("5211", "s-hertogenbosch", True),
        ("rosmalen", "s-hertogenbosch", True),
        ("Hoogeveen", "Hoogeveen", False),
        ("9999", "9999", False),
    ],
)
def test_interpret_place(text, slot, known) -> None:
    choice = local.interpret_place(text)
    assert choice is not None and choice.slot_value == slot and choice.known is known


@pytest.mark.parametrize("text", ["weet ik niet", "ja", "", "/inform"])
def test_not_a_place(text) -> None:
    assert local.interpret_place(text) is None


def test_local_providers_with_address_and_source() -> None:
    answer = local.providers_answer("zwolle", "rekenen")
    text = text_of(answer)
    assert "Taalpunt Zwolle" in text
    assert "Bron: Gebruiker Centraal" in text
    assert answer.entry_id == "taalhuis"  # "is dat gratis?" then answers about the Taalhuis


def test_no_local_match_says_so_and_offers_national_options() -> None:
    answer = local.providers_answer("Hoogeveen", "lezen")
    assert "nog geen informatie" in text_of(answer)
    payloads = [b.payload for r in answer.replies for b in r.buttons]
    assert '/ask_about{"kb_entry":"gratis-basisvaardigheden"}' in payloads


def test_regional_fallback_is_said_as_such(monkeypatch) -> None:
    source = (Source("Bron", "https://example.org/bron"),)
    school = Provider("mbo", "Regioschool", source, date(2026, 11, 1), topics=("mbo_diploma",))
    village = Place("dorp", "Dorp", "Provincie", "Westregio", True)
    town = Place("stad", "Stad", "Provincie", "Westregio", False, providers=(school,))
    base = KnowledgeBase(FILES.entries, [village, town])
    monkeypatch.setattr(local, "kb", lambda: base)
    text = text_of(local.providers_answer("dorp", "mbo_diploma"))
    assert "In Dorp zelf ken ik geen plek voor een mbo-diploma. In de regio Westregio wel:" in text
    assert "Stad:" in text and "Regioschool" in text


def test_career_route_points_to_the_werkcentrum_with_hours() -> None:
    text = text_of(local.career_answer("groningen"))
    assert "Werkcentrum Groningen Noord-Drenthe" in text
    assert "10.00-16.00" in text
    assert "neem je cv" in text


def test_career_route_without_address_is_honest() -> None:
    text = text_of(local.career_answer("zwolle"))
    assert "Ik heb nog geen adres" in text and "Regio Zwolle" in text
