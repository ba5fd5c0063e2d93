"""python -m bot.places.coverage: how many get a local, regional or national answer."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.kb import KnowledgeBase
from bot.kb.files import load_files
from bot.kb.schema import TOPICS
from bot.places import gazetteer
from bot.places.coverage import Coverage, coverage, main, report

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def cov() -> Coverage:
    files = load_files(ROOT / "kb")
    return coverage(KnowledgeBase(files.entries, files.places), gazetteer())


def test_every_answer_counts_every_municipality(cov: Coverage) -> None:
    assert set(cov.rows) == {"career", "providers", *(f"providers:{t}" for t in TOPICS)}
    for name in cov.rows:
        assert sum(cov.counts(name).values()) == 342, name
    assert sum(cov.counts().values()) == 342


def test_the_kb_places_are_local_and_nobody_is_left_without_a_route(cov: Coverage) -> None:
    files = load_files(ROOT / "kb")
    for place in files.places:
        assert cov.rows["providers"][place.id] == "local"
    assert cov.counts("providers")["local"] == len(files.places)
    # every region has a desk, a school or a KB place: the provider answer is never national-only
    assert cov.counts("providers")["national"] == 0
    assert cov.counts("career")["local"] == 4  # Amsterdam, Enschede, Groningen, Rotterdam


def test_report_and_command(cov: Coverage, capsys: pytest.CaptureFixture[str]) -> None:
    text = report(cov, 342)
    assert "local" in text and "national-only" in text and "career" in text
    assert main([]) == 0
    out = capsys.readouterr().out
    assert "Place answers for 342 municipalities" in out
