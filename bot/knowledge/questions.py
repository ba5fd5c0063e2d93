"""Answering knowledge questions: a named KB entry, a confident search hit, or a menu.

The action server builds the KB index once (first use) and keeps it; every function here
is plain and typed, and is tested without Rasa.
"""

from __future__ import annotations

import re
from functools import lru_cache

from bot.config.settings import get_settings
from bot.funding.matcher import Profile, match_schemes
from bot.kb import KnowledgeBase, load_knowledge_base
from bot.knowledge.answers import (
    FEEDBACK_PROMPT,
    INTENT_KINDS,
    Answer,
    entry_answer,
    followup_answer,
    no_followup_subject,
    no_good_answer,
)
from bot.replies import ADVISER_BUTTON, Button, Reply, intent_payload
from bot.text.normalise import fold_keep_length, normalise

# Words that only make a question a follow-up; what is left names the subject, if anything.
FOLLOWUP_WORDS = set(
    [
        "en",
        "is",
        "dat",
        "het",
        "die",
        "dit",
        "gratis",
        "kost",
        "kosten",
        "wat",
        "prijs",
        "betalen",
        "betaal",
        "moet",
        "ik",
        "je",
        "hoe",
        "meld",
        "me",
        "aan",
        "aanmelden",
        "aanvragen",
        "vraag",
        "waar",
        "heen",
        "voor",
        "wie",
        "mag",
        "kan",
        "krijgen",
        "ook",
        "dan",
        "nog",
        "er",
        "zo",
        "veel",
        "geld",
        "euro",
        "als",
    ]
)
PRIVACY_ENTRY = "privacy-leerloket"


@lru_cache(maxsize=1)
def kb() -> KnowledgeBase:
    return load_knowledge_base()


def _is_payload(text: str) -> bool:
    return text.startswith("/")


def named_entry(text: str, kinds: tuple[str, ...] | None = None, base: KnowledgeBase | None = None):
    """The entry whose title or synonym the user literally names ("wat is evc"), if any."""
    base = base or kb()
    entry_id = entry_namer(base).find(text, kinds)
    return base.get(entry_id) if entry_id else None


class EntryNamer:
    """Finds KB entries named in a text by title, id or synonym (longest name wins)."""

    MIN_NAME_LENGTH = 3

    def __init__(self, entries) -> None:
        names: list[tuple[str, str, str]] = []  # (name, entry id, kind)
        for entry in entries:
            for name in {entry.title, entry.id.replace("-", " "), *entry.synonyms}:
                phrase = normalise(name)
                if len(phrase) >= self.MIN_NAME_LENGTH:
                    names.append((phrase, entry.id, entry.kind))
        names.sort(key=lambda item: -len(item[0]))
        # Compiled once: building these per message was a measurable share of action time.
        self._patterns: list[tuple[re.Pattern[str], str, str]] = [
            (_name_pattern(phrase), entry_id, kind) for phrase, entry_id, kind in names
        ]

    def find(self, text: str, kinds: tuple[str, ...] | None = None) -> str | None:
        found = self.find_span(text, kinds)
        return found[0] if found else None

    def find_span(
        self, text: str, kinds: tuple[str, ...] | None = None
    ) -> tuple[str, int, int] | None:
        """(entry id, start, end) of the longest entry name in `text`, if any."""
        folded = fold_keep_length(text)
        for pattern, entry_id, kind in self._patterns:
            if kinds is not None and kind not in kinds:
                continue
            match = pattern.search(folded)
            if match:
                return entry_id, match.start(), match.end()
        return None


def _name_pattern(phrase: str) -> re.Pattern[str]:
    """A name as whole words, with any punctuation or spaces between its words."""
    words = r"[^a-z0-9]+".join(map(re.escape, phrase.split()))
    return re.compile(r"(?<![a-z0-9])" + words + r"(?![a-z0-9])")


@lru_cache(maxsize=4)
def entry_namer(base: KnowledgeBase) -> EntryNamer:
    return EntryNamer(base.entries())


def confident_entry(
    text: str, kinds: tuple[str, ...] | None = None, base: KnowledgeBase | None = None
):
    """The best search hit if the KB is confident about it, else None (never a weak match)."""
    base = base or kb()
    for hit in base.search(text, k=3):
        entry = base.get(hit.entry_id)
        if entry is None or not base.is_confident(hit):
            return None
        if kinds is None or entry.kind in kinds:
            return entry
    return None


def privacy_answer(base: KnowledgeBase) -> Answer:
    days = get_settings().retention_days
    entry = base.get(PRIVACY_ENTRY)
    text = (
        "Ik bewaar je gesprek, zodat ik en de adviseurs je goed kunnen helpen. "
        "Persoonlijke nummers haal ik eruit voordat ik iets opsla. Denk aan je BSN, "
        "bankrekening, telefoonnummer en e-mailadres. "
        f"Na {days} dagen wis ik het gesprek. Vraag je of een adviseur je belt of mailt? "
        "Dan bewaren we je nummer of e-mailadres alleen tot de adviseur je geholpen heeft. "
        "Wil je dat we je gegevens nu wissen? "
        "Vraag het aan een adviseur."
    )
    return Answer((Reply(text, (ADVISER_BUTTON,)),), entry.id if entry else None)


def answer_question(
    text: str, intent: str, entry_id: str | None = None, base: KnowledgeBase | None = None
) -> Answer:
    """Answer a knowledge question, never from a weak match.

    Order: the entry the NLU linked (a button or a named entry); the privacy statement;
    a confident search hit; a short menu for the intent; an honest "I don't know".
    """
    base = base or kb()
    if entry_id:
        entry = base.get(entry_id)
        return entry_answer(entry, base) if entry else no_good_answer()
    if intent == "ask_privacy":
        return privacy_answer(base)
    kinds = INTENT_KINDS.get(intent)
    if not _is_payload(text):
        entry = confident_entry(text, kinds, base) or confident_entry(text, None, base)
        if entry is not None:
            return entry_answer(entry, base)
    if intent in OVERVIEW_KINDS:
        return overview_answer(intent, base)
    return no_good_answer()


OVERVIEW_KINDS: dict[str, tuple[str, str]] = {
    "ask_learning_route": (
        "route",
        "Er zijn veel manieren om te leren. Waar wil je meer over weten?",
    ),
    "ask_basic_skills": (
        "route",
        "Beter leren lezen, schrijven, rekenen of met de computer? "
        "Dat kan, vaak gratis. Kies wat je wilt weten.",
    ),
    "ask_background": (
        "background",
        "Wil je meer weten over Leerloket en waar het vandaan komt? Kies een onderwerp.",
    ),
    "ask_career": ("career", "Hier kun je terecht met vragen over werk en loopbaan."),
    "ask_funding": ("funding", "Er zijn verschillende manieren om een opleiding te betalen."),
}
MAX_OVERVIEW_BUTTONS = 5


def overview_answer(intent: str, base: KnowledgeBase) -> Answer:
    """A short menu of the active entries of the kind that fits `intent`."""
    kind, text = OVERVIEW_KINDS.get(intent, ("route", "Waar wil je meer over weten?"))
    entries = [e for e in base.entries() if e.kind == kind and e.status == "active"]
    buttons = tuple(
        Button(e.title, intent_payload("ask_about", kb_entry=e.id))
        for e in entries[:MAX_OVERVIEW_BUTTONS]
    )
    return Answer((Reply(text, (*buttons, ADVISER_BUTTON)),), None)


def answer_followup(
    text: str,
    intent: str,
    last_entry: str | None,
    entry_id: str | None = None,
    base: KnowledgeBase | None = None,
) -> Answer:
    """ "En is dat gratis?" → about the last entry; "is evc gratis?" → about EVC."""
    base = base or kb()
    linked = base.get(entry_id) if entry_id else None
    if linked is not None:
        return followup_answer(linked, intent, base)
    subject_words = [w for w in normalise(text).split() if w not in FOLLOWUP_WORDS]
    if subject_words and not _is_payload(text):
        subject = " ".join(subject_words)
        entry = named_entry(subject, None, base) or confident_entry(subject, None, base)
        if entry is not None:
            return followup_answer(entry, intent, base)
    entry = base.get(last_entry) if last_entry else None
    if entry is None:
        return no_followup_subject()
    return followup_answer(entry, intent, base)


def suggest_entries(text: str, base: KnowledgeBase | None = None) -> list[tuple[str, str]]:
    """(id, title) of KB entries that may be what an unclear message is about."""
    if not text or _is_payload(text) or not re.search(r"[a-zA-Z]{3}", text):
        return []
    base = base or kb()
    hits = base.search(text, k=2)
    entries = [base.get(h.entry_id) for h in hits if base.is_plausible(h)]
    return [(e.id, e.title) for e in entries if e is not None]


def funding_answer(profile: Profile, base: KnowledgeBase | None = None) -> Answer:
    """The funding check's result: each fitting scheme with one line on why."""
    base = base or kb()
    known = {e.id for e in base.entries() if e.status == "active"}
    matches = match_schemes(profile, known)
    if not matches:
        return Answer(
            (
                Reply(
                    "Ik vond geen regeling die zeker bij je past. Een adviseur kijkt graag met je "
                    "mee. Die kent ook regelingen in jouw regio.",
                    (ADVISER_BUTTON,),
                ),
            ),
            None,
        )
    lines = ["Dit kan passen bij jou:"]
    buttons = []
    for number, match in enumerate(matches, start=1):
        entry = base.get(match.entry_id)
        lines.append(f"{number}. {entry.title}: {match.reason}")
        buttons.append(Button(entry.title, intent_payload("ask_about", kb_entry=entry.id)))
    lines.append("Kies een regeling voor meer uitleg en de bron.")
    return Answer(
        (Reply("\n".join(lines), (*buttons[:4], ADVISER_BUTTON)), FEEDBACK_PROMPT),
        matches[0].entry_id,
    )
