"""Turn what a user typed into a form value (age, work situation, goal, level, topic).

Every parser takes free text or an entity value and returns the canonical value, or
None when it cannot tell; the form then asks again with buttons.
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from bot.text.normalise import normalise

MIN_AGE, MAX_AGE = 16, 99

_UNITS = {
    "een": 1, "twee": 2, "drie": 3, "vier": 4, "vijf": 5,
    "zes": 6, "zeven": 7, "acht": 8, "negen": 9,
}  # fmt: skip
_TENS = {
    "twintig": 20, "dertig": 30, "veertig": 40, "vijftig": 50,
    "zestig": 60, "zeventig": 70, "tachtig": 80, "negentig": 90,
}  # fmt: skip
_TEENS = {"zestien": 16, "zeventien": 17, "achttien": 18, "negentien": 19}


def _dutch_number(word: str) -> int | None:
    if word in _TEENS:
        return _TEENS[word]
    if word in _TENS:
        return _TENS[word]
    for tens_word, tens in _TENS.items():
        if word.endswith(tens_word):
            head = word[: -len(tens_word)]
            for joiner in ("en", "ën"):
                if head.endswith(joiner) and head[: -len(joiner)] in _UNITS:
                    return tens + _UNITS[head[: -len(joiner)]]
    return None


def parse_age(text: str | float | int | None) -> int | None:
    """An age 16–99 from "45", "ik ben 45 jaar", "op me 45e", "vijfenveertig"."""
    if text is None:
        return None
    if isinstance(text, int | float):
        value = int(text)
        return value if MIN_AGE <= value <= MAX_AGE else None
    clean = normalise(text)
    for match in re.finditer(r"(?<!\d)(\d{1,3})(?:e|ste|de|jaar)?(?!\d)", clean):
        value = int(match.group(1))
        if MIN_AGE <= value <= MAX_AGE:
            return value
    for word in clean.split():
        number = _dutch_number(word)
        if number is not None and MIN_AGE <= number <= MAX_AGE:
            return number
    return None


# Checked in this order: the first category with a match wins.
WORK_SITUATIONS: dict[str, tuple[str, ...]] = {
    "uitkering": ("uitkering", "bijstand", "ww", "wia", "wajong", "participatiewet", "ziektewet"),
    "gepensioneerd": ("pensioen", "gepensioneerd", "aow", "pensionado"),
    "zzp": ("zzp", "zelfstandig", "eigen bedrijf", "freelance", "ondernemer", "eenmanszaak"),
    "werkzoekend": ("werkzoekend", "zoek werk", "geen werk", "werkloos", "geen baan", "zonder werk"),
    "student": ("student", "studeer", "scholier", "op school", "studie"),
    "loondienst": (
        "loondienst", "in dienst", "werknemer", "contract", "baas", "werkgever",
        "uitzend", "flex", "ik werk", "baan", "parttime", "fulltime", "werk",
    ),
}  # fmt: skip

GOALS: dict[str, tuple[str, ...]] = {
    "basisvaardigheden": (
        "basisvaardigheden", "lezen", "schrijven", "rekenen", "taal", "computer",
        "digitaal", "nederlands", "spelling",
    ),
    "omscholen": ("omscholen", "omscholing", "ander werk", "ander beroep", "ander vak", "switch", "nieuw vak"),
    "bijscholen": ("bijscholen", "bijscholing", "hoger niveau", "doorgroeien", "beter in mijn werk", "cursus"),
    "diploma": ("diploma", "mbo", "hbo", "certificaat", "papiertje", "startkwalificatie"),
}  # fmt: skip

EDUCATION_LEVELS: dict[str, tuple[str, ...]] = {
    "geen_diploma": ("geen diploma", "geen opleiding", "basisschool", "lagere school", "niet afgemaakt", "geen"),
    "hbo_wo": ("hbo", "wo", "universiteit", "uni", "bachelor", "master", "hogeschool"),
    "havo_vwo": ("havo", "vwo", "atheneum", "gymnasium"),
    "vmbo": ("vmbo", "mavo", "lbo", "vbo", "lts", "huishoudschool"),
    # "mbo" without a level: the check needs no more than that.
    "mbo": ("mbo", "roc", "mbo opleiding", "mbo diploma"),
}  # fmt: skip

TOPICS: dict[str, tuple[str, ...]] = {
    "nederlands": ("nederlands", "nt2", "inburgering", "inburgeren", "taal leren", "dutch"),
    "lezen": ("lezen", "lees", "leesles"),
    "schrijven": ("schrijven", "spelling", "brief", "schrijf"),
    "rekenen": ("rekenen", "reken", "wiskunde", "geld tellen", "sommen"),
    "digitaal": ("digitaal", "computer", "telefoon", "internet", "digid", "laptop", "tablet", "mail", "app", "online"),
    "engels": ("engels", "english"),
    "hbo": ("hbo", "hogeschool", "associate degree", "universiteit", "bachelor"),
    "mbo_diploma": ("mbo", "diploma", "bbl", "bol", "certificaat", "opleiding"),
    "vak": ("vak", "beroep", "praktijk", "cursus"),
    "loopbaan": ("loopbaan", "ander werk", "werk zoeken", "carriere"),
}  # fmt: skip


def _match_keywords(text: str, table: dict[str, tuple[str, ...]]) -> str | None:
    clean = normalise(text)
    if not clean:
        return None
    if clean.replace(" ", "_") in table:
        return clean.replace(" ", "_")
    words = clean.split()
    padded = f" {clean} "
    for value, keywords in table.items():
        if any(f" {kw} " in padded for kw in keywords):
            return value
    # Typos: compare each single-word keyword with each word of the message.
    for value, keywords in table.items():
        for kw in keywords:
            if " " in kw or len(kw) < 5:
                continue
            if any(fuzz.ratio(kw, word) >= 85 for word in words):
                return value
    return None


def parse_work_situation(text: str | None) -> str | None:
    return _match_keywords(text, WORK_SITUATIONS) if text else None


def parse_goal(text: str | None) -> str | None:
    return _match_keywords(text, GOALS) if text else None


def parse_topic(text: str | None) -> str | None:
    return _match_keywords(text, TOPICS) if text else None


def parse_education_level(text: str | None) -> str | None:
    if not text:
        return None
    clean = normalise(text)
    level = re.search(r"\bmbo\s*(?:niveau\s*)?([1-4])\b|\bniveau\s*([1-4])\b|\bmbo([1-4])\b", clean)
    if level:
        return f"mbo{next(g for g in level.groups() if g)}"
    return _match_keywords(clean, EDUCATION_LEVELS)
