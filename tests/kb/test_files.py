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
            "kb/entries/voorbeeld.yml: kind: must be one of funding, route, career, background, service, got 'pizza'",
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


def test_old_and_ended_entries_are_notices(kb) -> None:
    write(
        kb,
        "entries",
        "voorbeeld",
        {**GOOD_ENTRY, "checked": "2024-01-01", "status": "ended", "ended_on": "2024-01-01"},
    )
    result = load_files(kb, today=date(2026, 11, 23))
    assert not result.errors
    assert {p.field for p in result.notices} == {"checked", "status"}


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


def test_check_command_exit_codes(kb, monkeypatch, capsys) -> None:
    import bot.kb.__main__ as cli

    monkeypatch.setattr(cli, "get_settings", lambda: type("S", (), {"kb_dir": kb})())
    write(kb, "entries", "voorbeeld", GOOD_ENTRY)
    assert kb_cli(["check"]) == 0
    write(kb, "entries", "voorbeeld", {**GOOD_ENTRY, "title": ""})
    assert kb_cli(["check"]) == 1
    assert "kb/entries/voorbeeld.yml: title: is required" in capsys.readouterr().out
