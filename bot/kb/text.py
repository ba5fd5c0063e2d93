"""Dutch text for search: normalise, drop stop words, map synonyms, stem."""

from __future__ import annotations

import re
from functools import lru_cache

import snowballstemmer

from bot.text.normalise import fold

_STEMMER = snowballstemmer.stemmer("dutch")

STOP_WORDS = frozenset(
    [
        "de",
        "het",
        "een",
        "en",
        "of",
        "maar",
        "dat",
        "die",
        "dit",
        "deze",
        "wat",
        "wie",
        "waar",
        "hoe",
        "ik",
        "je",
        "jij",
        "u",
        "we",
        "wij",
        "ze",
        "zij",
        "hij",
        "mijn",
        "me",
        "mij",
        "m'n",
        "jouw",
        "je",
        "uw",
        "ons",
        "onze",
        "is",
        "zijn",
        "ben",
        "bent",
        "was",
        "waren",
        "wordt",
        "worden",
        "word",
        "kan",
        "kun",
        "kunnen",
        "kon",
        "mag",
        "mogen",
        "moet",
        "moeten",
        "wil",
        "wilt",
        "willen",
        "zou",
        "zouden",
        "heb",
        "hebt",
        "heeft",
        "hebben",
        "had",
        "er",
        "in",
        "op",
        "aan",
        "van",
        "voor",
        "met",
        "bij",
        "naar",
        "om",
        "tot",
        "uit",
        "over",
        "door",
        "als",
        "dan",
        "ook",
        "nog",
        "al",
        "wel",
        "niet",
        "geen",
        "graag",
        "even",
        "eens",
        "toch",
        "zo",
        "heel",
        "erg",
        "veel",
        "meer",
        "nu",
        "hier",
        "daar",
        "iets",
        "iemand",
        "dus",
        "want",
        "omdat",
        "hallo",
        "hoi",
        "ja",
        "nee",
        "oke",
        "ok",
        "alsjeblieft",
        "aub",
        "svp",
    ]
)

# Spoken and short words → the words the KB uses. Applied before stemming.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "bieb": ("bibliotheek",),
    "biep": ("bibliotheek",),
    "geld": ("financiering", "betalen"),
    "betaalt": ("betalen", "financiering"),
    "betalen": ("betalen", "financiering"),
    "kosten": ("kosten", "betalen"),
    "subsidie": ("subsidie", "financiering"),
    "lenen": ("lening", "krediet"),
    "lening": ("lening", "krediet"),
    "studieschuld": ("lening", "krediet"),
    "taal": ("taal", "nederlands"),
    "taalles": ("taal", "nederlands", "cursus"),
    "computer": ("computer", "digitaal"),
    "pc": ("computer", "digitaal"),
    "laptop": ("computer", "digitaal"),
    "internet": ("internet", "digitaal"),
    "telefoon": ("telefoon", "digitaal"),
    "digid": ("digid", "digitaal", "overheid"),
    "school": ("opleiding", "school"),
    "studeren": ("studie", "opleiding"),
    "studie": ("studie", "opleiding"),
    "cursus": ("cursus", "opleiding"),
    "opleiding": ("opleiding",),
    "baan": ("werk", "baan"),
    "job": ("werk",),
    "werkloos": ("werkloos", "uitkering", "werkzoekend"),
    "ww": ("ww", "uitkering"),
    "bijstand": ("bijstand", "uitkering", "gemeente"),
    "carriere": ("loopbaan",),
    "loopbaanadvies": ("loopbaan", "advies"),
    "coach": ("coach", "loopbaan"),
    "baas": ("werkgever",),
    "werkgever": ("werkgever",),
    "inburgeren": ("inburgering",),
    "nt2": ("nt2", "nederlands", "inburgering"),
    "ad": ("associate", "degree"),
    "evc": ("evc", "ervaringscertificaat"),
    "stap": ("stap", "budget"),
    "llk": ("levenlanglerenkrediet",),
    "ou": ("open", "universiteit"),
    "uni": ("universiteit",),
    "ervaring": ("ervaring", "ervaringscertificaat"),
}

_WORD_RE = re.compile(r"[a-z0-9]+")


@lru_cache(maxsize=100_000)
def stem(word: str) -> str:
    return _STEMMER.stemWord(word)


def words(text: str) -> list[str]:
    """Folded words without punctuation; "'s-Hertogenbosch" → ["s", "hertogenbosch"]."""
    return _WORD_RE.findall(fold(text))


def content_words(text: str) -> list[str]:
    return [w for w in words(text) if w not in STOP_WORDS and (len(w) > 1 or w.isdigit())]


def expand(word: str) -> tuple[str, ...]:
    return SYNONYMS.get(word, (word,))


def terms(text: str) -> list[str]:
    """Index terms of a text: content words, synonyms expanded, stemmed."""
    return [stem(s) for w in content_words(text) for s in expand(w)]
