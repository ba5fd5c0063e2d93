import pytest

from bot.text.values import (
    parse_age,
    parse_education_level,
    parse_goal,
    parse_topic,
    parse_work_situation,
)


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("45", 45),
        ("ik ben 52 jaar", 52),
        ("op me 45e", 45),
        ("vijfenveertig", 45),
        ("achttien", 18),
        ("twintig", 20),
        (33.0, 33),
        ("ik ben 7", None),
        ("geen idee", None),
        ("120", None),
        (None, None),
    ],
)
def test_parse_age(text, age) -> None:
    assert parse_age(text) == age


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("ik werk in loondienst", "loondienst"),
        ("zzp'er", "zzp"),
        ("ik heb bijstand", "uitkering"),
        ("ik zit in de ww", "uitkering"),
        ("ik zoek werk", "werkzoekend"),
        ("uitkerin", "uitkering"),
        ("met pensioen", "gepensioneerd"),
        ("ik ben student", "student"),
        ("loondienst", "loondienst"),
        ("banaan", None),
    ],
)
def test_parse_work_situation(text, value) -> None:
    assert parse_work_situation(text) == value


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("mbo 2", "mbo2"),
        ("mbo niveau 3", "mbo3"),
        ("niveau 4", "mbo4"),
        ("vmbo kader", "vmbo"),
        ("geen diploma", "geen_diploma"),
        ("havo", "havo_vwo"),
        ("universiteit", "hbo_wo"),
        ("hbo_wo", "hbo_wo"),
        ("mbo", "mbo"),  # a level is not needed for the check: plain "mbo" is an answer
        ("ik heb mbo gedaan", "mbo"),
        ("weet ik niet", None),
    ],
)
def test_parse_education_level(text, value) -> None:
    assert parse_education_level(text) == value


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("een diploma halen", "diploma"),
        ("beter leren lezen", "basisvaardigheden"),
        ("ander werk", "omscholen"),
        ("omscholing", "omscholen"),
        ("bijscholen", "bijscholen"),
    ],
)
def test_parse_goal(text, value) -> None:
    assert parse_goal(text) == value


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("beter lezen", "lezen"),
        ("computer", "digitaal"),
        ("nederlands leren", "nederlands"),
        ("rekenen", "rekenen"),
        ("mbo_diploma", "mbo_diploma"),
        ("xyz", None),
    ],
)
def test_parse_topic(text, value) -> None:
    assert parse_topic(text) == value
