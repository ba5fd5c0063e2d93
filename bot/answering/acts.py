"""The question act of a message (what, who pays, cost, who may, how to apply, where, when),
and a message split into its questions.

An act decides the grain of the answer: "hoe vraag ik dat aan?" gets the how-to, "wat kost
het?" the cost, not the whole entry. Acts are read from cue words in Dutch and English.
"""

from __future__ import annotations

import re

from bot.text.normalise import normalise

ACTS = ("what", "who_pays", "cost", "who_may", "how_to_apply", "where", "when")

# A message can carry several acts ("mag dat en wie betaalt het?"); `main_act` picks one.
_ASKS = r"(?<!waar )(?<!hoe )\b(?:kan|kun|mag|kom|moet) (?:ik|je|u|men|jij)\b"
ACT_PATTERNS: dict[str, tuple[str, ...]] = {
    "when": (
        r"\bwanneer\b|\bdeadline\b|\buiterlijk\b|\bhoe lang\b|\bhoelang\b|\bwelke datum\b",
        r"\bwhen\b|\bhow long\b|\bby what date\b",
    ),
    "how_to_apply": (
        r"\bhoe\b(?:\s+[\w']+){0,6}\s+aan\b",
        r"\bhoe (?:\w+ ){0,4}(?:aanvragen|aanmelden|inschrijven|regelen|beginnen|starten|zoek|vind|krijg)\b",
        r"\bhoe (?:werkt|gaat|verloopt) (?:\w+ ){0,3}\w+",
        r"\b(?:schrijf|meld|geef) (?:ik|je|u) (?:me |mij |je |zich )?(?:\w+ ){0,3}(?:in|aan|op)\b",
        r"\bwaar\b.*\b(?:aanmelden|aanvragen|inschrijven|vraag\w* .*\baan|meld\w* .*\baan)\b",
        r"\bhoe (?:word|wordt|kom) (?:je|ik|u)\b",
        # "kan ik studiefinanciering aanvragen?" asks who may, not how.
        r"^(?!.*\b(?:kan|kun|mag) (?:ik|je|u)\b).*\b(?P<at>aanvragen|aanmelden|inschrijven|aanvraag)\b",
        r"\bhow (?:do|can|should) (?:i|you|we) (?:apply|sign up|register|enrol|enroll|get|start|find|request)\b",
        r"\bhow does (?:it|that|the \w+) work\b",
    ),
    "cost": (
        r"\bwat kost\b|\bkost (?:het|dat|dit|een)\b|\bkosten\b|\bprijs\b|\bhoe ?veel\b|\bhoe hoog\b",
        r"\bhoogte\b|\bgratis\b|\bduur\b|\btarief\b|\bbedrag\b|\beigen bijdrage\b|\bzelf betalen\b",
        r"\bmoet (?:ik|je) (?:\w+ ){0,3}betalen\b|\bwat betaal\b|\bkwijt\b",
        r"\b(?:les|cursus|college|examen|inschrijf|instellingscollege)geld\b",
        r"\bhow much\b|\bcosts?\b|\bfree\b|\bprice\b|\bfees?\b|\bexpensive\b",
    ),
    "where": (
        r"\bwaar\b|\bin de buurt\b|\bbij mij\b|\bbij ons\b|\bbij wie\b|\bwie doet\b",
        r"\bwelke (?:school|scholen|bieb|bibliotheek|organisatie|instantie|plek|aanbieder)\b",
        r"\bwhere\b|\bnear (?:me|by)\b|\bnearby\b|\bwhich (?:school|library|organisation)\b",
    ),
    "who_may": (
        _ASKS,
        r"\bin aanmerking\b|\bvoor wie\b|\bwie (?:kan|mag|moet|moeten|kunnen|mogen)\b",
        r"\bvoorwaarden?\b|\brecht op\b|\bte oud\b|\bleeftijdsgrens\b|\bmag dat\b|\bverplicht\b",
        r"\beligib|\ballowed\b|\bcan (?:i|you) (?:still |also )?(?:get|join|apply|study|borrow|use)\b",
        r"\btoo old\b|\bwho can\b|\bdo i (?:have|need) to\b|\brequirements?\b",
        r"\bdoelgroep\b|\b(?:toelatings)?eisen\b|\bwho is (?:it|this|that) for\b|\bconditions?\b",
    ),
    "who_pays": (
        r"\bwie betaalt\b|\bbetaald\b|\bbetaald? (?:worden|krijgen)\b|\bvergoed|\bsubsidie|\bfinanci",
        r"\bgeld (?:lenen|krijgen|voor)\b|\blenen\b|\blening\b|\bbudget\b|\bbetalen voor\b",
        r"\bwho pays\b|\bpay for\b|\bfunding\b|\bloan\b|\bsubsid|\bgrant\b",
    ),
}
_COMPILED = {act: tuple(re.compile(p) for p in patterns) for act, patterns in ACT_PATTERNS.items()}
# What each act asks of an entry, best first; an entry without the first gives the next.
ACT_FACETS: dict[str, tuple[str, ...]] = {
    "what": ("summary",),
    "who_pays": ("summary",),
    "cost": ("cost", "summary"),
    "who_may": ("for_whom", "summary"),
    "how_to_apply": ("how_to_apply", "where", "summary"),
    "where": ("where", "how_to_apply", "summary"),
    "when": ("deadline", "summary"),
}
_QUESTION_SPLIT_RE = re.compile(r"(?<=[?])\s+")
_AND_QUESTION_RE = re.compile(
    r"\s+(?:en|and|of)\s+(?=(?:wat|wie|hoe|waar|wanneer|mag|kan|kun|moet|is|zijn|what|who|how|where|when|can|do)\b)"
)
MIN_PART_WORDS = 3


# Details no KB entry holds and that change per place and week: opening hours, times, one day,
# a date, whether a course is full. Asked for, they are a gap to say, not an entry to answer.
DETAIL_RE = re.compile(
    r"\b(?:openingstijd\w*|openingsuren|hoe laat(?! (?:ik|je|jij|u|we|wij|men)\b)|welke dag(?:en)?|lesrooster|nog plek|al vol"
    r"|\d{1,2} (?:januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november"
    r"|december)|opening hours|what time|still (?:a )?place|fully booked)\b"
)
DAY_RE = re.compile(
    r"\b(?:maan|dins|woens|donder|vrij|zater|zon)dag\w*|\b(?:mon|tues|wednes|thurs|fri|satur|sun)days?\b"
)
OPEN_RE = re.compile(r"\b(?:open|geopend|les|lessen|spreekuur|inloop|open(?:ed)?|classes)\b")


def asks_detail(text: str) -> bool:
    """ "hoe laat is het werkcentrum open op zaterdag", "is de cursus al vol" (a day of the
    week only with opening or lessons: "ik werk op zaterdag" states a fact)."""
    clean = normalise(text)
    return bool(DETAIL_RE.search(clean) or (DAY_RE.search(clean) and OPEN_RE.search(clean)))


def acts_of(text: str) -> list[str]:
    """Every act the text asks, in the order of ACT_PATTERNS; ["what"] when none."""
    clean = normalise(text)
    found = [act for act, patterns in _COMPILED.items() if any(p.search(clean) for p in patterns)]
    return found or ["what"]


def main_act(text: str) -> str:
    """The one act that decides the facet: the act asked first in the text, the order of
    ACT_PATTERNS breaking a tie ("tot wanneer moet ik het aanvragen" is a when-question, "kan ik
    nog lenen" asks who may, "waar kan ik gratis Nederlands leren" asks where)."""
    clean = normalise(text)
    starts = {}
    for rank, (act, patterns) in enumerate(_COMPILED.items()):
        # Where the cue is: a pattern that looks at the whole text marks its cue as "at".
        found = [
            m.start("at" if "at" in p.groupindex else 0) for p in patterns if (m := p.search(clean))
        ]
        if found:
            starts[act] = (min(found), rank)
    return min(starts, key=starts.__getitem__) if starts else "what"


def split_questions(text: str) -> list[str]:
    """The questions in a message: "Wat is BBL? En wat kost het?" → two parts.

    A part needs a few words of its own; "en wat kost het" after a question is kept as a part
    (it is a follow-up about the first).
    """
    parts = [p.strip() for p in _QUESTION_SPLIT_RE.split(text.strip()) if p and p.strip()]
    split: list[str] = []
    for part in parts:
        pieces = _AND_QUESTION_RE.split(part)
        if len(pieces) > 1 and all(len(p.split()) >= MIN_PART_WORDS - 1 for p in pieces):
            split.extend(pieces)
        else:
            split.append(part)
    return [p for p in split if len(p.split()) >= 2] or [text.strip()]
