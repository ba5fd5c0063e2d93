"""Entries named literally: the longest name wins, wherever it is in the text."""

from __future__ import annotations

import pytest

from bot.knowledge.naming import EntryNamer, _name_pattern
from bot.text.normalise import fold_keep_length, normalise
from tests.answering.conftest import ENTRIES


@pytest.fixture(scope="module")
def namer() -> EntryNamer:
    return EntryNamer(ENTRIES)


def test_a_title_a_synonym_or_an_id_names_its_entry(namer: EntryNamer) -> None:
    assert namer.find("wat is het levenlanglerenkrediet?") == "levenlanglerenkrediet"
    assert namer.find("kan ik de LLK krijgen") == "levenlanglerenkrediet"
    assert namer.find("bestaat stap budget nog") == "stap-budget"
    assert namer.find("hoe bak ik een taart") is None
    assert namer.find("taalhuis of levenlanglerenkrediet", kinds=("service",)) == "taalhuis"


@pytest.mark.parametrize(
    "text",
    ["studeren met bijstand in de bijstand", "het sectorfonds zorg en de zorg", "omscholen naar de zorg?",
     "x", "Scholing voor zzp'ers!"],
)  # fmt: skip
def test_only_trying_names_whose_first_word_occurs_finds_what_trying_all_finds(
    namer: EntryNamer, text: str
) -> None:
    names = sorted(
        {
            (normalise(n), e.id)
            for e in ENTRIES
            for n in (e.title, e.id.replace("-", " "), *e.synonyms)
        },
        key=lambda item: -len(item[0]),
    )
    folded = fold_keep_length(text)
    expected = next((i for phrase, i in names if _name_pattern(phrase).search(folded)), None)
    assert namer.find(text) == expected
