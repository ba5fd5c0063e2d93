"""Editing places: the provider check in Dutch, versions with undo, the live reload of a
running engine's places, and the export back to kb/places/ (byte for byte, round trip)."""

from __future__ import annotations

import shutil
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
import yaml
from sqlalchemy import create_engine

from bot.kb import KnowledgeBase, live, place_versions, store
from bot.kb.files import load_files
from bot.kb.places_yaml import export_places, place_mapping, provider_mapping
from bot.kb.provider_check import BAD, FUTURE, REQUIRED, STALE, check_provider
from bot.places import gazetteer
from bot.places.providers import providers_answer

ROOT = Path(__file__).resolve().parents[2]
FILES = load_files(ROOT / "kb")
TODAY = date(2026, 12, 1)
GOOD = {
    "type": "taalhuis",
    "name": "Testaanbieder Taalcafé",
    "topics": ["lezen", "nederlands"],
    "address": None,
    "url": "https://example.org/taalcafe",
    "phone": None,
    "email": None,
    "hours": "Dinsdag 10.00-12.00",
    "note": "Je oefent met een vrijwilliger.",
    "sources": [{"name": "Voorbeeldbron", "url": "https://example.org/bron"}],
    "checked": "2026-11-30",
}


@pytest.fixture
def db(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'kb.db'}", future=True)
    store.save(engine, FILES.entries, FILES.places)
    yield engine
    engine.dispose()


def zwolle(engine):
    return place_versions.read_place(engine, "zwolle")


def with_provider(place, mapping):
    checked = check_provider(mapping, place.id, TODAY)
    assert checked.ok, checked.errors
    return replace(place, providers=(*place.providers, checked.provider))


def test_a_good_provider_passes_the_kb_check() -> None:
    checked = check_provider(GOOD, "zwolle", TODAY)
    assert checked.ok and checked.provider.name == "Testaanbieder Taalcafé"
    assert checked.provider.checked == date(2026, 11, 30)


@pytest.mark.parametrize(
    ("change", "field", "text"),
    [
        ({"url": "www.example.org zonder https"}, "url", BAD["url"]),
        ({"name": ""}, "name", REQUIRED["name"]),
        ({"type": "kroeg"}, "type", BAD["type"]),
        ({"topics": ["koken"]}, "topics", BAD["topics"]),
        ({"checked": "30-11-2026"}, "checked", BAD["checked"]),
        ({"checked": None}, "checked", REQUIRED["checked"]),
        ({"checked": "2027-01-01"}, "checked", FUTURE),
        ({"sources": []}, "source_name", REQUIRED["source_name"]),
        ({"sources": [{"name": "Bron", "url": "geen-adres"}]}, "source_url", BAD["source_url"]),
        ({"sources": [{"name": "", "url": "https://example.org/"}]}, "source_name",
         REQUIRED["source_name"]),
    ],
)  # fmt: skip
def test_every_error_is_dutch_and_on_its_field(change, field, text) -> None:
    checked = check_provider({**GOOD, **change}, "zwolle", TODAY)
    assert not checked.ok and checked.provider is None
    assert text in checked.errors[field], checked.errors
    assert all(
        "must" not in t and "required" not in t for ts in checked.errors.values() for t in ts
    )


def test_an_old_date_is_a_notice_not_an_error() -> None:
    checked = check_provider({**GOOD, "checked": "2025-01-01"}, "zwolle", TODAY)
    assert checked.ok and checked.notices == {"checked": [STALE]}


def test_the_kb_check_and_the_form_check_agree_on_a_bad_url(tmp_path) -> None:
    """The same reading as `python -m bot.kb check`: a bad URL is an error in both."""
    kb = tmp_path / "kb"
    (kb / "places").mkdir(parents=True)
    (kb / "entries").mkdir()
    bad = {**GOOD, "url": "htp:/kapot"}
    data = place_mapping(replace(FILES.places[0], providers=()))
    data["providers"] = [bad]
    (kb / "places" / f"{data['id']}.yml").write_text(yaml.safe_dump(data, allow_unicode=True))
    assert "providers[0].url" in {p.field for p in load_files(kb, today=TODAY).errors}
    assert check_provider(bad, data["id"], TODAY).errors == {"url": [BAD["url"]]}


def test_publish_is_versioned_and_undo_steps_back(db) -> None:
    before = zwolle(db)
    assert place_versions.version(db) == 0 and not place_versions.can_undo(db, "zwolle")
    first = place_versions.publish(db, with_provider(before, GOOD), "redacteur", "toegevoegd")
    assert place_versions.version(db) == first
    assert zwolle(db).providers[-1].name == "Testaanbieder Taalcafé"
    second = place_versions.publish(
        db, with_provider(before, {**GOOD, "name": "Tweede naam"}), "ander", "aangepast"
    )
    history = place_versions.history(db, "zwolle")
    assert [(v.action, v.author) for v in history] == [
        ("edit", "ander"), ("edit", "redacteur"), ("start", "kb/places")
    ]  # fmt: skip
    assert history[0].id == second and history[0].created_at.tzinfo is not None
    restored = place_versions.undo(db, "zwolle", "redacteur")
    assert restored.providers[-1].name == "Testaanbieder Taalcafé"
    assert zwolle(db) == restored
    assert place_versions.undo(db, "zwolle", "redacteur") == before  # further back
    assert zwolle(db) == before
    assert place_versions.undo(db, "zwolle", "redacteur") is None  # nothing left to undo
    assert place_versions.history(db, "zwolle")[0].summary.startswith("Ongedaan gemaakt")
    assert store.read(db)[1] == place_versions.read_places(db)


def test_the_files_are_written_back_byte_for_byte(tmp_path, db) -> None:
    kb = tmp_path / "kb"  # never the project's own kb/
    shutil.copytree(ROOT / "kb" / "places", kb / "places")
    changed = export_places(db, kb)  # nothing edited: every file stays as it is, ...
    for place in FILES.places:
        before = (ROOT / "kb" / "places" / f"{place.id}.yml").read_text()
        after = (kb / "places" / f"{place.id}.yml").read_text()
        if place.id in changed:  # ... but a YAML alias is written out as its list
            assert "*id001" in before and "*id001" not in after
            assert yaml.safe_load(before) == yaml.safe_load(after)
        else:
            assert before == after
    assert len(changed) <= 1


def test_an_exported_edit_reads_back_the_same(tmp_path, db) -> None:
    kb = tmp_path / "kb"
    shutil.copytree(ROOT / "kb" / "places", kb / "places")
    (kb / "entries").mkdir()
    edited = with_provider(zwolle(db), {**GOOD, "note": "Een lange toelichting. " * 8})
    place_versions.publish(db, edited, "redacteur", "toegevoegd")
    assert "zwolle" in export_places(db, kb)
    again = load_files(kb, today=TODAY)
    assert not again.errors
    assert next(p for p in again.places if p.id == "zwolle") == edited
    assert provider_mapping(edited.providers[-1])["sources"] == GOOD["sources"]


def test_a_running_engine_gets_the_published_place(db) -> None:
    class Holder:  # what the answer engine offers: a `kb` attribute
        kb = KnowledgeBase(*store.read(db))

    clock = [100.0]
    watch = live.PlacesWatch(seconds=10, clock=lambda: clock[0])
    holder = Holder()
    assert not watch.refresh(holder, db)  # nothing edited yet
    name = "Testaanbieder Taalcafé"
    place_versions.publish(db, with_provider(zwolle(db), GOOD), "redacteur", "toegevoegd")
    assert not watch.refresh(holder, db)  # checked at most every 10 seconds
    clock[0] += 11
    assert watch.refresh(holder, db)
    answer = providers_answer("zwolle", "lezen", holder.kb, gazetteer())
    assert answer.layer == "local" and name in " ".join(r.text for r in answer.replies)
    assert holder.kb.entries() == Holder.kb.entries()  # entries untouched
    clock[0] += 11
    assert not watch.refresh(holder, db)  # same version: no reload
