"""KB file validation: every problem is reported with file and field."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml

from bot.kb.__main__ import main as kb_cli
from bot.kb.files import load_files

ROOT = Path(__file__).resolve().parents[2]
GOOD_ENTRY = {
    "id": "voorbeeld",
    "kind": "funding",
    "title": "Voorbeeld",
    "summary": "Een korte tekst.",
    "details": "Meer uitleg.",
    "for_whom": "Iedereen.",
    "cost": "Gratis.",
    "how_to_apply": "Vraag het aan.",
    "organisation": "DUO",
    "sources": [{"name": "DUO", "url": "https://duo.nl/"}],
    "checked": "2026-11-01",
    "status": "active",
    "tags": ["geld"],
    "synonyms": [],
    "related": [],
    "easy_summary": "Een korte tekst. Voor iedereen.",
    "translations": {"en": {"title": "Example", "summary": "A short text."}},
    "questions": [{"text": f"vraag {i}", "from": "own"} for i in range(7)]
    + [{"text": "kan ik geld lenen", "from": "https://duo.nl/particulier/"}],
}


@pytest.fixture
def kb(tmp_path: Path) -> Path:
    return tmp_path / "kb"


def write(kb: Path, folder: str, name: str, data: dict | str) -> None:
    (kb / folder).mkdir(parents=True, exist_ok=True)
    text = data if isinstance(data, str) else yaml.safe_dump(data, allow_unicode=True)
    (kb / folder / f"{name}.yml").write_text(text)


def problems(kb: Path) -> set[str]:
    return {str(p) for p in load_files(kb, today=date(2026, 11, 23)).errors}


def test_a_good_entry_has_no_problems(kb) -> None:
    write(kb, "entries", "voorbeeld", GOOD_ENTRY)
    assert problems(kb) == set()


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"title": ""}, "kb/entries/voorbeeld.yml: title: is required"),
        ({"id": "ander"}, "kb/entries/voorbeeld.yml: id: must equal the file name 'voorbeeld'"),
        (
            {"kind": "pizza"},
            "kb/entries/voorbeeld.yml: kind: must be one of funding, route, career, background, service, referral, got 'pizza'",
        ),
        (
            {"checked": "gisteren"},
            "kb/entries/voorbeeld.yml: checked: must be a date YYYY-MM-DD, got 'gisteren'",
        ),
        (
            {"status": "ended"},
            "kb/entries/voorbeeld.yml: ended_on: is required (a date, YYYY-MM-DD)",
        ),
        (
            {"sources": []},
            "kb/entries/voorbeeld.yml: sources: needs at least one source with name and url",
        ),
        (
            {"sources": [{"name": "x", "url": "duo"}]},
            "kb/entries/voorbeeld.yml: sources[0].url: must be a web address (http/https), got 'duo'",
        ),
        (
            {"related": ["bestaat-niet"]},
            "kb/entries/voorbeeld.yml: related: no entry 'bestaat-niet'",
        ),
        (
            {"summary": "woord " * 95},
            "kb/entries/voorbeeld.yml: summary: has 95 words; at most 90 (aim for 80)",
        ),
    ],
)
def test_each_problem_names_file_and_field(kb, change, expected) -> None:
    write(kb, "entries", "voorbeeld", {**GOOD_ENTRY, **change})
    assert expected in problems(kb)


def test_several_problems_are_all_reported(kb) -> None:
    write(kb, "entries", "voorbeeld", {**GOOD_ENTRY, "title": "", "cost": "", "kind": "x"})
    found = problems(kb)
    assert {p.split(": ")[1] for p in found} >= {"title", "cost", "kind"}


def test_invalid_yaml_is_an_error_not_a_crash(kb) -> None:
    write(kb, "entries", "kapot", "id: [unclosed")
    assert any("is not valid YAML" in p for p in problems(kb))


def test_old_entries_are_notices_after_the_configured_age(kb) -> None:
    write(kb, "entries", "voorbeeld", {**GOOD_ENTRY, "checked": "2026-01-01"})
    old = load_files(kb, today=date(2026, 11, 23), max_age_days=300)
    assert not old.errors
    dated = [p for p in old.notices if p.field == "checked"]
    assert [p.message for p in dated] == [
        "2026-01-01 is more than 300 days ago: check the facts again"
    ]
    recent = load_files(kb, today=date(2026, 11, 23), max_age_days=365).notices
    assert not [p for p in recent if p.field == "checked"]


def test_a_check_date_in_the_future_is_an_error(kb) -> None:
    write(kb, "entries", "voorbeeld", {**GOOD_ENTRY, "checked": "2027-01-01"})
    assert any("checked: 2027-01-01 is in the future" in p for p in problems(kb))


def test_an_ended_scheme_needs_its_end_date_and_what_to_do_now(kb) -> None:
    ended = {**GOOD_ENTRY, "status": "ended"}
    write(kb, "entries", "voorbeeld", ended)
    found = problems(kb)
    assert "kb/entries/voorbeeld.yml: ended_on: is required (a date, YYYY-MM-DD)" in found
    assert any(p.startswith("kb/entries/voorbeeld.yml: what_now: is required") for p in found)
    write(kb, "entries", "voorbeeld", {**ended, "ended_on": "2024-01-01", "what_now": "Vraag DUO."})
    assert problems(kb) == set()


def test_new_fields_are_read_and_checked(kb) -> None:
    entry = {
        **GOOD_ENTRY,
        "where": "Op duo.nl.",
        "facet_sources": {"cost": [{"name": "DUO", "url": "https://duo.nl/kosten"}]},
        "translations": {"en": {"title": "Example", "summary": "Short.", "where": "At duo.nl."}},
    }
    write(kb, "entries", "voorbeeld", entry)
    result = load_files(kb, today=date(2026, 11, 23))
    assert not result.errors
    [read] = result.entries
    assert read.facet("where") == "Op duo.nl."
    assert read.sources_for("cost")[0].url == "https://duo.nl/kosten"
    assert read.sources_for("summary") == read.sources
    assert read.translation("en").where == "At duo.nl."
    assert read.translation("ar") is None
    assert len(read.questions) == 8


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"questions": [{"text": "wat is dit", "from": "own"}]}, "questions: has 1 phrasings"),
        ({"questions": [{"text": "x"}] * 8}, "questions[0]: needs text and from"),
        ({"translations": {}}, "translations: needs 'en'"),
        ({"translations": {"en": {"title": "T"}}}, "translations.en.summary: is required"),
        ({"translations": {"english": {"title": "T"}}}, "translations.english: must be a language"),
        ({"easy_summary": ""}, "easy_summary: is required"),
        ({"easy_summary": "woord " * 61}, "easy_summary: has 61 words"),
        ({"facet_sources": {"price": []}}, "facet_sources: unknown facet 'price'"),
        (
            {
                "questions": [
                    {"text": f"vraag {i}", "from": "own", "lang": "Engels"} for i in range(8)
                ]
            },
            "questions[0].lang: must be a language code",
        ),
    ],
)
def test_new_field_problems_name_the_field(kb, change, expected) -> None:
    write(kb, "entries", "voorbeeld", {**GOOD_ENTRY, **change})
    assert any(expected in p for p in problems(kb)), problems(kb)


def test_a_phrasing_teaches_one_entry_and_knows_its_language(kb) -> None:
    english = {"text": "can I borrow money", "from": "own", "lang": "en"}
    write(
        kb, "entries", "voorbeeld", {**GOOD_ENTRY, "questions": [*GOOD_ENTRY["questions"], english]}
    )
    write(kb, "entries", "ander", {**GOOD_ENTRY, "id": "ander"})
    found = problems(kb)
    assert "kb/entries/voorbeeld.yml: questions: 'vraag 0' is also a phrasing of ander" in found
    entry = next(e for e in load_files(kb).entries if e.id == "voorbeeld")
    assert [q.language for q in entry.questions][-2:] == ["nl", "en"]


def test_places_postcodes_must_be_valid_and_not_shared(kb) -> None:
    base = {"name": "A", "province": "P", "region": "R", "rural": False, "providers": []}
    write(kb, "places", "a", {**base, "id": "a", "postcodes": ["1234-1236", "12x4"]})
    write(kb, "places", "b", {**base, "id": "b", "postcodes": ["1236"]})
    found = problems(kb)
    assert any(p.startswith("kb/places/a.yml: postcodes: postcode must be 4 digits") for p in found)
    assert "kb/places/b.yml: postcodes: 1236 is also in a" in found


def test_provider_fields_are_checked(kb) -> None:
    provider = {
        "type": "castle",
        "name": "",
        "topics": ["zwemmen"],
        "sources": [],
        "checked": "2026-11-01",
    }
    write(
        kb,
        "places",
        "a",
        {"id": "a", "name": "A", "province": "P", "region": "R", "providers": [provider]},
    )
    found = problems(kb)
    assert any(p.startswith("kb/places/a.yml: providers[0].type:") for p in found)
    assert "kb/places/a.yml: providers[0].name: is required" in found
    assert any(
        p.startswith("kb/places/a.yml: providers[0].topics: unknown topic 'zwemmen'") for p in found
    )


def test_the_real_kb_is_valid_and_complete() -> None:
    result = load_files(ROOT / "kb")
    assert not result.errors, "\n".join(map(str, result.errors))
    kinds = [e.kind for e in result.entries]
    assert kinds.count("funding") >= 10
    assert kinds.count("route") >= 10
    assert kinds.count("career") >= 6
    assert kinds.count("background") >= 6
    assert len(result.places) >= 12
    assert sum(p.rural for p in result.places) >= 3
    for entry in result.entries:
        assert len(entry.summary.split()) <= 90, entry.id


def test_check_command_exit_codes(kb, capsys) -> None:
    write(kb, "entries", "voorbeeld", GOOD_ENTRY)
    assert kb_cli(["--kb-dir", str(kb), "check"]) == 0
    write(kb, "entries", "voorbeeld", {**GOOD_ENTRY, "title": ""})
    assert kb_cli(["--kb-dir", str(kb), "check"]) == 1
    assert "kb/entries/voorbeeld.yml: title: is required" in capsys.readouterr().out
