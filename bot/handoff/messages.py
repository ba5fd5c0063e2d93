"""What the bot says around a handoff, in B1 Dutch."""

from __future__ import annotations

from datetime import datetime

from bot.handoff.hours import OfficeHours

CRISIS_HELP = (
    "Ben je in direct gevaar? Bel dan 112. "
    "Denk je aan zelfdoding? Bel gratis 113 Zelfmoordpreventie: 0800-0113."
)


def handoff_opened(hours: OfficeHours, moment: datetime, wait_minutes: int, reason: str) -> str:
    parts = []
    if reason == "crisis":
        parts.append(CRISIS_HELP)
    if hours.is_open(moment):
        parts.append(
            "Ik geef je gesprek door aan een adviseur uit jouw regio. "
            f"Je krijgt hier antwoord, meestal binnen {wait_minutes} minuten. "
            "Je kunt gewoon verder typen. De adviseur leest alles."
        )
    else:
        parts.append(
            "Ik geef je gesprek door aan een adviseur uit jouw regio. "
            f"De adviseurs werken op {hours.describe()}. "
            "Zij antwoorden dan hier in de chat. Je kunt je vraag nu al typen."
        )
    return " ".join(parts)


RESUMED = "De adviseur heeft het gesprek afgesloten. Je praat nu weer met Leerloket. Heb je nog een vraag?"
EXPIRED = (
    "Het lukt nu niet om snel een adviseur te vinden. Sorry! Je kunt gratis langsgaan bij het "
    "Werkcentrum of Leerwerkloket in je regio. Of probeer het later nog een keer."
)
