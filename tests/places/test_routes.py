"""Routes: one place to go, as reply lines that end with the source."""

from __future__ import annotations

from datetime import date

from bot.kb.schema import Provider, Source
from bot.places.regional import CareerDesk, RegionalSchool
from bot.places.routes import desk_route, provider_route, school_route

TODAY = date(2026, 12, 1)


def _desk(**changes: object) -> CareerDesk:
    values: dict = dict(
        scope="regional",
        name="Werkcentrum Proef",
        type="Werkcentrum",
        region_code="AM06",
        region_name="Veluwe Stedendriehoek",
        web_address=None,
        web_address_basis="",
        evidence="",
        source_url="https://example.org/nieuws?utm_source=rss&utm_medium=rss",
        source_date="2025-10-31",
    )
    values.update(changes)
    return CareerDesk(**values)


def test_a_provider_keeps_address_hours_and_source() -> None:
    source = (Source("Bron X", "https://example.org/x"),)
    provider = Provider(
        "taalhuis",
        "Taalhuis Proef",
        source,
        date(2026, 11, 1),
        address="Markt 1, Proef",
        hours="maandag 10-12 uur",
        note="Gratis.",
    )
    route = provider_route(provider, "nl")
    assert route.lines == (
        "• Taalhuis Proef (Taalhuis)",
        "  Markt 1, Proef",
        "  maandag 10-12 uur",
        "  Gratis.",
        "  Bron: Bron X (https://example.org/x), gecontroleerd op 1 november 2026.",
    )
    assert route.entry_id == "taalhuis"
    english = provider_route(provider, "en", "Proef")
    assert english.lines[0] == "• Taalhuis Proef (Taalhuis, language house), in Proef"
    assert "  (in Dutch) maandag 10-12 uur" in english.lines
    assert english.lines[-1].startswith("  Source: Bron X")


def test_a_desk_without_an_address_says_so_and_drops_tracking() -> None:
    route = desk_route(_desk(), "nl", TODAY)
    assert route.lines == (
        "• Werkcentrum Proef (Werkcentrum)",
        "  Het adres heb ik nog niet.",
        "  Bron: https://example.org/nieuws (31 oktober 2025).",
    )


def test_old_and_unfinished_desks_say_so() -> None:
    old = desk_route(_desk(type="Leerwerkloket", source_date="c. 2017"), "nl", TODAY)
    assert "  Dit gegeven is uit 2017. Het kan veranderd zijn." in old.lines
    assert old.lines[0].endswith("(Leerwerkloket)")
    building = desk_route(_desk(type="Werkcentrum (in development, 2023)"), "en", TODAY)
    assert "  This Werkcentrum was being set up in 2025. I do not know if it is open now." in (
        building.lines
    )


def test_a_school_with_towns_note_and_source() -> None:
    school = RegionalSchool(
        region_code="AM15",
        region_name="Noord-Holland Noord",
        name="School Proef",
        type="ROC",
        towns=("Alkmaar", "Hoorn"),
        topics=("mbo_diploma",),
        web_address=None,
        web_address_basis="",
        note_nl="Sinds 2024 samen met een andere school.",
        note_en="Merged with another school since 2024.",
        evidence="",
        source_url="https://example.org/school",
        source_date="undated",
    )
    assert school_route(school, "nl", TODAY).lines == (
        "• School Proef (mbo-school, Alkmaar, Hoorn)",
        "  Sinds 2024 samen met een andere school.",
        "  Bron: https://example.org/school (zonder datum).",
    )
    assert school_route(school, "en", TODAY).lines[1] == "  Merged with another school since 2024."
