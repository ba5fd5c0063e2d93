"""The editors' report names old checks, unconfirmed facts, rated-down entries and unmet demand."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from bot.kb.report import MIN_CONVERSATIONS, build, markdown
from tests.answering.conftest import ENTRIES


def test_the_report_lists_what_needs_an_editor() -> None:
    entries = [
        replace(ENTRIES[0], checked=date(2024, 1, 1)),
        replace(ENTRIES[1], cost="Onbekend."),
        *ENTRIES[2:],
    ]
    votes = {("taalhuis", "down"): 3, ("taalhuis", "up"): 1}
    unanswered = [("hoe laat gaat de bieb open", MIN_CONVERSATIONS), ("iets eenmaligs", 1)]
    report = build(entries, [], votes, unanswered, date(2026, 12, 1), max_age_days=365)
    assert [e.id for e, _ in report.stale] == ["levenlanglerenkrediet"]
    assert ("werkgever-en-sectorfonds", "cost") in report.unknown_facts
    assert report.rated_down == [("taalhuis", 3, 1)]
    assert report.unanswered == [("hoe laat gaat de bieb open", MIN_CONVERSATIONS)]
    text = markdown(report)
    assert "| levenlanglerenkrediet | 2024-01-01 | 1065 |" in text and "iets eenmaligs" not in text
