"""The demo page in Dutch and English (no browser)."""

from __future__ import annotations

from bot.web.widget import PAGE_TEXTS, demo_html


def test_dutch_is_the_default_and_unknown_languages_fall_back_to_it() -> None:
    for language in ("nl", "xx", ""):
        page = demo_html("zwolle", "http://localhost:5005", language)
        assert '<html lang="nl">' in page and 'data-lang="nl"' in page
        assert "Gemeente Zwolle: leren en werken" in page
        assert 'href="/demo?gemeente=zwolle&amp;taal=en" lang="en"' in page


def test_english_page_and_widget() -> None:
    page = demo_html("groningen", "http://localhost:5005", "en")
    assert '<html lang="en">' in page and 'data-lang="en"' in page
    assert "Municipality of Groningen: learning and work" in page
    assert '<input type="hidden" name="taal" value="en">' in page
    assert "{{" not in page


def test_every_language_has_every_text() -> None:
    keys = set(PAGE_TEXTS["nl"])
    assert all(set(texts) == keys for texts in PAGE_TEXTS.values())


def test_values_are_escaped() -> None:
    page = demo_html("<script>", 'http://x"><script>', "en")
    assert "<script>alert" not in page and "http://x&quot;&gt;&lt;script&gt;" in page
    assert 'data-municipality="zwolle"' in page  # an unknown municipality: the default
