"""Knowledge answers in B1 Dutch: a KB entry becomes a short reply that names its source."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.fallback.suggestions import INTENT_LABELS
from bot.replies import ADVISER_BUTTON, Button, Reply, intent_payload

MAX_RELATED_BUTTONS = 2

# Intents whose question is answered from the KB, and the entry kinds they look in first.
INTENT_KINDS: dict[str, tuple[str, ...]] = {
    "ask_funding": ("funding",),
    "ask_learning_route": ("route",),
    "ask_basic_skills": ("route", "service"),
    "ask_career": ("career", "service"),
    "ask_background": ("background",),
    "ask_privacy": ("service",),
}

# A follow-up question ("en is dat gratis?") asks about one field of the last entry.
FOLLOWUP_FIELDS: dict[str, tuple[str, str]] = {
    "ask_cost": ("cost", "Wat kost het?"),
    "ask_how_to_apply": ("how_to_apply", "Hoe vraag je het aan?"),
    "ask_eligibility": ("for_whom", "Voor wie is het?"),
}

FEEDBACK_PROMPT = Reply(
    "Heb je hier iets aan?",
    (
        Button("👍 Ja", intent_payload("feedback", feedback="up")),
        Button("👎 Nee", intent_payload("feedback", feedback="down")),
    ),
)


@dataclass(frozen=True)
class Answer:
    replies: tuple[Reply, ...]
    entry_id: str | None  # the entry answered, for follow-ups and feedback


def format_date(value: date) -> str:
    months = [
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ]
    return f"{value.day} {months[value.month - 1]} {value.year}"


def source_line(entry) -> str:
    source = entry.sources[0]
    return f"Bron: {source.name} ({source.url}). Gecontroleerd op {format_date(entry.checked)}."


def status_line(entry, kb) -> str | None:
    if entry.status != "ended":
        return None
    line = "Let op: deze regeling bestaat niet meer"
    if entry.ended_on:
        line += f" sinds {format_date(entry.ended_on)}"
    line += "."
    if entry.replaced_by:
        replacement = kb.get(entry.replaced_by)
        line += f" In de plaats kwam: {replacement.title if replacement else entry.replaced_by}."
    return line


# Entries tagged with a learnable topic get a button to find a place to learn it.
LEARNABLE_TOPICS = ("lezen", "schrijven", "rekenen", "digitaal", "nederlands")


def where_to_learn_button(entry) -> Button | None:
    topic = next((t for t in LEARNABLE_TOPICS if t in entry.tags), None)
    if topic is None:
        return None
    return Button("Waar kan ik dit leren?", intent_payload("find_provider", topic=topic))


def related_buttons(entry, kb) -> tuple[Button, ...]:
    learn_here = where_to_learn_button(entry)
    buttons = [learn_here] if learn_here else []
    for related_id in entry.related:
        related = kb.get(related_id)
        if related is not None:
            buttons.append(Button(related.title, intent_payload("ask_about", kb_entry=related.id)))
        if len(buttons) >= MAX_RELATED_BUTTONS:
            break
    return (*buttons, ADVISER_BUTTON)


def entry_answer(entry, kb) -> Answer:
    """The summary of `entry`, its status, its source, and where to go next."""
    parts = [f"{entry.title}", entry.summary.strip()]
    status = status_line(entry, kb)
    if status:
        parts.append(status)
    parts.append(source_line(entry))
    return Answer(
        (Reply("\n\n".join(parts), related_buttons(entry, kb)), FEEDBACK_PROMPT),
        entry.id,
    )


def followup_answer(entry, intent: str, kb) -> Answer:
    """Answer "is dat gratis?" and similar about the entry the user last heard about."""
    field_name, heading = FOLLOWUP_FIELDS[intent]
    value = (getattr(entry, field_name, None) or "").strip()
    if not value:
        value = "Dat weet ik niet zeker. Kijk op de website van de bron, of vraag het een adviseur."
    text = f"{entry.title} – {heading}\n\n{value}\n\n{source_line(entry)}"
    return Answer((Reply(text, related_buttons(entry, kb)), FEEDBACK_PROMPT), entry.id)


def no_followup_subject() -> Answer:
    return Answer(
        (
            Reply(
                "Waar gaat je vraag over? Noem de regeling, cursus of opleiding. "
                "Dan zoek ik het voor je op.",
                (Button(INTENT_LABELS["ask_capabilities"], intent_payload("ask_capabilities")),),
            ),
        ),
        None,
    )


def no_good_answer() -> Answer:
    """Said when nothing in the KB fits well: honest, and an adviser is offered."""
    return Answer(
        (
            Reply(
                "Daar weet ik nog geen goed antwoord op. Ik wil je geen verkeerde informatie geven. "
                "Een adviseur kan je wel helpen.",
                (
                    ADVISER_BUTTON,
                    Button(INTENT_LABELS["ask_capabilities"], intent_payload("ask_capabilities")),
                ),
            ),
        ),
        None,
    )
