"""Answering knowledge questions: a named KB entry, a confident search hit, or a flow to start.

The action server builds the KB index once (first use) and keeps it; every function here
is plain and typed, and is tested without Rasa.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from bot.answers import (
    FEEDBACK_PROMPT,
    INTENT_KINDS,
    Answer,
    entry_answer,
    followup_answer,
    no_followup_subject,
    no_good_answer,
)
from bot.form_values import normalise
from bot.funding import Profile, match_schemes
from bot.kb import KnowledgeBase, load_knowledge_base
from bot.replies import ADVISER_BUTTON, Button, Reply, intent_payload
from bot.settings import get_settings

# Generic questions that start a flow instead of a single answer.
FLOW_FOR_INTENT: dict[str, tuple[str, str]] = {
    "ask_funding": ("funding_form", "utter_funding_intro"),
    "find_provider": ("provider_form", "utter_provider_intro"),
    "ask_career": ("career_form", "utter_career_intro"),
}
# Words that only make a question a follow-up; what is left names the subject, if anything.
FOLLOWUP_WORDS = set(
    ["en", "is", "dat", "het", "die", "dit", "gratis", "kost", "kosten", "wat", "prijs", "betalen", "betaal", "moet", "ik", "je", "hoe", "meld", "me", "aan", "aanmelden", "aanvragen", "vraag", "waar", "heen", "voor", "wie", "mag", "kan", "krijgen", "ook", "dan", "nog", "er", "zo", "veel", "geld", "euro", "als"]
)
PRIVACY_ENTRY = "privacy-leerloket"


@dataclass(frozen=True)
class Outcome:
    """Either an answer to say, or a form to start (with its intro response)."""

    answer: Answer | None = None
    start_form: str | None = None
    intro_response: str | None = None


@lru_cache(maxsize=1)
def kb() -> KnowledgeBase:
    return load_knowledge_base()


def _is_payload(text: str) -> bool:
    return text.startswith("/")


def named_entry(text: str, kinds: tuple[str, ...] | None = None, base: KnowledgeBase | None = None):
    """The entry whose title or synonym the user literally names ("wat is evc"), if any."""
    base = base or kb()
    clean = f" {normalise(text)} "
    best, best_len = None, 0
    for entry in base.entries():
        if kinds and entry.kind not in kinds:
            continue
        for name in (entry.title, entry.id.replace("-", " "), *entry.synonyms):
            phrase = normalise(name)
            if len(phrase) >= 3 and f" {phrase} " in clean and len(phrase) > best_len:
                best, best_len = entry, len(phrase)
    return best


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
        f"Na {days} dagen wis ik het gesprek. Wil je dat we je gegevens nu wissen? "
        "Vraag het aan een adviseur."
    )
    return Answer((Reply(text, (ADVISER_BUTTON,)),), entry.id if entry else None)


def answer_question(
    text: str,
    intent: str,
    entry_id: str | None = None,
    in_form: bool = False,
    base: KnowledgeBase | None = None,
) -> Outcome:
    """What to do with a knowledge question.

    Order: an entry chosen with a button; the privacy statement; an entry the user names;
    the flow for a generic question (not while a form is already running); a confident
    search hit; otherwise an honest "I don't know" with an adviser.
    """
    base = base or kb()
    if entry_id:
        entry = base.get(entry_id)
        return Outcome(entry_answer(entry, base) if entry else no_good_answer())
    if intent == "ask_privacy":
        return Outcome(privacy_answer(base))
    kinds = INTENT_KINDS.get(intent)
    if not _is_payload(text):
        entry = named_entry(text, kinds, base) or named_entry(text, None, base)
        if entry is not None:
            return Outcome(entry_answer(entry, base))
    if intent in FLOW_FOR_INTENT and not in_form:
        form, intro = FLOW_FOR_INTENT[intent]
        return Outcome(start_form=form, intro_response=intro)
    if _is_payload(text):
        return Outcome(overview_answer(intent, base))
    entry = confident_entry(text, kinds, base) or confident_entry(text, None, base)
    if entry is not None:
        return Outcome(entry_answer(entry, base))
    if intent in OVERVIEW_KINDS:
        return Outcome(overview_answer(intent, base))
    return Outcome(no_good_answer())


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
    text: str, intent: str, last_entry: str | None, base: KnowledgeBase | None = None
) -> Answer:
    """ "En is dat gratis?" → about the last entry; "is evc gratis?" → about EVC."""
    base = base or kb()
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
