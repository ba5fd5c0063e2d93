"""Find the user's place in a message: a municipality, an everyday name, a town, a postcode.

`resolve_place("Mijn postcode is 7311 AB", gazetteer())` -> Apeldoorn, region Veluwe
Stedendriehoek. Case and accents do not matter, nor "'s"/"s-" spellings; a name of 6 or more
letters may have one typo. Town names that are also ordinary words ("Best", "Hoorn", "Echt")
only count after a locative cue ("in", "bij", "uit", "gemeente", ...) or when the message is
little more than the name; a bare "Best." counts only with expecting_place=True.

The work is split by job: bot/places/words.py (the word lists), index.py (the name index),
matching.py (names in a message), postcodes.py (postcodes in a message), resolution.py (the
result). This module puts them together and re-exports what callers and tools use.
"""

from __future__ import annotations

from bot.places.gazetteer import Gazetteer
from bot.places.index import deletions as _deletions
from bot.places.index import name_index, place_keys
from bot.places.index import one_edit as _one_edit
from bot.places.matching import exact_matches, resolution_from_match, tokenize, typo_matches
from bot.places.postcodes import read_postcode
from bot.places.resolution import NOTHING, Candidate, Kind, Resolution, Status
from bot.places.words import MIN_TYPO_LETTERS, MIN_TYPO_TOKEN, REPLY_WORDS

__all__ = [
    "MIN_TYPO_LETTERS",
    "MIN_TYPO_TOKEN",
    "NOTHING",
    "REPLY_WORDS",
    "Candidate",
    "Kind",
    "Resolution",
    "Status",
    "_deletions",
    "_one_edit",
    "place_keys",
    "resolve_place",
]


def resolve_place(text: str, gazetteer: Gazetteer, *, expecting_place: bool = False) -> Resolution:
    """The place in `text`: a postcode first, else a municipality, alias, region or town name.

    expecting_place: the assistant has just asked where the user lives, so a one-word answer
    that is also an ordinary reply ("Best", "Echt", "Een") is taken as the place.
    Never raises for odd input; returns `NOTHING` (status "none") when there is no place.
    """
    if not text or not text.strip():
        return NOTHING
    text = text[:2000]
    index = name_index(gazetteer)
    tokens = tokenize(text)
    postcode = read_postcode(gazetteer, text, tokens)
    if postcode is not None and postcode.status == "found":
        return postcode
    matches = list(exact_matches(index, tokens, expecting_place))
    if not matches:
        matches = list(typo_matches(index, gazetteer, tokens, expecting_place))[:1]
    if matches:
        return resolution_from_match(gazetteer, matches[0], text, tokens, matches[1:])
    return postcode or NOTHING
