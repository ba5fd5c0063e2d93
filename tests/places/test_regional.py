"""Career desks and mbo schools per region: only what regio_loketten.csv and regio_mbo.csv say."""

from __future__ import annotations

import csv

import pytest

from bot.kb.schema import TOPICS
from bot.places import career_desks, gazetteer, national_portals
from bot.places.gazetteer import KB_NL, Gazetteer
from bot.places.regional import all_desks, all_schools, mbo_schools, regions_with_desks


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return gazetteer()


def _csv_rows() -> list[dict[str, str]]:
    with (KB_NL / "regio_loketten.csv").open(encoding="utf-8", newline="") as handle:
        return [r for r in csv.DictReader(handle) if r["scope"] in ("regional", "national")]


def test_file_read_whole(gaz: Gazetteer) -> None:
    rows = _csv_rows()
    assert len(all_desks(gaz)) == len(rows) == 17
    assert len(national_portals(gaz)) == 3
    assert len(regions_with_desks(gaz)) == 13
    assert regions_with_desks(gaz) == tuple(
        sorted({r["amr_code"] for r in rows if r["scope"] == "regional"})
    )


def test_every_region_gets_an_honest_layer(gaz: Gazetteer) -> None:
    confirmed = set(regions_with_desks(gaz))
    for region in gaz.regions:
        desks = career_desks(region, gaz)
        assert desks.region == region
        assert desks.national == national_portals(gaz)
        if region.code in confirmed:
            assert desks.layer == "regional"
            assert desks.desks == desks.regional
            assert all(d.region_code == region.code for d in desks.regional)
        else:
            assert desks.layer == "national" and desks.regional == ()
            assert desks.desks == desks.national
        for desk in desks.desks:
            assert desk.source_url.startswith("http")
            assert desk.source_date
        assert desks.links, "there is always a web address to give"


def test_regional_desk_fields(gaz: Gazetteer) -> None:
    twente = career_desks("AM05", gaz)
    assert twente.layer == "regional"
    assert twente.regional[0].name == "Leerwerkloket Twente"
    groningen = career_desks("Groningen", gaz)
    desk = groningen.regional[0]
    assert desk.name == "Werkcentrum Groningen Noord-Drenthe"
    assert desk.web_address is None  # the source gives none: none is made up
    assert desk.source_date == "2025-10-31"
    assert groningen.links == groningen.national  # only the national sites have addresses


def test_no_web_address_that_the_file_does_not_have(gaz: Gazetteer) -> None:
    in_file = {r["web_address"] for r in _csv_rows() if r["web_address"]}
    for region in gaz.regions:
        for desk in career_desks(region, gaz).links:
            assert desk.web_address in in_file


def test_region_for_a_resolved_place(gaz: Gazetteer) -> None:
    from bot.places import resolve_place

    res = resolve_place("ik woon in Apeldoorn", gaz)
    assert res.region is not None
    desks = career_desks(res.region, gaz)
    assert desks.region.name == "Veluwe Stedendriehoek"
    assert desks.layer == "national"
    assert {d.web_address for d in desks.links} >= {"https://www.werkcentrum.nl"}


def test_unknown_region(gaz: Gazetteer) -> None:
    with pytest.raises(KeyError):
        career_desks("AM99", gaz)


def test_every_desk_row_names_a_real_region(gaz: Gazetteer) -> None:
    for desk in all_desks(gaz):
        if desk.scope == "regional":
            region = gaz.region(desk.region_code or "")
            assert region is not None and region.name == desk.region_name, desk


# ------------------------------------------------------------------------------ mbo schools


def _school_rows() -> list[dict[str, str]]:
    with (KB_NL / "regio_mbo.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_schools_file_read_whole(gaz: Gazetteer) -> None:
    schools = all_schools(gaz)
    assert len(schools) == len(_school_rows()) == 29
    assert len({s.region_code for s in schools}) == 26


def test_every_school_is_sourced_and_in_a_real_region(gaz: Gazetteer) -> None:
    for school in all_schools(gaz):
        region = gaz.region(school.region_code)
        assert region is not None and region.name == school.region_name, school
        assert school.source_url.startswith("http") and school.source_date
        assert school.type in ("ROC", "AOC", "mbo")
        assert school.topics and set(school.topics) <= set(TOPICS), school
        assert bool(school.note_nl) == bool(school.note_en), school


def test_a_school_web_address_is_one_that_was_seen(gaz: Gazetteer) -> None:
    """Only an address from the source page, its host, or one the basis column names."""
    for school in all_schools(gaz):
        if school.web_address:
            host = school.web_address.rstrip("/")
            assert (
                host in school.source_url
                or host in school.web_address_basis
                or ("printed" in school.web_address_basis or "facts" in school.web_address_basis)
            ), school


def test_schools_of_a_region(gaz: Gazetteer) -> None:
    names = [s.name for s in mbo_schools("Veluwe Stedendriehoek", gaz)]
    assert names == ["Aventus"]
    assert [s.name for s in mbo_schools("AM23", gaz, "nederlands")] == ["Da Vinci College"]
    assert mbo_schools("AM06", gaz, "lezen") == ()
    with pytest.raises(KeyError):
        mbo_schools("AM99", gaz)


def test_schools_file_may_be_missing(tmp_path) -> None:
    import shutil

    from bot.places.gazetteer import load_gazetteer

    for path in KB_NL.iterdir():
        if path.name != "regio_mbo.csv":
            shutil.copy(path, tmp_path / path.name)
    assert all_schools(load_gazetteer(tmp_path)) == ()
