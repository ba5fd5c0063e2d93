"""What the bot says around a handoff, in B1 Dutch."""

from __future__ import annotations

from datetime import datetime

from bot.handoff.hours import OfficeHours
from bot.replies import Button, Reply, intent_payload

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
CALL_ME = Button("Bel me terug", intent_payload("request_contact", contact_kind="telefoon"))
MAIL_ME = Button("Mail me", intent_payload("request_contact", contact_kind="e-mail"))

EXPIRED = Reply(
    "Het lukt nu niet om snel een adviseur te vinden. Sorry! Wil je dat een adviseur je belt of "
    "mailt? Je kunt ook gratis langsgaan bij het Werkcentrum of Leerwerkloket in je regio.",
    (CALL_ME, MAIL_ME, Button("Nee, dank je", intent_payload("stop"))),
)


def waits_in_chat(hours: OfficeHours, moment: datetime, reason: str, chose_to_wait: bool) -> bool:
    """Open the handoff now, or first offer a call-back or e-mail (outside office hours).

    A crisis never waits for a choice: it goes to the queue at once, with the crisis numbers.
    """
    return reason == "crisis" or chose_to_wait or hours.is_open(moment)


def outside_hours_choice(hours: OfficeHours) -> Reply:
    return Reply(
        f"De adviseurs werken op {hours.describe()}. Nu is er niemand. Wat wil je? "
        "Een adviseur kan je bellen of mailen. Of je laat je vraag hier achter. "
        "Dan krijg je hier antwoord als de adviseurs er weer zijn.",
        (CALL_ME, MAIL_ME, Button("Laat vraag achter", intent_payload("leave_question"))),
    )


def ask_contact_address(kind: str, retention_days: int) -> str:
    what = "je telefoonnummer" if kind == "telefoon" else "je e-mailadres"
    how = "bellen" if kind == "telefoon" else "mailen"
    return (
        f"Typ {what}. Alleen een adviseur van het leerloket ziet het, om je te {how}. "
        f"Daarna wissen we het. Uiterlijk na {retention_days} dagen. "
        "Wil je dit niet? Typ dan 'laat maar'."
    )


def contact_address_invalid(kind: str) -> str:
    if kind == "telefoon":
        return "Dat lijkt geen telefoonnummer. Typ het zo: 06 12345678. Of typ 'laat maar'."
    return "Dat lijkt geen e-mailadres. Typ het zo: naam@voorbeeld.nl. Of typ 'laat maar'."


def contact_saved(kind: str, hours: OfficeHours) -> str:
    how = "belt" if kind == "telefoon" else "mailt"
    return (
        f"Dank je. Een adviseur {how} je zo snel als het kan. "
        f"De adviseurs werken op {hours.describe()}."
    )
