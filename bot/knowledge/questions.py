"""Two answers that are not one entry: what Leerloket keeps (privacy), and a short menu for a
button that names only a kind of question ("Wie betaalt mijn opleiding?" in the greeting).

Every other question goes through the answer engine (bot/answering).
"""

from __future__ import annotations

from functools import lru_cache

from bot.config.settings import get_settings
from bot.kb import KnowledgeBase, load_knowledge_base
from bot.replies import ADVISER_BUTTON, Answer, Button, Reply, intent_payload

PRIVACY_ENTRY = "privacy-leerloket"


@lru_cache(maxsize=1)
def kb() -> KnowledgeBase:
    """The process's KB, for composition roots (the NLU component, the web front) only;
    features take the KB as a parameter."""
    return load_knowledge_base()


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
