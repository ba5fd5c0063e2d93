"""Person names in Dutch chat messages, found and redacted before anything is stored.

Built for what users type to Leerloket, not for medical letters: short messages, often in
lower case, with places ("Den Bosch"), organisations ("Taalhuis", "Bibliotheek Rijn en Venen",
"DUO", "UWV") and course names that must survive. A name is found
- after a cue that introduces one: "mijn naam is", "ik heet", "naam:", "my name is" (here
  lower-case names count too: "ik heet jan de vries");
- after "ik ben", "dit is", "hallo", "beste", a relation or role ("mijn dochter", "mijn
  consulent", "adviseur"), "met", a title ("mevrouw", "meneer", "dhr.", "mw.") when it is
  capitalised;
- in a sign-off ("groeten, Sanne", "met vriendelijke groet, Jan de Vries", "mvg piet" at the
  end of a message);
- as a capitalised common first name anywhere ("ik sprak Fatima van het UWV"),
plus the surname that follows (particles such as "van der", "de", "el" included).
A candidate that is a known place, region or organisation, or an ordinary word, is not a name.
Measured on tests/security/data/names_nl.yml (bench/name_detectors.py; docs/security.md).
"""

from __future__ import annotations

import re
import threading
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

PLACEHOLDER = "[NAAM]"
LEXICON = Path(__file__).parent / "lexicon"


def _words(name: str) -> frozenset[str]:
    """A word list of bot/privacy/lexicon/ (one word a line; # starts a comment)."""
    lines = (LEXICON / name).read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


# Common first names in the Netherlands (Dutch, Frisian, Moroccan, Turkish, Surinamese,
# Antillean, Polish, Syrian, Eritrean, English): a name lexicon of our own.
FIRST_NAMES = _words("first_names.txt")
# First names that are also ordinary words at the start of a sentence ("Ben je er?").
AMBIGUOUS_FIRST_NAMES = frozenset({"ben", "bo", "mark", "roos", "sem", "will", "mo", "jay",
                                   "isa", "max", "kim", "noor", "rosa", "floor", "ton", "bas"})  # fmt: skip
PARTICLES = ("van der", "van den", "van de", "van het", "van 't", "in 't", "in de", "op de",
             "aan de", "uit de", "van", "de", "der", "den", "het", "ten", "ter", "te", "'t",
             "el", "al", "bin", "ben", "ait", "le", "la", "da", "di", "du", "von")  # fmt: skip
# Not names, whatever their capitals: organisations, services, words of this domain, and
# ordinary words users capitalise. Places and regions come from the municipality table.
NOT_NAMES = _words("not_names.txt")
# After these words a name follows, when it is capitalised.
_WEAK_CUES = (
    r"ik\s+ben|i\s+am|dit\s+is|this\s+is|hier\s+is|spreek\s+ik\s+met|met|hallo|hoi|hey|beste|"
    r"dag|goedemorgen|goedemiddag|goedenavond|"
    r"mijn\s+(?:zoon|dochter|man|vrouw|partner|vriend|vriendin|moeder|vader|broer|zus|"
    r"collega|buurman|buurvrouw|begeleider|consulent|klantmanager|docent|coach|jobcoach|"
    r"baas|leidinggevende|mentor|werkgever)|"
    r"(?:consulent|klantmanager|adviseur|adviseuse|medewerker|medewerkster|docent|docente|"
    r"begeleider|begeleidster|coach|jobcoach|trajectbegeleider|juf|meester|collega)"
)
_STRONG_CUES = r"mijn\s+naam\s+is|ik\s+heet|my\s+name\s+is|naam\s*:|name\s*:|ik\s+heet\s+voluit"
_TITLES = r"mevrouw|meneer|mevr\.?|mw\.?|dhr\.?|de\s+heer|heer|juffrouw|mr\.?|mrs\.?|ms\.?|dr\.?"
_SIGN_OFFS = (
    r"met\s+vriendelijke\s+groet(?:en)?|vriendelijke\s+groet(?:en)?|hartelijke\s+groet(?:en)?|"
    r"groet(?:en|jes)?|mvg|m\.v\.g\.?|gr\.?|liefs|kind\s+regards|regards"
)
_PARTICLE_WORDS = frozenset(w for p in PARTICLES for w in p.split())
_CAP = r"[A-ZÀ-ÖØ-Ý][a-zà-öø-ÿ'’]+(?:-[A-ZÀ-ÖØ-Ý]?[a-zà-öø-ÿ'’]+)*"
_LOW = r"[a-zà-öø-ÿ][a-zà-öø-ÿ'’]+(?:-[a-zà-öø-ÿ'’]+)*"
_PART = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in PARTICLES)
# A capitalised name: one to three capitalised words, with particles between them.
_CAP_NAME = rf"{_CAP}(?:\s+(?:(?:{_PART})\s+)?(?:{_CAP}))" + r"{0,2}"
_LOW_NAME = rf"{_LOW}(?:\s+(?:(?:{_PART})\s+)?{_LOW}){{0,2}}"

_STRONG_RE = re.compile(rf"\b(?:{_STRONG_CUES})\s*(?P<name>{_CAP_NAME}|{_LOW_NAME})", re.I)
_WEAK_RE = re.compile(rf"\b(?i:{_WEAK_CUES})[\s,:]+(?P<name>{_CAP_NAME})")
_TITLE_RE = re.compile(
    rf"\b(?i:{_TITLES})\s+(?P<name>(?:(?:{_PART})\s+)?{_CAP}(?:\s+(?:(?:{_PART})\s+)?{_CAP})?)"
)
_SIGN_OFF_RE = re.compile(
    rf"(?:^|[\s.!,])(?i:{_SIGN_OFFS})(?![a-zà-ÿ])\s*[,:\-–]?\s*\n?\s*(?P<name>{_CAP_NAME})"
)
_SIGN_OFF_END_RE = re.compile(
    rf"(?:^|[\s.!,])(?i:{_SIGN_OFFS})(?![a-zà-ÿ])\s*[,:\-–]?\s*\n?\s*(?P<name>{_LOW_NAME})\s*[.!]?\s*$"
)
# "ik ben karin": a lower-case common first name right after a cue.
_WEAK_LOW_RE = re.compile(rf"\b(?i:{_WEAK_CUES})[\s,:]+(?P<name>{_LOW})\b")
_CAP_WORD_RE = re.compile(rf"(?<![\w'’-]){_CAP}")
_CAP_NAME_RE = re.compile(_CAP_NAME)
_WORD_RE = re.compile(r"[\wÀ-ÿ'’-]+")
# Lower-case words that end a name typed after a strong cue ("ik heet jan en ik woon ...").
_STOP_AFTER = _words("stop_after.txt")


@dataclass(frozen=True)
class NameSpan:
    start: int
    end: int
    text: str


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


_loading = threading.local()


def _places() -> frozenset[str]:
    """Folded names of every municipality, town, region and province (and KB place names).

    Loading them may log; a log line is redacted with this module, so a call made while they
    load gets an empty set instead of loading them again."""
    if getattr(_loading, "active", False):
        return frozenset()
    _loading.active = True
    try:
        return _load_places()
    finally:
        _loading.active = False


@lru_cache(maxsize=1)
def _load_places() -> frozenset[str]:
    names: set[str] = set()
    try:
        from bot.places import gazetteer

        gaz = gazetteer()
        for m in gaz.municipalities:
            names.update({_fold(m.name), _fold(m.display_name)})
        for aliases in gaz.municipality_aliases.values():
            names.update(_fold(a) for a in aliases)
        for town in gaz.towns:
            names.add(_fold(town.base_name))
        for region in gaz.regions:
            names.add(_fold(region.name))
    except Exception:  # no municipality table: the KB's places only
        pass
    try:
        from bot.knowledge.questions import kb

        for place in kb().places():
            names.add(_fold(place.name))
            for provider in place.providers:
                names.add(_fold(provider.name))
        for entry in kb().entries():
            if entry.organisation:
                names.add(_fold(entry.organisation))
    except Exception:
        pass
    names.update({"den bosch", "s hertogenbosch", "den haag", "nederland", "friesland",
                  "brabant", "limburg", "holland", "twente", "veluwe", "randstad"})  # fmt: skip
    names.discard("")
    return frozenset(names)


def _is_place_or_org(candidate: str, places: bool = True) -> bool:
    """Whether `candidate` is an organisation or ordinary word (and, with `places`, a known
    place): then it is not a name."""
    folded = _fold(candidate)
    words = [w for w in folded.split() if w not in _PARTICLE_WORDS] or folded.split()
    if not words or any(w in NOT_NAMES for w in words):
        return True
    return places and (folded in _places() or all(w in _places() for w in words))


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Cut a lower-case name at the first word that cannot be part of it."""
    pieces = list(_WORD_RE.finditer(text, start, end))
    kept_end = start
    for piece in pieces:
        word = piece.group().lower()
        if word in _PARTICLE_WORDS:
            continue
        if word in _STOP_AFTER or word in NOT_NAMES:
            break
        kept_end = piece.end()
    return start, kept_end


def _strip_edges(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop trailing particles and words that are not names."""
    words = list(_WORD_RE.finditer(text, start, end))
    while words and (words[-1].group().lower() in PARTICLES
                     or words[-1].group().lower() in NOT_NAMES):  # fmt: skip
        words.pop()
    if not words:
        return start, start
    end = words[-1].end()
    while end > words[0].start() and text[end - 1] in "'’-":  # "Robert'); ..." -> "Robert"
        end -= 1
    return words[0].start(), end


def _sentence_start(text: str, start: int) -> bool:
    before = text[:start].rstrip()
    return not before or before[-1] in ".!?:\n"


def find_names(text: str) -> list[NameSpan]:
    """Person-name spans in `text`, in order, without overlaps."""
    if not text or not any(c.isalpha() for c in text):
        return []
    spans: list[tuple[int, int]] = []

    def add(start: int, end: int, lower_ok: bool = False, trusted: bool = False) -> None:
        """`trusted`: after "mijn naam is" or "mevrouw", a place name is a surname too."""
        if lower_ok:
            start, end = _trim(text, start, end)
        start, end = _strip_edges(text, start, end)
        if end <= start:
            return
        candidate = text[start:end]
        if _is_place_or_org(candidate, places=not trusted):
            # "Jan van Zwolle": the first word may still be a name.
            first = _WORD_RE.match(candidate)
            if not first or _fold(first.group()) not in FIRST_NAMES:
                return
            end = start + first.end()
        spans.append((start, end))

    for m in _STRONG_RE.finditer(text):
        add(m.start("name"), m.end("name"), lower_ok=True, trusted=True)
    for m in _TITLE_RE.finditer(text):
        add(m.start("name"), m.end("name"), trusted=True)
    for regex in (_WEAK_RE, _SIGN_OFF_RE):
        for m in regex.finditer(text):
            add(m.start("name"), m.end("name"))
    for m in _SIGN_OFF_END_RE.finditer(text):
        add(m.start("name"), m.end("name"), lower_ok=True)
    for m in _WEAK_LOW_RE.finditer(text):
        word = _fold(m.group("name"))
        if word in FIRST_NAMES and word not in AMBIGUOUS_FIRST_NAMES:
            add(m.start("name"), m.end("name"))
    for m in _CAP_WORD_RE.finditer(text):
        first = _WORD_RE.match(m.group())
        word = _fold(first.group()) if first else ""
        if word not in FIRST_NAMES:
            continue
        if word in AMBIGUOUS_FIRST_NAMES and _sentence_start(text, m.start()):
            continue
        name = _CAP_NAME_RE.match(text, m.start())
        add(m.start(), name.end() if name else m.end())
    kept: list[NameSpan] = []
    for start, end in sorted(spans, key=lambda s: (s[0], -(s[1] - s[0]))):
        if kept and start < kept[-1].end:
            if end > kept[-1].end:
                kept[-1] = NameSpan(kept[-1].start, end, text[kept[-1].start : end])
            continue
        kept.append(NameSpan(start, end, text[start:end]))
    return kept


def redact_names(text: str) -> str:
    """`text` with every person name replaced by [NAAM]."""
    spans = find_names(text)
    if not spans:
        return text
    out, pos = [], 0
    for span in spans:
        out += [text[pos : span.start], PLACEHOLDER]
        pos = span.end
    out.append(text[pos:])
    return "".join(out)
