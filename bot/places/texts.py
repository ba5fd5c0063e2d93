"""Every sentence the place answers say, in B1 Dutch and in plain English.

`say(language, key, **values)` fills one phrase; `language` is "nl" (default) or "en" (anything
starting with "en"). Names of places, providers and schools stay as they are in both languages.
"""

from __future__ import annotations

import re
from datetime import date

Language = str  # "nl" | "en"

PHRASES: dict[str, dict[str, str]] = {
    "nl": {
        "you_live_in": "Je woont in {municipality}, in {region} ({province}).",
        "you_live_in_region": "Je woont in {region}.",
        "place_unknown": "Ik weet nog niet waar je woont. "
        "Daarom geef ik je eerst hulp die overal in Nederland werkt.",
        "local_intro": "Hier kun je in {municipality} zelf terecht voor {topic}:",
        "regional_intro": "In {municipality} zelf ken ik nog geen plek voor {topic}. "
        "In je regio wel:",
        "regional_intro_no_municipality": "In je regio kun je hier terecht voor {topic}:",
        "regional_also": "Ook in je regio:",
        "national_also": "Deze hulp is er in heel Nederland:",
        "national_only": "Ik ken nog geen plek voor {topic} in {municipality} of in je regio. "
        "Deze hulp is er in heel Nederland, dus ook voor jou:",
        "national_only_no_municipality": "Deze hulp is er in heel Nederland:",
        "check_site": "Adressen en tijden veranderen soms. Kijk voor je gaat even op de website.",
        "career_local_intro": "Voor gratis advies over werk en leren kun je in {municipality} "
        "hier terecht:",
        "career_regional_intro": "Voor gratis advies over werk en leren ga je naar het loket "
        "van je regio:",
        "career_national_only": "Elke regio krijgt een Werkcentrum. Daar krijg je gratis advies "
        "over werk en leren. Ik heb nog geen adres van het loket in je regio. Zo vind je het:",
        "career_schools_one": "Wil je een opleiding doen? Deze mbo-school is in je regio:",
        "career_schools_many": "Wil je een opleiding doen? Deze mbo-scholen zijn in je regio:",
        "career_tip": "Tip: neem je cv en je diploma's mee als je die hebt. Schrijf je vragen op.",
        "in_place": "in {place}",
        "source_checked": "Bron: {name} ({url}), gecontroleerd op {date}.",
        "source_dated": "Bron: {url} ({date}).",
        "undated": "zonder datum",
        "old_fact": "Dit gegeven is uit {year}. Het kan veranderd zijn.",
        "no_address": "Het adres heb ik nog niet.",
        "desk_in_development": "Dit Werkcentrum werd in {year} opgezet. "
        "Of het nu open is, weet ik niet.",
        "in_dutch": "{text}",
        "place_question": "In welke plaats woon je? Of typ je postcode.",
        "ambiguous": "Er zijn meer plaatsen met de naam {text}. Welke bedoel je?",
        "region_only": "{region} is een regio. In welke plaats woon je? Of typ je postcode.",
        "postcode_unknown": "De postcode {postcode} vind ik niet. In welke plaats woon je?",
        "feedback": "Heb je hier iets aan?",
        "yes": "👍 Ja",
        "no": "👎 Nee",
        "adviser": "Praat met een adviseur",
    },
    "en": {
        "you_live_in": "You live in {municipality}, in {region} ({province}).",
        "you_live_in_region": "You live in {region}.",
        "place_unknown": "I do not know yet where you live. "
        "So first, here is help that works everywhere in the Netherlands.",
        "local_intro": "In {municipality} itself you can go here for {topic}:",
        "regional_intro": "I do not know a place for {topic} in {municipality} itself yet. "
        "In your region I do:",
        "regional_intro_no_municipality": "In your region you can go here for {topic}:",
        "regional_also": "Also in your region:",
        "national_also": "This help is available all over the Netherlands:",
        "national_only": "I do not know a place for {topic} in {municipality} or in your "
        "region yet. This help is available all over the Netherlands, so also for you:",
        "national_only_no_municipality": "This help is available all over the Netherlands:",
        "check_site": "Addresses and opening hours sometimes change. "
        "Check the website before you go.",
        "career_local_intro": "For free advice on work and learning in {municipality}, "
        "you can go here:",
        "career_regional_intro": "For free advice on work and learning, go to the desk of "
        "your region:",
        "career_national_only": "Every region is getting a Werkcentrum (work centre). There you "
        "get free advice on work and learning. I do not have the address in your region yet. "
        "This is how you find it:",
        "career_schools_one": "Want to take a course? This mbo school (vocational school) is "
        "in your region:",
        "career_schools_many": "Want to take a course? These mbo schools (vocational schools) "
        "are in your region:",
        "career_tip": "Tip: bring your CV and your diplomas if you have them. "
        "Write down your questions.",
        "in_place": "in {place}",
        "source_checked": "Source: {name} ({url}), checked on {date}.",
        "source_dated": "Source: {url} ({date}).",
        "undated": "no date",
        "old_fact": "This information is from {year}. It may have changed.",
        "no_address": "I do not have the address yet.",
        "desk_in_development": "This Werkcentrum was being set up in {year}. "
        "I do not know if it is open now.",
        "in_dutch": "(in Dutch) {text}",
        "place_question": "Which town do you live in? Or type your postcode.",
        "ambiguous": "There is more than one place called {text}. Which one do you mean?",
        "region_only": "{region} is a region. Which town do you live in? Or type your postcode.",
        "postcode_unknown": "I cannot find the postcode {postcode}. Which town do you live in?",
        "feedback": "Was this helpful?",
        "yes": "👍 Yes",
        "no": "👎 No",
        "adviser": "Talk to an adviser",
    },
}

TOPIC_LABELS: dict[str, dict[str, str]] = {
    "nl": {
        "lezen": "lezen", "schrijven": "schrijven", "rekenen": "rekenen",
        "digitaal": "computer en internet", "nederlands": "Nederlands leren",
        "mbo_diploma": "een mbo-diploma", "hbo": "hbo", "engels": "Engels",
        "vak": "een vak leren", "loopbaan": "werk en loopbaan", "": "leren",
    },
    "en": {
        "lezen": "reading", "schrijven": "writing", "rekenen": "maths",
        "digitaal": "computers and the internet", "nederlands": "learning Dutch",
        "mbo_diploma": "an mbo diploma (vocational)", "hbo": "hbo (higher professional education)",
        "engels": "English", "vak": "learning a trade", "loopbaan": "work and career",
        "": "learning",
    },
}  # fmt: skip

TYPE_LABELS: dict[str, dict[str, str]] = {
    "nl": {
        "taalhuis": "Taalhuis", "library": "bibliotheek", "digital_help": "digitale hulp",
        "leerwerkloket": "Leerwerkloket", "werkcentrum": "Werkcentrum", "mbo": "mbo-school",
        "adult_education": "cursussen voor volwassenen", "uwv": "UWV", "other": "organisatie",
        "ROC": "mbo-school", "AOC": "groene mbo-school",
    },
    "en": {
        "taalhuis": "Taalhuis, language house", "library": "library",
        "digital_help": "digital help", "leerwerkloket": "Leerwerkloket, learning and work desk",
        "werkcentrum": "Werkcentrum, work centre", "mbo": "mbo school",
        "adult_education": "courses for adults", "uwv": "UWV", "other": "organisation",
        "ROC": "mbo school", "AOC": "green mbo school",
    },
}  # fmt: skip

_MONTHS = {
    "nl": (
        "januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
        "september", "oktober", "november", "december",
    ),
    "en": (
        "January", "February", "March", "April", "May", "June", "July", "August",
        "September", "October", "November", "December",
    ),
}  # fmt: skip
_ISO_DATE_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_YEAR_RE = re.compile(r"\b(19|20)\d{2}\b")
_PLAIN_DATE_RE = re.compile(r"^(c\. )?[\d/ -]+$")


def language_of(language: str | None) -> str:
    """'en' for English ("en", "en-GB"), else 'nl'."""
    return "en" if (language or "").lower().startswith("en") else "nl"


def say(language: str, key: str, **values: str) -> str:
    return PHRASES[language_of(language)][key].format(**values)


def topic_label(topic: str | None, language: str) -> str:
    labels = TOPIC_LABELS[language_of(language)]
    return labels.get(topic or "", labels[""])


def type_label(kind: str, language: str) -> str:
    return TYPE_LABELS[language_of(language)].get(kind, kind)


def format_day(value: date, language: str) -> str:
    """'1 december 2026' / '1 December 2026'."""
    return f"{value.day} {_MONTHS[language_of(language)][value.month - 1]} {value.year}"


def source_date_text(text: str, language: str) -> str:
    """A source date as the data files give it ("2025-10-31", "c. 2017", "undated ...")."""
    text = text.strip()
    match = _ISO_DATE_RE.match(text)
    if match:
        year, month, day = (int(g) for g in match.groups())
        return format_day(date(year, month, day), language)
    if not text or text.lower().startswith("undated"):
        return say(language, "undated")
    if _PLAIN_DATE_RE.match(text):  # "c. 2017", "2018/2019", "2023-10"
        return text
    latest = source_year(text)  # a date with an editor's note: only its year is shown
    return str(latest) if latest is not None else say(language, "undated")


def source_year(text: str) -> int | None:
    """The latest year named in a source date, None when it names none."""
    years = [int(m.group(0)) for m in _YEAR_RE.finditer(text)]
    return max(years) if years else None


def region_phrase(region_name: str, language: str) -> str:
    """'de regio Twente' / 'the Twente region', but 'Regio Zwolle' as it is."""
    if region_name.lower().startswith("regio "):
        return region_name
    if language_of(language) == "en":
        return f"the {region_name} region"
    return f"de regio {region_name}"
