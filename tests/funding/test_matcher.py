"""Funding rules use only the facts they need, and only the facts that are known."""

from __future__ import annotations

from bot.funding.matcher import Profile, match_schemes


def ids(profile: Profile) -> list[str]:
    return [m.entry_id for m in match_schemes(profile)]


def test_employee_gets_employer_routes_first() -> None:
    result = ids(Profile(40, "loondienst", "omscholen", "mbo2"))
    assert result[0] == "werkgever-en-sectorfonds"
    assert {"slim-ontwikkelpaden", "levenlanglerenkrediet"} <= set(result)
    assert "uwv-scholing" not in result


def test_benefits_point_at_uwv_or_the_municipality() -> None:
    assert "uwv-scholing" in ids(Profile(35, "uitkering", "diploma", "vmbo"))
    assert "studeren-met-bijstand" in ids(Profile(35, "uitkering", benefit="bijstand"))
    assert "verwijzing-uwv-ww" in ids(Profile(work_situation="uitkering", benefit="ww"))
    assert "werkgever-en-sectorfonds" not in ids(Profile(35, "uitkering", "diploma", "vmbo"))


def test_age_limits() -> None:
    assert "studiefinanciering-leeftijd" in ids(Profile(25, "student", "diploma", "havo_vwo"))
    assert "studiefinanciering-leeftijd" not in ids(Profile(30, "student", "diploma", "havo_vwo"))
    young = match_schemes(Profile(56, "zzp", "diploma", "mbo4"))
    old = match_schemes(Profile(57, "zzp", "diploma", "mbo4"))
    assert ("levenlanglerenkrediet", "llk_young") in [(m.entry_id, m.phrase) for m in young]
    assert ("levenlanglerenkrediet", "llk_old") in [(m.entry_id, m.phrase) for m in old]


def test_a_sector_names_its_fund() -> None:
    assert "sectorfonds-zorg" in ids(Profile(sector="zorg"))


def test_unknown_facts_use_no_rule_that_needs_them() -> None:
    assert ids(Profile()) == []
    assert ids(Profile(age=41)) == ["levenlanglerenkrediet"]
    assert Profile(age=41).missing() == ("work_situation", "goal", "education_level")


def test_only_known_entries_are_returned() -> None:
    matches = match_schemes(Profile(40, "loondienst", "omscholen", "mbo2"), {"slim-ontwikkelpaden"})
    assert [m.entry_id for m in matches] == ["slim-ontwikkelpaden"]
