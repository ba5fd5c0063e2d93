"""Facts come from statements about the user, in whole sentences; a mention is no fact."""

from __future__ import annotations

import pytest

from bot.answering.facts import Facts, read_facts


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ik ben 41 en werk in een fabriek", {"age": 41, "work_situation": "loondienst"}),
        ("ik werk bij de gemeente", {"work_situation": "loondienst"}),
        ("ik ben eenenveertig", {"age": 41}),
        ("op mijn 56e nog leren?", {"age": 56}),
        ("ik heb bijstand", {"work_situation": "uitkering", "benefit": "bijstand"}),
        ("bijstand", {"work_situation": "uitkering", "benefit": "bijstand"}),
        ("ik zit in de ww", {"work_situation": "uitkering", "benefit": "ww"}),
        ("ik ben zzp'er in de bouw", {"work_situation": "zzp", "sector": "bouw"}),
        ("ik werk in de thuiszorg", {"work_situation": "loondienst", "sector": "zorg"}),
        ("ik heb mbo 3 gedaan", {"education_level": "mbo3"}),
        ("ik heb mbo", {"education_level": "mbo"}),
        ("ik heb geen diploma", {"education_level": "geen_diploma", "goal": "diploma"}),
        ("ik wil omscholen naar de techniek", {"goal": "omscholen", "sector": "techniek"}),
        ("I'm 34 and self-employed", {"age": 34, "work_situation": "zzp"}),
        ("I get WW from UWV", {"work_situation": "uitkering", "benefit": "ww"}),
        ("i am on social assistance", {"work_situation": "uitkering", "benefit": "bijstand"}),
        ("nee ik bedoel bijstand, niet ww", {"work_situation": "uitkering", "benefit": "bijstand"}),
        ("zesenvijftig", {"age": 56}),  # the whole message is a number: an answer to "hoe oud?"
        ("56 jaar", {"age": 56}),
    ],
)
def test_statements_give_facts(text: str, expected: dict) -> None:
    assert read_facts(text).known() == expected


@pytest.mark.parametrize(
    "text",
    [
        "wat is de ww?",
        "hoeveel kost een cursus van 45 euro",
        "wat is een werkgever",
        "de bus van 12 uur",
        "nodig",
        "I get a lot of questions",
        "dertien",
        "7411",
    ],
)
def test_mentions_are_not_facts(text: str) -> None:
    found = read_facts(text).known()
    assert "age" not in found and found.get("work_situation") in (None,)


def test_newer_facts_win_and_older_ones_stay() -> None:
    old = Facts(age=58, work_situation="loondienst")
    assert old.merged(Facts(age=48)).known() == {"age": 48, "work_situation": "loondienst"}
