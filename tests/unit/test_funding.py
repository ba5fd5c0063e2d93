from bot.funding.matcher import Profile, match_schemes


def ids(profile: Profile) -> list[str]:
    return [m.entry_id for m in match_schemes(profile)]


def test_employee_gets_employer_routes_first() -> None:
    result = ids(Profile(40, "loondienst", "omscholen", "mbo2"))
    assert result[:2] == ["werkgever-en-sectorfonds", "slim-regeling"]
    assert "slim-ontwikkelpaden" in result
    assert "levenlanglerenkrediet" in result
    assert "uwv-scholing" not in result


def test_job_seeker_gets_uwv_and_municipality() -> None:
    result = ids(Profile(35, "uitkering", "diploma", "vmbo"))
    assert {"uwv-scholing", "gemeente-scholing"} <= set(result)
    assert "werkgever-en-sectorfonds" not in result


def test_age_limits() -> None:
    assert "studiefinanciering-leeftijd" in ids(Profile(25, "student", "diploma", "havo_vwo"))
    assert "studiefinanciering-leeftijd" not in ids(Profile(30, "student", "diploma", "havo_vwo"))
    assert "levenlanglerenkrediet" in ids(Profile(56, "zzp", "diploma", "mbo4"))
    assert "levenlanglerenkrediet" not in ids(Profile(57, "zzp", "diploma", "mbo4"))


def test_basic_skills_are_free_for_everyone() -> None:
    assert ids(Profile(70, "gepensioneerd", "basisvaardigheden", "geen_diploma")) == [
        "gratis-basisvaardigheden"
    ]


def test_only_known_entries_are_returned() -> None:
    matches = match_schemes(Profile(40, "loondienst", "omscholen", "mbo2"), {"slim-regeling"})
    assert [m.entry_id for m in matches] == ["slim-regeling"]
    assert all(m.reason for m in matches)
