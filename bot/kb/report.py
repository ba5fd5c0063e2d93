"""The editors' report (`make kb-report`): what in the KB needs an editor's attention.

Entries by the age of their check, the gaps the files name (facts no source confirmed),
entries users rated down, and questions the assistant could not answer (from the insights).
Counts of conversations only; no message of a user is shown unless at least
`MIN_CONVERSATIONS` conversations asked it (the insights' small-count rule).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from bot.kb.schema import Entry, Place

UNKNOWN_WORDS = ("onbekend", "weten we niet", "is niet bekend", "niet zeker")
MIN_CONVERSATIONS = 5


@dataclass(frozen=True)
class EditorsReport:
    today: date
    by_age: list[tuple[Entry, int]]  # (entry, days since checked), oldest first
    stale: list[tuple[Entry, int]]
    unknown_facts: list[tuple[str, str]]  # (entry id, field) that says "Onbekend"
    place_gaps: list[tuple[str, str]]  # (place id, gap)
    rated_down: list[tuple[str, int, int]]  # (entry id, down, up)
    unanswered: list[tuple[str, int]]  # (question, conversations)


def build(
    entries: Iterable[Entry], places: Iterable[Place], votes: dict[tuple[str | None, str], int],
    unanswered: list[tuple[str, int]], today: date, max_age_days: int,
) -> EditorsReport:  # fmt: skip
    entries = list(entries)
    by_age = sorted(((e, (today - e.checked).days) for e in entries), key=lambda x: -x[1])
    unknown = [
        (e.id, name) for e in entries
        for name in ("cost", "for_whom", "how_to_apply", "where", "deadline")
        if any(word in e.facet(name).lower() for word in UNKNOWN_WORDS)
    ]  # fmt: skip
    rated = sorted(
        ((entry_id, votes.get((entry_id, "down"), 0), votes.get((entry_id, "up"), 0))
         for entry_id in {i for i, v in votes if i and v == "down"}),
        key=lambda x: -x[1],
    )  # fmt: skip
    return EditorsReport(
        today=today,
        by_age=by_age,
        stale=[(e, days) for e, days in by_age if days > max_age_days],
        unknown_facts=unknown,
        place_gaps=[(p.id, gap) for p in places for gap in p.gaps],
        rated_down=rated,
        unanswered=[(q, n) for q, n in unanswered if n >= MIN_CONVERSATIONS],
    )


def markdown(report: EditorsReport) -> str:
    lines = [f"# KB editors' report ({report.today.isoformat()})", ""]
    lines += [f"## Checked longest ago ({len(report.stale)} older than the set age)", "",
              "| entry | checked | days |", "|---|---|---|"]  # fmt: skip
    lines += [f"| {e.id} | {e.checked} | {days} |" for e, days in report.by_age[:25]]
    lines += ["", f"## Facts no source confirmed ({len(report.unknown_facts)})", ""]
    lines += [f"- {entry_id}: {field}" for entry_id, field in report.unknown_facts]
    lines += ["", f"## Gaps in the places ({len(report.place_gaps)})", ""]
    lines += [f"- {place}: {gap}" for place, gap in report.place_gaps]
    lines += [
        "",
        "## Rated down by users (conversations)",
        "",
        "| entry | 👎 | 👍 |",
        "|---|---|---|",
    ]
    lines += [f"| {entry_id} | {down} | {up} |" for entry_id, down, up in report.rated_down]
    lines += [
        "",
        f"## Questions the assistant could not answer (asked in {MIN_CONVERSATIONS}+ conversations)",
        "",
    ]
    lines += [f"- {question} ({n})" for question, n in report.unanswered] or ["- none yet"]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    from bot.config.db import get_engine
    from bot.config.settings import get_settings
    from bot.handoff import feedback
    from bot.insights.report import report_for
    from bot.kb.files import load_files

    parser = argparse.ArgumentParser(prog="python -m bot.kb.report", description=__doc__)
    parser.add_argument("--out", type=Path, help="write the report here (else print it)")
    args = parser.parse_args(argv)
    settings = get_settings()
    files = load_files(settings.kb_dir)
    engine = get_engine()
    try:
        votes, unanswered = feedback.counts(engine), report_for(engine).unanswered
    except Exception:  # no conversations stored yet (a fresh database)
        votes, unanswered = {}, []
    text = markdown(
        build(
            files.entries, files.places, votes, unanswered, date.today(), settings.kb_max_age_days
        )
    )
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
