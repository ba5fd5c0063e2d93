"""The gazetteer: the CBS tables of kb/nl loaded into typed, cached objects."""

from __future__ import annotations

import csv
import time
from pathlib import Path

import pytest
import yaml

from bot.places import Municipality, gazetteer, load_gazetteer, slugify
from bot.places.gazetteer import KB_NL, Gazetteer, clear_cache, normalize, split_qualifier

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return gazetteer()


def test_counts(gaz: Gazetteer) -> None:
    assert len(gaz.municipalities) == 342
    assert len(gaz.regions) == 35
    assert len(gaz.towns) == 2501
    assert len(gaz.pc4s) == 4073


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("'s-Hertogenbosch", "s-hertogenbosch"),
        ("Súdwest-Fryslân", "sudwest-fryslan"),
        ("'s-Gravenhage", "s-gravenhage"),
        ("Bergen (NH.)", "bergen-nh"),
        ("Bergen (L.)", "bergen-l"),
        ("Oost Gelre", "oost-gelre"),
        ("Nuenen, Gerwen en Nederwetten", "nuenen-gerwen-en-nederwetten"),
        ("Noardeast-Fryslân", "noardeast-fryslan"),
    ],
)
def test_slug(name: str, slug: str, gaz: Gazetteer) -> None:
    assert slugify(name) == slug
    m = gaz.municipality(slug)
    assert m is not None and m.name == name


def test_ids_unique_and_typed(gaz: Gazetteer) -> None:
    ids = [m.id for m in gaz.municipalities]
    assert len(set(ids)) == len(ids)
    codes = [m.code for m in gaz.municipalities]
    assert len(set(codes)) == len(codes)
    m = gaz.municipalities[0]
    assert isinstance(m, Municipality)
    with pytest.raises(AttributeError):
        m.name = "x"  # type: ignore[misc]


def test_matches_the_csv(gaz: Gazetteer) -> None:
    with (KB_NL / "gemeenten_2025.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        m = gaz.municipality(row["gm_code"])
        assert m is not None
        assert (m.name, m.province, m.region_code, m.region_name) == (
            row["name"],
            row["province"],
            row["amr_code"],
            row["amr_name"],
        )


def test_kb_places_ids_exist_with_same_region(gaz: Gazetteer) -> None:
    files = sorted((ROOT / "kb" / "places").glob("*.yml"))
    assert files
    for path in files:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        m = gaz.municipality(doc["id"])
        assert m is not None, f"{path.name}: id {doc['id']} is not a municipality id"
        assert m.id == path.stem == doc["id"]
        assert normalize(m.name) == normalize(doc["name"])
        assert m.region_name == doc["region"], path.name


def test_regions_cover_every_municipality_once(gaz: Gazetteer) -> None:
    seen: list[str] = []
    for region in gaz.regions:
        seen.extend(region.municipality_ids)
        for mid in region.municipality_ids:
            m = gaz.municipality(mid)
            assert m is not None and m.region_code == region.code
    assert sorted(seen) == sorted(m.id for m in gaz.municipalities)
    assert gaz.region_of("apeldoorn").name == "Veluwe Stedendriehoek"
    assert gaz.region("veluwe stedendriehoek") is gaz.region("AM06")
    with pytest.raises(KeyError):
        gaz.region_of("atlantis")


def test_lookups(gaz: Gazetteer) -> None:
    den_haag = gaz.municipality("s-gravenhage")
    assert den_haag is not None
    assert den_haag.display_name == "Den Haag"
    assert gaz.municipality("GM0518") is den_haag
    assert gaz.municipality("0518") is den_haag
    assert gaz.municipality("Den Haag") is den_haag
    assert gaz.municipality("'s-Gravenhage") is den_haag
    assert gaz.municipality("nowhere") is None
    entry = gaz.pc4("7311 AB")
    assert entry is not None and entry.municipality_id == "apeldoorn"
    multi = gaz.pc4("4062")
    assert multi is not None and multi.municipality_id == "tiel"
    assert [mid for mid, _ in multi.others] == ["west-betuwe"]
    assert gaz.pc4("0000") is None
    assert any(t.name == "Rosmalen" for t in gaz.towns_in("s-hertogenbosch"))
    assert len(gaz.municipalities_in("AM06")) == len(gaz.region("AM06").municipality_ids)  # type: ignore[union-attr]


def test_town_qualifiers_and_aliases(gaz: Gazetteer) -> None:
    assert split_qualifier("Bergen (NH.)") == ("Bergen", "NH.")
    assert split_qualifier("Bergen L", town=True) == ("Bergen", "L")
    assert split_qualifier("Bergen L") == ("Bergen L", None)
    ie = [t for t in gaz.towns if t.name == "Ie"]
    assert len(ie) == 1 and ie[0].aliases == ("Ee",)
    hengelo = [t for t in gaz.towns if t.name == "Hengelo (Gld)"]
    assert hengelo[0].base_name == "Hengelo"


def test_aliases_file_is_consistent(gaz: Gazetteer) -> None:
    doc = yaml.safe_load((KB_NL / "aliases.yml").read_text(encoding="utf-8"))
    for mid, extra in doc["municipalities"].items():
        assert gaz.municipality(mid) is not None, mid
        if extra.get("aliases"):
            assert extra.get("seen"), f"{mid}: say where the alias was seen"
    assert gaz.municipality_aliases["s-hertogenbosch"] == ("Den Bosch", "Den Bos")


def test_loaded_once_and_fast() -> None:
    clear_cache()
    start = time.perf_counter()
    first = load_gazetteer()
    elapsed = time.perf_counter() - start
    assert load_gazetteer() is first
    assert load_gazetteer(KB_NL) is first
    assert elapsed < 2.0, f"loading took {elapsed:.2f} s"


def test_readme_has_attribution_and_licence_notes() -> None:
    text = (KB_NL / "README.md").read_text(encoding="utf-8")
    assert "Bron: CBS (CC BY 4.0); Kadaster/PDOK" in text
    assert "CC BY-NC-SA 4.0" in text
    assert "scripts/build_pc4_table.py" in text
