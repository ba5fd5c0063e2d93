"""Names in a message: tokens, cues and what a span names."""

from __future__ import annotations

from bot.places import gazetteer
from bot.places.index import name_index
from bot.places.matching import exact_matches, province_spans, tokenize, typo_matches


def test_tokens_are_folded_with_spans() -> None:
    tokens = tokenize("Ik woon in Súdwest-Fryslân!")
    assert [t.norm for t in tokens] == ["ik", "woon", "in", "sudwest", "fryslan"]
    assert (tokens[3].start, tokens[4].end) == (11, 26)


def test_cue_rules() -> None:
    index = name_index(gazetteer())
    assert [m.key for m in exact_matches(index, tokenize("ik woon in best"), False)] == ["best"]
    assert list(exact_matches(index, tokenize("dat is het beste idee"), False)) == []
    assert list(exact_matches(index, tokenize("Best."), False)) == []
    assert [m.key for m in exact_matches(index, tokenize("Best."), True)] == ["best"]


def test_one_typo_and_provinces() -> None:
    gaz = gazetteer()
    matches = list(typo_matches(name_index(gaz), gaz, tokenize("ik woon in Apeldorn"), False))
    assert matches and matches[0].key == "apeldoorn" and matches[0].typo
    assert province_spans(tokenize("bergen in noord holland")) == [(2, 4, "Noord-Holland")]
