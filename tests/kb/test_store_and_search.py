"""Loading the KB into SQL and searching it, on SQLite and on PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from sqlalchemy import create_engine, text

from bot.kb import KnowledgeBase, load_knowledge_base, store
from bot.kb.files import load_files
from bot.kb.search import K1, PlaceIndex, SearchIndex

ROOT = Path(__file__).resolve().parents[2]
RETRIEVAL_SET = yaml.safe_load((ROOT / "tests" / "kb" / "retrieval_set.yml").read_text())
FILES = load_files(ROOT / "kb")


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request, tmp_path):
    if request.param == "sqlite":
        engine = create_engine(f"sqlite:///{tmp_path / 'kb.db'}", future=True)
    else:
        engine = create_engine(request.getfixturevalue("postgres_url"), future=True)
        store.metadata.drop_all(engine)
    yield engine
    if request.param == "postgresql":
        store.metadata.drop_all(engine)
    engine.dispose()


def test_load_is_idempotent_and_removes_deleted_entries(engine) -> None:
    first = store.save(engine, FILES.entries, FILES.places)
    assert first["entries"]["added"] == len(FILES.entries)
    second = store.save(engine, FILES.entries, FILES.places)
    assert second["entries"] == {
        "added": 0,
        "updated": 0,
        "removed": 0,
        "unchanged": len(FILES.entries),
    }
    third = store.save(engine, FILES.entries[1:], FILES.places[1:])
    assert third["entries"]["removed"] == 1 and third["places"]["removed"] == 1
    with engine.connect() as conn:
        assert (
            conn.execute(text("select count(*) from kb_entries")).scalar_one()
            == len(FILES.entries) - 1
        )


def test_the_store_gives_back_what_was_saved(engine) -> None:
    store.save(engine, FILES.entries, FILES.places)
    entries, places = store.read(engine)
    assert sorted(entries, key=lambda e: e.id) == sorted(FILES.entries, key=lambda e: e.id)
    assert sorted(places, key=lambda p: p.id) == sorted(FILES.places, key=lambda p: p.id)


def test_sql_and_files_give_the_same_top_answers(engine) -> None:
    store.save(engine, FILES.entries, FILES.places)
    from_sql = load_knowledge_base(engine)
    from_files = KnowledgeBase(FILES.entries, FILES.places)
    for case in RETRIEVAL_SET:
        assert [h.entry_id for h in from_sql.search(case["q"])] == [
            h.entry_id for h in from_files.search(case["q"])
        ], case["q"]


def test_retrieval_set_hit_at_3() -> None:
    kb = KnowledgeBase(FILES.entries, FILES.places)
    assert len(RETRIEVAL_SET) >= 80
    hits = sum(
        any(e in [h.entry_id for h in kb.search(case["q"], k=3)] for e in case["expect"])
        for case in RETRIEVAL_SET
    )
    assert hits / len(RETRIEVAL_SET) >= 0.90


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("opleding betalen hoe", "typo"),
        ("schrijfcursus", "compound"),  # not a word of the KB: split into its parts
        ("bieb", "synonym"),
    ],
)
def test_typos_compounds_and_synonyms_find_terms(query, expected) -> None:
    kb = KnowledgeBase(FILES.entries, FILES.places)
    terms = kb._index.query_terms(query)
    if expected == "typo":
        assert "opleid" in terms
    elif expected == "compound":
        assert {"schrijf", "cursus"} <= set(terms)
    else:
        assert "bibliotheek" in terms


def test_never_answers_from_nothing() -> None:
    kb = KnowledgeBase(FILES.entries, FILES.places)
    assert kb.search("qwxz vbnm") == []
    weak = [h for h in kb.search("pizza bestellen vanavond") if kb.is_confident(h)]
    assert weak == []


@pytest.mark.parametrize(
    ("text", "place_id"),
    [
        ("5211", "s-hertogenbosch"),
        ("5211 AB", "s-hertogenbosch"),
        ("den bosch", "s-hertogenbosch"),
        ("ik woon in Rosmalen", "s-hertogenbosch"),
        ("zwole", "zwolle"),
        ("Sneek", "sudwest-fryslan"),
        ("groenlo", "oost-gelre"),
        ("Zierikzee", "schouwen-duiveland"),
        ("Súdwest-Fryslân", "sudwest-fryslan"),
    ],
)
def test_places_resolve_names_aliases_villages_and_postcodes(text, place_id) -> None:
    place = PlaceIndex(FILES.places).resolve(text)
    assert place is not None and place.id == place_id


@pytest.mark.parametrize("text", ["9999", "hoogeveen", "ik weet het niet"])
def test_unknown_places_resolve_to_nothing(text) -> None:
    assert PlaceIndex(FILES.places).resolve(text) is None


def test_providers_filter_by_topic() -> None:
    zwolle = PlaceIndex(FILES.places).resolve("zwolle")
    assert all("rekenen" in p.topics for p in zwolle.providers_for("rekenen"))
    assert zwolle.providers_for(None) == list(zwolle.providers)


@pytest.mark.parametrize("query", ["geld lenen voor een opleiding", "taalhuis bibliotheek", "xyz"])
def test_the_postings_score_every_entry_as_bm25_over_its_fields_does(query: str) -> None:
    index = SearchIndex(FILES.entries)
    terms = [t for t in index.query_terms(query) if t in index.idf]
    expected = {}
    for entry_id, doc in index.docs.items():
        raw = sum(
            index.idf[t] * doc[t] * (K1 + 1) / (doc[t] + index.norms[entry_id])
            for t in terms
            if t in doc
        )
        if raw > 0:
            expected[entry_id] = raw
    found = {hit.entry_id: hit.raw for hit in index.search(query, k=len(index.docs))}
    assert found.keys() == expected.keys()
    assert all(abs(found[i] - expected[i]) < 1e-9 for i in found)
