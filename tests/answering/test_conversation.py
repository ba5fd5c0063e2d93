"""What the conversation adds to a message: follow-ups, open questions, situations, doubts."""

from __future__ import annotations

import pytest

from bot.answering import conversation
from bot.answering.facts import Facts
from bot.answering.retrieval import Candidate

KNOWN = {"studeren-met-bijstand", "studeren-met-ww", "zzp-scholing", "werkgever-en-sectorfonds"}


@pytest.mark.parametrize(
    ("text", "doubt"),
    [
        ("ik loop vast in mijn baan", True),
        ("ik weet niet wat ik wil", True),
        ("past dit werk nog wel bij mij?", True),
        ("I want to switch careers", True),
        ("wat kost een mbo opleiding", False),
        ("ik wil weten wat het taalhuis doet", False),
    ],
)
def test_doubts_about_ones_work_are_recognised(text: str, doubt: bool) -> None:
    assert conversation.career_doubt(text) is doubt


def test_short_replies_complete_an_open_question_and_long_ones_do_not() -> None:
    assert conversation.completes("bijstand", frozenset())
    assert conversation.completes("zesenvijftig", frozenset())
    assert not conversation.completes(
        "ik wil graag weten hoe het zit met de kinderopvang tijdens mijn opleiding", frozenset()
    )


def test_an_open_question_needs_words_of_its_own() -> None:
    assert conversation.open_question("hoe bak ik een taart", frozenset()) == "hoe bak ik een taart"
    assert conversation.open_question("x" * 400, frozenset()) == "x" * 300  # bounded


def test_a_number_word_is_a_fact_not_a_subject() -> None:
    assert conversation.subject_words("zesenvijftig", frozenset()) == []
    assert conversation.subject_words("kinderopvang", frozenset()) == ["kinderopvang"]


def test_a_situation_with_a_question_about_learning_gets_the_situation_entry() -> None:
    said = Facts(work_situation="uitkering", benefit="ww")
    text = "is leren toegestaan, ik heb ww"
    assert conversation.situation_entry(text, said, frozenset(), KNOWN) == "studeren-met-ww"
    assert conversation.situation_entry("hoe laat is het", said, frozenset(), KNOWN) is None


def test_benefit_rules_come_first_only_when_someone_with_a_benefit_asks_whether_they_may_learn() -> (
    None
):
    facts = Facts(work_situation="uitkering", benefit="bijstand")
    text = "mag ik een opleiding doen?"
    assert (
        conversation.benefit_rules_entry(text, "who_may", facts, KNOWN) == "studeren-met-bijstand"
    )
    assert conversation.benefit_rules_entry(text, "cost", facts, KNOWN) is None
    assert conversation.benefit_rules_entry(text, "who_may", Facts(), KNOWN) is None


def test_a_benefit_asked_about_is_a_subject_and_a_benefit_stated_is_a_fact() -> None:
    assert conversation.subject_words("hoeveel ww krijg ik", frozenset(), facts=False) == ["ww"]
    assert conversation.subject_words("ik heb ww", frozenset(), facts=True) == []
    referral = Candidate("verwijzing-uwv-ww", 0.9, 0.8, 0.5, False)  # ranked confidently
    last = "studeren-met-ww"
    assert conversation.is_followup("ik heb ww", referral, True, last, frozenset(), True)
    asked = "hoeveel ww krijg ik eigenlijk?"
    assert not conversation.is_followup(asked, referral, True, last, frozenset(), False)
