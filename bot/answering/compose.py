"""Turn a chosen entry and facet into what the user reads: short, sourced, dated.

The text is the entry's own (B1 Dutch, or its translation); the engine adds only the lines of
bot/answering/phrases.py: the heading of a facet, the source with its date, the status of an
ended scheme and what to do now, and the personal lines from what the user told.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from bot.answering.phrases import MONTHS, phrase
from bot.funding.matcher import Match
from bot.kb.schema import Entry
from bot.replies import Button, Reply, intent_payload

FACET_HEADINGS = {
    "cost": "facet_cost", "for_whom": "facet_for_whom", "how_to_apply": "facet_how_to_apply",
    "where": "facet_where", "deadline": "facet_deadline",
}  # fmt: skip


def format_date(value: date, language: str) -> str:
    months = MONTHS.get(language, MONTHS["nl"])
    return f"{value.day} {months[value.month - 1]} {value.year}"


def title(entry: Entry, language: str) -> str:
    translated = entry.translation(language) if language != "nl" else None
    return translated.title if translated and translated.title else entry.title


def facet_text(entry: Entry, facet: str, language: str) -> str:
    """The facet in `language`, falling back to Dutch when it has no translation."""
    if language != "nl":
        translated = entry.translation(language)
        text = getattr(translated, facet, "") if translated else ""
        if text:
            return text.strip()
    return entry.facet(facet).strip()


def choose_facet(entry: Entry, wanted: Sequence[str]) -> str:
    """The first of `wanted` that the entry has (the summary always exists)."""
    return next((f for f in wanted if entry.facet(f).strip()), "summary")


def source_line(entry: Entry, facet: str, language: str) -> str:
    source = entry.sources_for(facet)[0]
    return phrase(language, "source", name=source.name, url=source.url,
                  date=format_date(entry.checked, language))  # fmt: skip


def status_lines(entry: Entry, language: str) -> list[str]:
    if entry.status != "ended":
        return []
    since = (
        phrase(language, "ended_since", date=format_date(entry.ended_on, language))
        if entry.ended_on
        else ""
    )
    lines = [phrase(language, "ended", since=since)]
    what_now = facet_text(entry, "what_now", language)
    if what_now:
        lines.append(phrase(language, "what_now", text=what_now))
    return lines


def entry_text(entry: Entry, facet: str, language: str, brief: bool = False) -> str:
    """Heading, the facet's text, the status of an ended scheme, the source line."""
    heading = title(entry, language)
    if facet in FACET_HEADINGS:
        heading += f" – {phrase(language, FACET_HEADINGS[facet])}"
    parts = [heading, facet_text(entry, facet, language)]
    if not brief:
        parts += status_lines(entry, language)
    parts.append(source_line(entry, facet, language))
    return "\n\n".join(p for p in parts if p)


def personal_line(match: Match, titles: dict[str, str], language: str) -> str:
    """Why a scheme fits, in the user's language ("Je bent 41. Dan kun je bij DUO lenen…")."""
    return phrase(
        language, match.phrase, title=titles.get(match.entry_id, ""), **dict(match.values)
    )


def personal_lines(matches: Sequence[Match], titles: dict[str, str], language: str) -> list[str]:
    return list(dict.fromkeys(personal_line(m, titles, language) for m in matches))


def entry_button(entry: Entry, language: str) -> Button:
    return Button(title(entry, language), intent_payload("ask_about", kb_entry=entry.id))


def easier_button(entry: Entry, language: str) -> Button | None:
    if language != "nl" or not entry.easy_summary:
        return None
    return Button(
        phrase(language, "button_easier"), intent_payload("ask_easier", kb_entry=entry.id)
    )


def adviser_button(language: str) -> Button:
    return Button(phrase(language, "button_adviser"), intent_payload("request_human"))


def check_button(language: str) -> Button:
    return Button(phrase(language, "button_check"), intent_payload("start_funding_check"))


def feedback_prompt(language: str) -> Reply:
    question = "Heb je hier iets aan?" if language == "nl" else "Was this helpful?"
    yes, no = ("👍 Ja", "👎 Nee") if language == "nl" else ("👍 Yes", "👎 No")
    return Reply(question, (Button(yes, intent_payload("feedback", feedback="up")),
                            Button(no, intent_payload("feedback", feedback="down"))))  # fmt: skip
