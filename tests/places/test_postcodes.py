"""Postcodes in a message, and numbers that are not postcodes."""

from __future__ import annotations

import pytest

from bot.places import gazetteer
from bot.places.matching import tokenize
from bot.places.postcodes import read_postcode


def _read(text: str):
    return read_postcode(gazetteer(), text, tokenize(text))


@pytest.mark.parametrize("text", ["7311", "mijn postcode is 7311", "7311 AB", "7311ab", "in 7311"])
def test_postcodes(text: str) -> None:
    res = _read(text)
    assert res is not None and res.found and res.municipality_id == "apeldoorn"


@pytest.mark.parametrize("text", ["ik verdien 1500 euro", "in 2025 wil ik", "€7311", "7311-7320"])
def test_not_postcodes(text: str) -> None:
    assert _read(text) is None


def test_a_postcode_not_in_the_table() -> None:
    res = _read("postcode 9990")
    assert res is not None and res.status == "unknown" and res.postcode == "9990"
