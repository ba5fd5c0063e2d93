"""Two-stage fallback: first suggest what the user may mean, after a second miss offer an adviser."""

from __future__ import annotations

from collections.abc import Sequence

from bot.replies import ADVISER_BUTTON, Button, Reply, intent_payload

# What each intent means, in words a user recognises on a button.
INTENT_LABELS: dict[str, str] = {
    "ask_funding": "Geld voor een opleiding",
    "ask_learning_route": "Welke opleiding past bij mij",
    "ask_basic_skills": "Beter lezen, schrijven of rekenen",
    "find_provider": "Leren bij mij in de buurt",
    "ask_career": "Advies over werk",
    "ask_background": "Over Leerloket",
    "ask_privacy": "Wat gebeurt er met mijn gegevens",
    "ask_capabilities": "Wat kun je?",
    "request_human": "Praat met een adviseur",
}
MAX_SUGGESTIONS = 3
MIN_SUGGESTION_CONFIDENCE = 0.08


def suggestion_buttons(
    ranking: Sequence[tuple[str, float]],
    kb_suggestions: Sequence[tuple[str, str]] = (),
) -> list[Button]:
    """Buttons for the likeliest intents and KB entries (id, title), best first."""
    buttons: list[Button] = [
        Button(title, intent_payload("ask_about", kb_entry=entry_id))
        for entry_id, title in kb_suggestions[:1]
    ]
    for name, confidence in ranking:
        if len(buttons) >= MAX_SUGGESTIONS:
            break
        if (
            name in INTENT_LABELS
            and name != "request_human"
            and confidence >= MIN_SUGGESTION_CONFIDENCE
        ):
            buttons.append(Button(INTENT_LABELS[name], intent_payload(name)))
    return buttons


def fallback_reply(
    previous_misses: int,
    ranking: Sequence[tuple[str, float]],
    kb_suggestions: Sequence[tuple[str, str]] = (),
) -> Reply:
    """The reply to a message the bot did not understand.

    `previous_misses` counts the misses directly before this one.
    """
    if previous_misses >= 1:
        return Reply(
            "Het lukt me niet goed om je te begrijpen. Sorry! "
            "Een adviseur kan je verder helpen. Wil je dat?",
            (ADVISER_BUTTON, Button("Nee, ik probeer het opnieuw", intent_payload("deny"))),
        )
    buttons = suggestion_buttons(ranking, kb_suggestions)
    if not buttons:
        return Reply(
            "Sorry, dat begreep ik niet. Kun je het anders zeggen? Gebruik korte zinnen.",
            (Button(INTENT_LABELS["ask_capabilities"], intent_payload("ask_capabilities")),),
        )
    return Reply(
        "Sorry, dat begreep ik niet goed. Bedoel je een van deze dingen? "
        "Of zeg het op een andere manier.",
        (*buttons, Button("Iets anders", intent_payload("ask_capabilities"))),
    )
