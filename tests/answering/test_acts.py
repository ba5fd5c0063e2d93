"""The act of a question decides the grain of the answer."""

from __future__ import annotations

import pytest

from bot.answering.acts import asks_detail, main_act, split_questions


@pytest.mark.parametrize(
    ("text", "act"),
    [
        ("wat is bbl", "what"),
        ("wat kost een mbo opleiding", "cost"),
        ("is het gratis?", "cost"),
        ("hoeveel kan ik per jaar lenen?", "cost"),
        ("hoe vraag ik dat aan?", "how_to_apply"),
        ("hoe schrijf ik me in?", "how_to_apply"),
        ("Kan ik studiefinanciering aanvragen?", "who_may"),
        ("ben ik te oud voor het levenlanglerenkrediet", "who_may"),
        ("waar kan ik een evc doen?", "where"),
        ("bij wie moet ik zijn", "where"),
        ("tot wanneer kan ik me aanmelden", "when"),
        ("wie betaalt mijn cursus", "who_pays"),
        ("how do i apply", "how_to_apply"),
        ("how much does it cost", "cost"),
        # The act asked first decides: "gratis" is how, "waar" is what is asked.
        ("waar kan ik gratis nederlands leren", "where"),
        ("is er iets gratis in de buurt", "cost"),
        ("kan ik nog lenen bij duo", "who_may"),
    ],
)
def test_main_act(text: str, act: str) -> None:
    assert main_act(text) == act


def test_a_message_is_split_into_its_questions() -> None:
    assert split_questions("Wat is BBL? En wat kost het?") == ["Wat is BBL?", "En wat kost het?"]
    assert split_questions("wat is bbl en wat kost het?") == ["wat is bbl", "wat kost het?"]
    assert split_questions("ik heb bijstand en wil een cursus, mag dat?") == [
        "ik heb bijstand en wil een cursus, mag dat?"
    ]
    assert split_questions("kan ik lenen voor een opleiding") == ["kan ik lenen voor een opleiding"]


@pytest.mark.parametrize(
    ("text", "detail"),
    [
        ("wat zijn de openingstijden van het taalhuis", True),
        ("hoe laat is het werkcentrum open op zaterdag", True),
        ("heeft de taalklas ook les op zaterdag", True),
        ("is de cursus al vol", True),
        ("what are the opening hours of the library", True),
        ("hoe laat ik mijn diploma erkennen", False),  # "laten", not a time
        ("ik werk op zaterdag in de supermarkt, kan ik bbl doen", False),
        ("wanneer moet ik me aanmelden", False),  # a deadline the KB does hold
    ],
)
def test_details_no_entry_holds_are_recognised(text: str, detail: bool) -> None:
    assert asks_detail(text) is detail
