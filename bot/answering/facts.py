"""What a message says about the user: age, work situation, sector, level, goal, place.

Facts are read from whole sentences ("ik ben 41 en werk in een fabriek"), so every pattern
needs a cue that makes it a statement about the user; a question that only mentions a word
("wat is de WW?") sets nothing. Facts said anywhere in a conversation are merged, the newest
winning, so no question is asked twice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields, replace

from bot.text.normalise import normalise
from bot.text.values import parse_age

# (value, patterns on normalised text); the first value with a match wins.
WORK_SITUATION_PATTERNS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("gepensioneerd", (r"\bgepensioneerd\b", r"\bik heb (?:aow|pensioen)\b", r"\bretired\b")),
    (
        "uitkering",
        (
            r"\b(?:ik (?:heb|zit in|krijg|ontvang|bedoel)|in de|met|zit in|vanuit de?) (?:\w+ )?"
            r"(?:bijstand|bijstandsuitkering|uitkering|ww|ww uitkering|wia|wajong|ziektewet)\b",
            r"^(?:bijstand|ww|wia|wajong|uitkering)$",  # the whole message, as a form answer
            r"\b(?:on|receiving) (?:benefits?|welfare|unemployment)\b",
            r"\bi (?:get|receive|have|am on|m on) (?:\w+ )?(?:ww|wia|wajong|bijstand|welfare|benefits?"
            r"|unemployment benefits?|social assistance)\b",
        ),
    ),
    (
        "zzp",
        (
            r"\bzzp(?: er|er|ers| ers)?\b",
            r"\b(?:ik ben|als) (?:een )?(?:zelfstandige?|ondernemer|freelancer)\b",
            r"\b(?:mijn|een) eigen (?:bedrijf|zaak)\b",
            r"\bself employed\b|\bfreelancer?\b",
        ),
    ),
    (
        "werkzoekend",
        (
            r"\bik (?:ben|zit) (?:al \w+ )?(?:werkloos|zonder werk|werkzoekend)\b",
            r"\bik (?:heb|vind) geen (?:werk|baan)\b",
            r"\bik zoek (?:al \w+ )?(?:werk|een baan)\b",
            r"\bunemployed\b|\blooking for (?:a )?(?:job|work)\b",
        ),
    ),
    (
        "student",
        (r"\bik (?:ben|zit op school als) (?:een )?(?:student|scholier)\b", r"\bi am a student\b"),
    ),
    (
        "loondienst",
        (
            r"\bik werk (?:\w+ ){0,3}(?:in|bij|als|voor|op)\b",
            r"\bik (?:heb|zit in) (?:een )?(?:vaste )?(?:baan|contract|dienstverband)\b",
            r"\bin (?:vaste )?dienst\b|\bin loondienst\b|\bmijn (?:werkgever|baas)\b",
            r"\bik werk\b(?= *$)",
            r"\bi work (?:in|at|for|as)\b|\bmy employer\b",
        ),
    ),
)

# Which benefit, when the work situation is "uitkering": decides WW vs bijstand answers.
BENEFIT_PATTERNS: tuple[tuple[str, str], ...] = (
    ("bijstand", r"\bbijstand|\bparticipatiewet\b|\bwelfare\b|\bsocial assistance\b"),
    ("ww", r"\bww\b|\bunemployment benefit"),
    ("wia", r"\bwia\b|\bwajong\b|\bziektewet\b"),
)

# Sector words: the sector funds' entries are `sectorfonds-<sector>`.
SECTOR_PATTERNS: tuple[tuple[str, str], ...] = (
    ("kinderopvang", r"\bkinderopvang|\bkinderdagverblijf|\bbso\b|\bpedagogisch medewerker"),
    (
        "zorg",
        r"\bzorg\b|\bthuiszorg|\bverpleeg|\bziekenhuis|\bverzorg|\bzorginstelling|\bgehandicaptenzorg|\bggz\b|\bcare\b|\bnurs",
    ),
    ("schoonmaak", r"\bschoonma(?:ak|ken)|\bschoonmaker|\bcleaning\b|\bcleaner\b"),
    ("horeca", r"\bhoreca|\brestaurant|\bhotel|\bcafe\b|\bkok\b|\bbediening\b|\bhospitality\b"),
    (
        "transport",
        r"\btransport|\blogistiek|\bchauffeur|\bvrachtwagen|\bbezorg|\btruck\b|\bdriver\b",
    ),
    ("bouw", r"\bbouw\b|\bbouwvakker|\bop de bouw\b|\bconstruction\b"),
    ("metaal", r"\bmetaal|\bmetaalbewerking|\blasser|\blassen\b|\bmetalektro"),
    ("techniek", r"\btechniek|\binstallatie|\belektricien|\bmonteur|\btechnicus|\bloodgieter"),
    ("retail", r"\bwinkel|\bsupermarkt|\bdetailhandel|\bretail|\bkassa\b|\bshop\b"),
)
# Places of work that say "employed" without a sector: "ik werk bij de gemeente".
EMPLOYED_AT_RE = re.compile(
    r"\bwerk (?:in|bij|op) (?:een |de |het )?"
    r"(?:fabriek|gemeente|bedrijf|kantoor|magazijn|school|winkel|supermarkt|ziekenhuis)\b"
)

LEVEL_PATTERNS: tuple[tuple[str, str], ...] = (
    ("geen_diploma", r"\bgeen (?:diploma|opleiding|startkwalificatie)\b|\bno diploma\b"),
    (
        "hbo_wo",
        r"\b(?:hbo|wo|universiteit|hogeschool|bachelor|master)(?: diploma| opleiding)? (?:gedaan|afgerond|gehaald|heb)\b|\bik heb (?:een )?(?:hbo|wo|universitair)\b",
    ),
    (
        "havo_vwo",
        r"\b(?:havo|vwo) (?:gedaan|afgerond|gehaald|diploma)\b|\bik heb (?:de )?(?:havo|vwo)\b",
    ),
    ("vmbo", r"\b(?:vmbo|mavo|lbo|vbo)\b"),
)
MBO_LEVEL_RE = re.compile(r"\bmbo ?(?:niveau )?([1-4])\b|\bniveau ([1-4])\b")
MBO_PLAIN_RE = re.compile(r"\bik heb (?:een |het )?mbo\b|\bmbo (?:gedaan|diploma|afgerond)\b|^mbo$")

GOAL_PATTERNS: tuple[tuple[str, str], ...] = (
    ("omscholen", r"\bomscho|\bander (?:werk|beroep|vak)\b|\bswitch|\boverstap|\bretrain"),
    (
        "basisvaardigheden",
        r"\bbeter (?:leren )?(?:lezen|schrijven|rekenen)|\b(?:lezen|schrijven|rekenen) leren\b|\bcomputer(?:les| leren)",
    ),
    ("diploma", r"\bdiploma (?:halen|hebben)|\bstartkwalificatie\b|\bdiploma\b"),
    ("bijscholen", r"\bbijscho|\bdoorgroei|\bhoger niveau\b"),
)
AGE_CUES = re.compile(
    r"\b(?:ik ben|ben|i am|i m|im|op mijn|op m(?:ij)?n|leeftijd|age)\s+(?:al\s+|nu\s+|bijna\s+)?"
    r"(\d{2}|[a-z]+ig|[a-z]+tien)(?:e|ste)?\b(?!\s*(?:uur|euro|procent|%))"
    r"|\b(\d{2}) ?(?:jaar|jr|jarige?|years? old)\b"
)

AGE_ALONE_RE = re.compile(r"^\s*(?:\d{2}|[a-z]+ig|[a-z]+tien)\s*(?:jaar|jr)?\s*$")


@dataclass(frozen=True)
class Facts:
    """What the user said about themselves; None where nothing was said."""

    age: int | None = None
    work_situation: str | None = (
        None  # loondienst | zzp | uitkering | werkzoekend | student | gepensioneerd
    )
    benefit: str | None = None  # ww | bijstand | wia, with work_situation "uitkering"
    sector: str | None = None  # zorg | techniek | ... (the sector funds)
    education_level: str | None = None  # geen_diploma | vmbo | mbo | mbo1..4 | havo_vwo | hbo_wo
    goal: str | None = None  # diploma | basisvaardigheden | omscholen | bijscholen
    municipality: str | None = None  # municipality id (CBS name slug)
    region: str | None = None  # labour-market region name

    def merged(self, newer: Facts) -> Facts:
        """These facts with everything `newer` knows written over them."""
        changes = {
            f.name: getattr(newer, f.name)
            for f in fields(newer)
            if getattr(newer, f.name) is not None
        }
        return replace(self, **changes)

    def known(self) -> dict[str, object]:
        return {
            f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name) is not None
        }


def _first(patterns: tuple[tuple[str, str], ...], text: str) -> str | None:
    return next((value for value, pattern in patterns if re.search(pattern, text)), None)


def read_age(text: str) -> int | None:
    if AGE_ALONE_RE.match(text):  # "zesenvijftig" or "56" as the whole message: an age
        return parse_age(text.strip().split()[0])
    for match in AGE_CUES.finditer(text):
        age = parse_age(match.group(1) or match.group(2))
        if age is not None:
            return age
    return None


def read_work_situation(text: str) -> str | None:
    for value, patterns in WORK_SITUATION_PATTERNS:
        if any(re.search(p, text) for p in patterns):
            return value
    if re.search(r"\bik werk\b", text) or EMPLOYED_AT_RE.search(text):
        return "loondienst"
    return None


def read_education_level(text: str) -> str | None:
    level = MBO_LEVEL_RE.search(text)
    if level:
        return f"mbo{next(g for g in level.groups() if g)}"
    found = _first(LEVEL_PATTERNS, text)
    if found:
        return found
    return "mbo" if MBO_PLAIN_RE.search(text) else None


def read_facts(text: str) -> Facts:
    """Facts stated in one message (place facts are added by the engine's place resolver)."""
    clean = normalise(text.replace("'", " "))
    work = read_work_situation(clean)
    benefit = _first(BENEFIT_PATTERNS, clean) if work == "uitkering" else None
    sector = _first(SECTOR_PATTERNS, clean)
    if sector and not work and re.search(r"\b(?:ik werk|werk ik|i work)\b", clean):
        work = "loondienst"
    return Facts(
        age=read_age(clean),
        work_situation=work,
        benefit=benefit,
        sector=sector,
        education_level=read_education_level(clean),
        goal=_first(GOAL_PATTERNS, clean),
    )
