"""Provider and career answers for every municipality: local, regional or national, each sourced."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from bot.kb import KnowledgeBase
from bot.kb.files import load_files
from bot.kb.schema import TOPICS
from bot.places import gazetteer, resolve_place
from bot.places.gazetteer import Gazetteer
from bot.places.providers import (
    PlaceAnswer,
    ambiguity_reply,
    career_answer,
    place_question,
    providers_answer,
    topic_for_entry,
)
from bot.places.texts import PHRASES
from bot.replies import Reply

ROOT = Path(__file__).resolve().parents[2]
FILES = load_files(ROOT / "kb")
URL_RE = re.compile(r"https?://[^\s()]+")
SAMPLE_SEED = 20  # issue 20


def _kb_urls() -> set[str]:
    """Every web address written in the curated data (kb/entries, kb/places, kb/nl)."""
    urls: set[str] = set()
    for path in [*(ROOT / "kb").rglob("*.yml"), *(ROOT / "kb" / "nl").glob("*.csv")]:
        urls |= {u.rstrip(".,;'\"") for u in URL_RE.findall(path.read_text(encoding="utf-8"))}
    return urls


KB_URLS = _kb_urls()


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return gazetteer()


@pytest.fixture(scope="module")
def base() -> KnowledgeBase:
    return KnowledgeBase(FILES.entries, FILES.places)


def text_of(answer: PlaceAnswer) -> str:
    return "\n".join(r.text for r in answer.replies)


def urls_in(text: str) -> list[str]:
    return [u.rstrip(".,;") for u in URL_RE.findall(text)]


def assert_sourced_routes(answer: PlaceAnswer, language: str = "nl") -> None:
    """At least one route ("• ..."), every route ends with a source that has a URL, and every
    URL comes from the curated data (never built from a pattern)."""
    main = answer.replies[0].text
    routes = [block for block in re.split(r"\n(?=• )", main) if block.startswith("• ")]
    assert routes, main
    source_word = "Source:" if language == "en" else "Bron:"
    for route in routes:
        # the last line of a route's block is its source (a section may follow after a blank line)
        block = route.split("\n\n")[0]
        last = block.strip().splitlines()[-1].strip()
        assert last.startswith(source_word) and URL_RE.search(last), block
    for url in urls_in(main):
        assert url in KB_URLS or any(k.startswith(url) for k in KB_URLS), url


# ---------------------------------------------------------------------- every municipality


def test_all_342_get_a_providers_and_a_career_answer(base: KnowledgeBase, gaz: Gazetteer) -> None:
    assert len(gaz.municipalities) == 342
    for m in gaz.municipalities:
        region = gaz.region_of(m)
        for answer in (
            providers_answer(m.id, None, base, gaz),
            providers_answer(m.id, "lezen", base, gaz),
            career_answer(m.id, base, gaz),
        ):
            assert answer.layer in ("local", "regional", "national")
            assert answer.municipality == m and answer.region == region
            header = answer.replies[0].text.splitlines()[0]
            assert m.display_name in header and region.name in header and m.province in header
            assert "geen informatie" not in text_of(answer)


def test_a_seeded_sample_of_50_names_place_region_and_sourced_routes(
    base: KnowledgeBase, gaz: Gazetteer
) -> None:
    rng = random.Random(SAMPLE_SEED)
    sample = rng.sample(list(gaz.municipalities), 50)
    for m in sample:
        region = gaz.region_of(m)
        topic = rng.choice([None, *TOPICS])
        for answer in (providers_answer(m.id, topic, base, gaz), career_answer(m.id, base, gaz)):
            text = text_of(answer)
            assert m.display_name in text and region.name in text, text
            assert_sourced_routes(answer)


def test_the_example_of_the_issue(base: KnowledgeBase, gaz: Gazetteer) -> None:
    res = resolve_place("Waar kan ik Nederlands leren? Mijn postcode is 7311", gaz)
    answer = providers_answer(res.municipality_id, "nederlands", base, gaz)
    first = answer.replies[0].text.splitlines()[0]
    assert first == "Je woont in Apeldoorn, in de regio Veluwe Stedendriehoek (Gelderland)."
    assert "Over 7311" not in text_of(answer)
    assert "Taalhuis" in text_of(answer) and answer.layer == "national"


def test_slot_values_of_every_kind_resolve(base: KnowledgeBase, gaz: Gazetteer) -> None:
    for key in ("apeldoorn", "Apeldoorn", "GM0200", "7311", "7311 AB", "Beekbergen"):
        assert providers_answer(key, None, base, gaz).municipality.id == "apeldoorn", key
    assert career_answer("Den Haag", base, gaz).municipality.id == "s-gravenhage"
    assert career_answer("0363", base, gaz).municipality.id == "amsterdam"  # a GM code
    assert career_answer("1945", base, gaz).municipality.id == "beverwijk"  # PC4, not GM1945


# ---------------------------------------------------------------------------- the layers


def test_the_kb_places_give_the_local_layer(base: KnowledgeBase, gaz: Gazetteer) -> None:
    assert len(FILES.places) >= 16
    for place in FILES.places:
        m = gaz.municipality(place.id)
        assert m is not None and m.id == place.id, place.id  # KB ids are gazetteer ids
        answer = providers_answer(place.id, None, base, gaz)
        assert answer.layer == "local", place.id
        assert f"in {m.display_name} zelf" in answer.replies[0].text
        assert_sourced_routes(answer)
        if place.providers_for("lezen"):
            assert providers_answer(place.id, "lezen", base, gaz).layer == "local"


def test_local_providers_keep_address_and_source(base: KnowledgeBase, gaz: Gazetteer) -> None:
    answer = providers_answer("zwolle", "rekenen", base, gaz)
    text = text_of(answer)
    assert "Taalpunt Zwolle" in text and "Bron: Gebruiker Centraal" in text
    assert answer.entry_id == "taalhuis"  # "is dat gratis?" then answers about the Taalhuis
    groningen = text_of(career_answer("groningen", base, gaz))
    assert "Werkcentrum Groningen Noord-Drenthe" in groningen and "10.00-16.00" in groningen
    assert "neem je cv" in groningen


def test_a_neighbour_in_the_region_is_said_as_regional(base: KnowledgeBase, gaz: Gazetteer) -> None:
    answer = career_answer("tynaarlo", base, gaz)  # region Groningen, not a KB place
    text = answer.replies[0].text
    assert answer.layer == "regional"
    assert "loket van je regio" in text
    assert "Werkcentrum Groningen Noord-Drenthe (Werkcentrum), in Groningen" in text


def test_a_regional_desk_gets_its_confirmed_web_address(
    base: KnowledgeBase, gaz: Gazetteer
) -> None:
    text = text_of(career_answer("almelo", base, gaz))  # Leerwerkloket Twente of kb/places
    assert "https://twente.lerenenwerken.nl" in text


def test_a_region_without_a_desk_gets_the_national_site(
    base: KnowledgeBase, gaz: Gazetteer
) -> None:
    answer = career_answer("apeldoorn", base, gaz)
    text = answer.replies[0].text
    assert answer.layer == "national"
    assert "Ik heb nog geen adres van het loket in je regio" in text
    assert "https://www.werkcentrum.nl" in text
    assert "Werkcentrum Veluwe" not in text  # never a name built from a pattern
    assert "Aventus" in text  # the region's mbo school, with its source
    assert "https://www.aventus.nl/vavo_decanen" in text


def test_schools_only_for_their_topics(base: KnowledgeBase, gaz: Gazetteer) -> None:
    assert "Aventus" in text_of(providers_answer("deventer", "mbo_diploma", base, gaz))
    assert "Aventus" not in text_of(providers_answer("deventer", "lezen", base, gaz))


def test_old_sources_say_so(base: KnowledgeBase, gaz: Gazetteer) -> None:
    text = text_of(career_answer("goirle", base, gaz))  # Leerwerkloket Midden-Brabant, c. 2015
    assert "Leerwerkloket Midden-Brabant" in text
    assert "Het kan veranderd zijn." in text


@pytest.mark.parametrize("key", [None, "", "xyzzy", "/inform", "weet ik niet"])
def test_no_place_gives_the_national_layer_and_the_place_question(
    key: str | None, base: KnowledgeBase, gaz: Gazetteer
) -> None:
    for answer in (providers_answer(key, "lezen", base, gaz), career_answer(key, base, gaz)):
        assert answer.layer == "national" and answer.municipality is None
        assert answer.replies[0].text.startswith("Ik weet nog niet waar je woont.")
        assert answer.replies[-1] == place_question("nl")
        assert_sourced_routes(answer)


def test_an_unknown_postcode_asks_for_the_town(base: KnowledgeBase, gaz: Gazetteer) -> None:
    answer = providers_answer("9990", "lezen", base, gaz)  # no addresses: not in the table
    assert answer.layer == "national"
    assert answer.replies[-1].text == "De postcode 9990 vind ik niet. In welke plaats woon je?"


def test_an_ambiguous_name_is_asked_back_with_buttons(base: KnowledgeBase, gaz: Gazetteer) -> None:
    answer = career_answer("Bergen", base, gaz)
    ask = answer.replies[-1]
    payloads = {b.payload for b in ask.buttons}
    assert payloads == {'/inform{"municipality":"bergen-nh"}', '/inform{"municipality":"bergen-l"}'}
    assert ask == ambiguity_reply(resolve_place("Bergen", gaz, expecting_place=True), "nl")


def test_a_region_alone_gives_the_regional_layer_and_asks_the_town(
    base: KnowledgeBase, gaz: Gazetteer
) -> None:
    answer = career_answer("Twente", base, gaz)
    assert answer.layer == "regional" and answer.region is not None
    assert answer.replies[0].text.startswith("Je woont in de regio Twente.")
    assert answer.replies[-1].text.startswith("Twente is een regio.")


# ------------------------------------------------------------------------------- English


def test_english_answers_for_a_sample(base: KnowledgeBase, gaz: Gazetteer) -> None:
    rng = random.Random(SAMPLE_SEED + 1)
    dutch = [p.split("{")[0] for p in PHRASES["nl"].values() if len(p.split("{")[0]) > 12]
    for m in rng.sample(list(gaz.municipalities), 15):
        for answer in (
            providers_answer(m.id, rng.choice([None, *TOPICS]), base, gaz, language="en"),
            career_answer(m.id, base, gaz, language="en"),
        ):
            text = text_of(answer)
            assert text.startswith(f"You live in {m.display_name}, in "), text
            assert "Bron:" not in text and "Source:" in text
            ours = "\n".join(line for line in text.splitlines() if "(in Dutch)" not in line)
            assert not [d for d in dutch if d in ours], text
            assert_sourced_routes(answer, "en")
            titles = [b.title for r in answer.replies for b in r.buttons]
            assert "Talk to an adviser" in titles and "Praat met een adviseur" not in titles
    unknown = career_answer(None, base, gaz, language="en")
    assert unknown.replies[-1] == place_question("en")
    assert place_question("en").text == "Which town do you live in? Or type your postcode."


def test_every_phrase_has_both_languages() -> None:
    assert set(PHRASES["nl"]) == set(PHRASES["en"])


def test_the_dutch_phrases_are_b1() -> None:
    from bot.text.readability import measure

    result = measure("\n".join(PHRASES["nl"].values()))
    assert result.flesch_douma >= 55, result


# -------------------------------------------------------------------------- small helpers


def test_place_question_has_no_buttons() -> None:
    assert place_question() == Reply("In welke plaats woon je? Of typ je postcode.")


@pytest.mark.parametrize(
    ("entry_id", "topic"),
    [
        ("taalhuis", "lezen"),
        ("lezen-en-schrijven", "lezen"),
        ("rekenen", "rekenen"),
        ("digitale-vaardigheden", "digitaal"),
        ("informatiepunt-digitale-overheid", "digitaal"),
        ("nederlands-leren-nieuwkomer", "nederlands"),
        ("nt2-inburgering", "nederlands"),
        ("werkcentrum", "loopbaan"),
        ("leerwerkloket", "loopbaan"),
        ("loopbaancheck", "loopbaan"),
        ("uwv-werk-nl", "loopbaan"),
        ("levenlanglerenkrediet", None),
    ],
)
def test_topic_for_entry(entry_id: str, topic: str | None, base: KnowledgeBase) -> None:
    entry = base.get(entry_id)
    assert entry is not None
    assert topic_for_entry(entry) == topic
