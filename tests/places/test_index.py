"""The name index: every spelling of a place, and the one-typo look-up."""

from __future__ import annotations

from bot.places import gazetteer
from bot.places.index import deletions, name_index, one_edit, place_keys


def test_keys_name_their_places() -> None:
    keys = place_keys(gazetteer())
    assert "municipality" in keys["apeldoorn"]
    assert "alias" in keys["den haag"]
    assert "region" in keys["twente"]
    assert "town" in keys["beekbergen"]
    assert "nederland" not in keys  # also a village, never a place in a message


def test_the_index_is_built_once() -> None:
    gaz = gazetteer()
    assert name_index(gaz) is name_index(gaz)
    assert "best" in name_index(gaz).guarded  # a name that is also a word needs a cue


def test_one_edit() -> None:
    assert one_edit("zwolle", "zwole") and one_edit("zwolle", "zowlle")
    assert not one_edit("zwolle", "zwolle") and not one_edit("zwolle", "zwoel")
    assert "zwole" in deletions("zwolle")
