"""Local answers: where near me can I learn, and where do I get career advice."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.knowledge.answers import FEEDBACK_PROMPT, Answer, format_date
from bot.knowledge.questions import kb
from bot.replies import ADVISER_BUTTON, Button, Reply, intent_payload
from bot.text.normalise import normalise

MAX_PROVIDERS = 4
POSTCODE_RE = re.compile(r"\b([1-9]\d{3})\s?(?:[a-zA-Z]{2})?\b")
NOT_A_PLACE = set(
    [
        "ja",
        "nee",
        "jawel",
        "weet",
        "niet",
        "geen",
        "idee",
        "maakt",
        "uit",
        "niks",
        "niets",
        "ok",
        "oke",
        "okay",
        "hoi",
        "hallo",
        "help",
        "dank",
        "bedankt",
        "thanks",
        "stop",
    ]
)

TOPIC_LABELS = {
    "lezen": "lezen", "schrijven": "schrijven", "rekenen": "rekenen",
    "digitaal": "computer en internet", "nederlands": "Nederlands leren",
    "mbo_diploma": "een mbo-diploma", "hbo": "hbo", "engels": "Engels", "vak": "een vak leren",
    "loopbaan": "werk en loopbaan",
}  # fmt: skip
TYPE_LABELS = {
    "taalhuis": "Taalhuis", "library": "bibliotheek", "digital_help": "digitale hulp",
    "leerwerkloket": "Leerwerkloket", "werkcentrum": "Werkcentrum", "mbo": "mbo-school",
    "adult_education": "cursussen voor volwassenen", "uwv": "UWV", "other": "organisatie",
}  # fmt: skip
# National KB entries to fall back on when no local provider fits, per topic.
NATIONAL_FOR_TOPIC = {
    "lezen": ("gratis-basisvaardigheden", "lezen-en-schrijven", "taalhuis"),
    "schrijven": ("gratis-basisvaardigheden", "lezen-en-schrijven", "taalhuis"),
    "rekenen": ("gratis-basisvaardigheden", "rekenen", "taalhuis"),
    "digitaal": ("digitale-vaardigheden", "informatiepunt-digitale-overheid", "taalhuis"),
    "nederlands": ("nt2-inburgering", "taalhuis", "gratis-basisvaardigheden"),
    "mbo_diploma": ("mbo-bbl", "mbo-bol", "derde-leerweg", "mbo-certificaten"),
    "hbo": ("deeltijd-hbo", "associate-degree", "open-universiteit", "21-plus-toelating"),
    "engels": (),
    "vak": ("mbo-certificaten", "praktijkverklaring", "evc"),
    "loopbaan": ("leerwerkloket", "werkcentrum", "loopbaancoach"),
}
CAREER_TYPES = ("werkcentrum", "leerwerkloket", "uwv")
# The national entry that explains a provider type, for follow-ups ("is dat gratis?").
TYPE_ENTRY = {
    "taalhuis": "taalhuis",
    "library": "taalhuis",
    "digital_help": "informatiepunt-digitale-overheid",
    "werkcentrum": "werkcentrum",
    "leerwerkloket": "leerwerkloket",
    "uwv": "uwv-werk-nl",
}
CAREER_ENTRIES = ("werkcentrum", "leerwerkloket", "uwv-werk-nl", "loopbaancoach")


@dataclass(frozen=True)
class PlaceChoice:
    """What to store in the `municipality` slot: a known municipality id, or the text as typed."""

    slot_value: str
    name: str
    region: str | None
    known: bool


def interpret_place(text: str) -> PlaceChoice | None:
    """A municipality, village or postcode from the user's answer; None if it is not a place."""
    text = text.strip()
    if not text or text.startswith("/"):
        return None
    place = kb().resolve_place(text)
    if place is not None:
        return PlaceChoice(place.id, place.name, place.region, True)
    postcode = POSTCODE_RE.search(text)
    if postcode:
        return PlaceChoice(postcode.group(1), f"postcode {postcode.group(1)}", None, False)
    words = normalise(text).split()
    if 1 <= len(words) <= 3 and all(w.isalpha() and w not in NOT_A_PLACE for w in words):
        name = " ".join(w.capitalize() for w in text.split())
        return PlaceChoice(name, name, None, False)
    return None


def _provider_lines(provider) -> list[str]:
    label = TYPE_LABELS.get(provider.type, provider.type)
    lines = [f"• {provider.name} ({label})"]
    for value in (provider.address, provider.hours, provider.phone, provider.email, provider.url):
        if value:
            lines.append(f"  {value}")
    if provider.note:
        lines.append(f"  {provider.note.strip()}")
    if provider.sources:
        lines.append(
            f"  Bron: {provider.sources[0].name} ({provider.sources[0].url}), "
            f"gecontroleerd op {format_date(provider.checked)}."
        )
    return lines


def region_phrase(region: str) -> str:
    """ "de regio Twente", but "Regio Zwolle" as it is."""
    return region if region.lower().startswith("regio") else f"de regio {region}"


def _subject_entry(providers) -> str | None:
    return next((TYPE_ENTRY[p.type] for p in providers if p.type in TYPE_ENTRY), None)


def _national_buttons(topic: str | None) -> tuple[Button, ...]:
    base = kb()
    ids = NATIONAL_FOR_TOPIC.get(topic or "", ("gratis-basisvaardigheden",))
    entries = [base.get(entry_id) for entry_id in ids]
    return tuple(Button(e.title, intent_payload("ask_about", kb_entry=e.id)) for e in entries if e)[
        :3
    ]


def providers_answer(municipality: str | None, topic: str | None) -> Answer:
    """Local providers for `topic`; otherwise regional, then national and online options."""
    base = kb()
    place = base.place(municipality) if municipality else None
    topic_label = TOPIC_LABELS.get(topic or "", "leren")
    national = _national_buttons(topic)
    if place is None:
        text = (
            f"Over {municipality or 'jouw plaats'} heb ik nog geen informatie over plekken om "
            f"te leren. Ik kan je wel landelijke informatie geven over {topic_label}. "
            "Of vraag een adviseur om met je mee te zoeken."
        )
        return Answer((Reply(text, (*national, ADVISER_BUTTON)),), None)
    local = place.providers_for(topic)
    if local:
        lines = [f"Hier kun je in {place.name} terecht voor {topic_label}:"]
        for provider in local[:MAX_PROVIDERS]:
            lines += _provider_lines(provider)
        lines.append("Adressen en tijden veranderen soms. Kijk voor je gaat even op de website.")
        return Answer(
            (Reply("\n".join(lines), (*national[:2], ADVISER_BUTTON)), FEEDBACK_PROMPT),
            _subject_entry(local),
        )
    regional = [
        (other, provider)
        for other in base.places_in_region(place.region)
        if other.id != place.id
        for provider in other.providers_for(topic)
    ]
    if regional:
        lines = [
            f"In {place.name} zelf ken ik geen plek voor {topic_label}. "
            f"In {region_phrase(place.region)} wel:"
        ]
        for other, provider in regional[:MAX_PROVIDERS]:
            lines += [f"{other.name}:", *_provider_lines(provider)]
        return Answer(
            (Reply("\n".join(lines), (*national[:2], ADVISER_BUTTON)), FEEDBACK_PROMPT),
            _subject_entry([provider for _, provider in regional]),
        )
    text = f"In {place.name} en de regio ken ik nog geen plek voor {topic_label}. " + (
        "Landelijk en online kan wel iets. Kies hieronder wat je wilt weten."
        if national
        else "Een adviseur kan met je meezoeken."
    )
    return Answer((Reply(text, (*national, ADVISER_BUTTON)),), None)


def career_answer(municipality: str | None) -> Answer:
    """Where to go for free advice on work and learning in the user's region."""
    base = kb()
    place = base.place(municipality) if municipality else None
    entries = [base.get(entry_id) for entry_id in CAREER_ENTRIES]
    buttons = tuple(
        Button(e.title, intent_payload("ask_about", kb_entry=e.id)) for e in entries if e
    )[:3]
    tip = "Tip: neem je cv en je diploma's mee als je die hebt. Schrijf je vragen op."
    if place is None:
        text = (
            f"Over {municipality or 'jouw plaats'} heb ik nog geen adres. In elke regio is een "
            "Leerwerkloket of Werkcentrum. Daar krijg je gratis advies over werk en leren. "
            f"{tip}"
        )
        return Answer((Reply(text, (*buttons, ADVISER_BUTTON)),), None)
    desks = [p for p in place.providers if p.type in CAREER_TYPES]
    if desks:
        lines = [f"Voor advies over werk en leren in {place.name} kun je hier terecht:"]
        for provider in desks[:MAX_PROVIDERS]:
            lines += _provider_lines(provider)
        lines.append(tip)
        return Answer(
            (Reply("\n".join(lines), (*buttons, ADVISER_BUTTON)), FEEDBACK_PROMPT),
            _subject_entry(desks),
        )
    text = (
        f"{place.name} hoort bij {region_phrase(place.region)}. Ik heb nog geen adres van het "
        "Leerwerkloket of Werkcentrum daar. Zoek op de website van je gemeente naar "
        f"'Werkcentrum {place.region.removeprefix('Regio ')}', of vraag een adviseur. {tip}"
    )
    return Answer((Reply(text, (*buttons, ADVISER_BUTTON)),), None)
