"""The phrasebook: languages, dates and region names in words."""

from __future__ import annotations

from datetime import date

from bot.places.texts import (
    format_day,
    language_of,
    region_phrase,
    say,
    source_date_text,
    source_year,
    topic_label,
)


def test_language() -> None:
    assert language_of("en") == language_of("en-GB") == "en"
    assert language_of("nl") == language_of(None) == language_of("fr") == "nl"


def test_region_in_words() -> None:
    assert region_phrase("Veluwe Stedendriehoek", "nl") == "de regio Veluwe Stedendriehoek"
    assert region_phrase("Veluwe Stedendriehoek", "en") == "the Veluwe Stedendriehoek region"
    assert (
        region_phrase("Regio Zwolle", "nl")
        == region_phrase("Regio Zwolle", "en")
        == ("Regio Zwolle")
    )
    header = say(
        "nl", "you_live_in", municipality="Zwolle", region="Regio Zwolle", province="Overijssel"
    )
    assert header == "Je woont in Zwolle, in Regio Zwolle (Overijssel)."


def test_dates() -> None:
    assert format_day(date(2026, 12, 1), "nl") == "1 december 2026"
    assert format_day(date(2026, 12, 1), "en") == "1 December 2026"
    assert source_date_text("2025-10-31", "nl") == "31 oktober 2025"
    assert source_date_text("c. 2017", "en") == "c. 2017"
    assert source_date_text("undated (mentions 2017)", "nl") == "zonder datum"
    assert source_date_text("2024 (strategy 2024-2027)", "nl") == "2027"
    assert source_date_text("c. 2014/2015", "nl") == "c. 2014/2015"
    assert source_year("c. 2014/2015") == 2015
    assert source_year("undated") is None


def test_topics() -> None:
    assert topic_label("digitaal", "nl") == "computer en internet"
    assert topic_label(None, "en") == "learning"
