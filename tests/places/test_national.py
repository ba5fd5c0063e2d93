"""National finders: every one resolves to a KB entry and one of its sources, in both languages."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.kb import KnowledgeBase
from bot.kb.files import load_files
from bot.kb.schema import TOPICS
from bot.places.national import (
    CAREER_FINDERS,
    FINDERS,
    TOPIC_FINDERS,
    finder_route,
    national_routes,
    topic_finders,
)

ROOT = Path(__file__).resolve().parents[2]
FILES = load_files(ROOT / "kb")


@pytest.fixture(scope="module")
def base() -> KnowledgeBase:
    return KnowledgeBase(FILES.entries, FILES.places)


@pytest.mark.parametrize("key", sorted(FINDERS))
def test_every_finder_is_quoted_from_the_kb(key: str, base: KnowledgeBase) -> None:
    finder = FINDERS[key]
    entry = base.get(finder.entry_id)
    quoted = base.get(finder.source_entry or finder.entry_id)
    assert entry is not None and quoted is not None
    assert finder.source_url in {s.url for s in quoted.sources}
    if finder.link:
        assert finder.link in {s.url for e in (entry, quoted) for s in e.sources}
    for language, source_word in (("nl", "Bron:"), ("en", "Source:")):
        route = finder_route(finder, base, language)
        assert route is not None
        assert route.entry_id == entry.id
        assert route.lines[-1].strip().startswith(source_word)
        assert finder.source_url in route.lines[-1]


def test_every_topic_and_the_career_answer_have_finders() -> None:
    for topic in (*TOPICS, ""):
        assert TOPIC_FINDERS[topic], topic
        assert set(TOPIC_FINDERS[topic]) <= set(FINDERS)
    assert set(CAREER_FINDERS) <= set(FINDERS)
    assert topic_finders(None) == topic_finders("") == TOPIC_FINDERS[""]
    assert topic_finders("onbekend") == TOPIC_FINDERS[""]


def test_a_finder_without_its_entry_is_left_out() -> None:
    empty = KnowledgeBase([], [])
    assert national_routes(("taalhuis", "werkcentrum"), empty, "nl") == []


def test_the_taalhuis_finder_says_where_to_go(base: KnowledgeBase) -> None:
    (route,) = national_routes(("taalhuis",), base, "nl")
    assert "bibliotheek bij jou in de buurt" in route.text
    assert route.entry_id == "taalhuis"
    (english,) = national_routes(("taalhuis",), base, "en")
    assert "library near you" in english.text


def test_the_dutch_finder_texts_are_b1() -> None:
    from bot.text.readability import measure

    result = measure("\n".join(f.text[0] for f in FINDERS.values()))
    assert not result.problems(), result
