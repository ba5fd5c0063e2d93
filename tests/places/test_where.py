"""Where the user lives: a slot value of any kind, and the KB places of the region."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.kb import KnowledgeBase
from bot.kb.files import load_files
from bot.places import gazetteer
from bot.places.where import locate, where_of

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("key", "municipality"),
    [
        ("apeldoorn", "apeldoorn"),
        ("GM0200", "apeldoorn"),
        ("0200", "apeldoorn"),  # a GM code without "GM"
        ("7311", "apeldoorn"),  # a PC4
        ("1945", "beverwijk"),  # a PC4, although GM1945 is Berg en Dal
        ("Den Bosch", "s-hertogenbosch"),
        ("Beekbergen", "apeldoorn"),  # a village
    ],
)
def test_locate(key: str, municipality: str) -> None:
    res = locate(key, gazetteer())
    assert res.found and res.municipality_id == municipality


@pytest.mark.parametrize(("key", "status"), [(None, "none"), ("", "none"), ("/inform", "none"),
                                             ("Bergen", "ambiguous"), ("Twente", "region")])  # fmt: skip
def test_locate_not_one_municipality(key: str | None, status: str) -> None:
    assert locate(key, gazetteer()).status == status


def test_where_of_names_the_kb_places_of_the_region() -> None:
    files = load_files(ROOT / "kb")
    base = KnowledgeBase(files.entries, files.places)
    where = where_of("goes", base, gazetteer())
    assert where.place is not None and where.place.id == "goes"
    assert [p.id for p in where.neighbours] == ["schouwen-duiveland"]
    vlissingen = where_of("vlissingen", base, gazetteer())
    assert vlissingen.place is None
    assert {p.id for p in vlissingen.neighbours} == {"goes", "schouwen-duiveland"}
    assert where_of(None, base, gazetteer()).region is None
