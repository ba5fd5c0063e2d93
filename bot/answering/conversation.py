"""What the conversation adds to a message: is it a follow-up about the last subject, which
entries do the user's facts and the subject make likelier, and which entry is the user's own
("en voor zzp'ers?" after a funding answer is the zzp entry)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace

from bot.answering.acts import main_act
from bot.answering.facts import Facts
from bot.answering.retrieval import Candidate
from bot.kb.schema import Entry
from bot.kb.text import content_words
from bot.places import Resolution
from bot.text.normalise import normalise
from bot.text.values import parse_age

# Words that make a short message a follow-up about the last subject.
REFERENCE_RE = re.compile(
    r"^(?:en|maar|and|but|ook)\b|\b(?:dat|dit|die|het|daar|daarvoor|ervoor|erbij|that|it|this|there)\b"
)
FOLLOWUP_MAX_CONTENT_WORDS = 3
FACT_REPLY_MAX_WORDS = 2
# Content words that only say what is asked, not what about.
ACT_WORDS = frozenset(
    [
        "kost",
        "kosten",
        "prijs",
        "gratis",
        "betalen",
        "betaal",
        "betaalt",
        "wie",
        "vraag",
        "vragen",
        "aanvragen",
        "aanmelden",
        "inschrijven",
        "meld",
        "schrijf",
        "regel",
        "regelen",
        "mag",
        "kan",
        "kun",
        "moet",
        "waar",
        "wanneer",
        "deadline",
        "lang",
        "duurt",
        "hoeveel",
        "hoog",
        "voorwaarden",
        "buurt",
        "heen",
        "krijg",
        "krijgen",
        "doe",
        "doen",
        "werkt",
        "gaat",
        "eerst",
        "ook",
        "nog",
        "wel",
        "dan",
        "nu",
        "eigenlijk",
        "trouwens",
        "precies",
        "cost",
        "costs",
        "much",
        "free",
        "pay",
        "apply",
        "sign",
        "where",
        "when",
        "eligible",
        "allowed",
        "how",
        "what",
        "who",
    ]
)
# Words that only state a fact about the user ("zesenvijftig", "ik werk bij de gemeente").
FACT_WORDS = frozenset(
    [
        "jaar",
        "jarig",
        "oud",
        "werk",
        "werken",
        "gemeente",
        "fabriek",
        "bedrijf",
        "zzp",
        "zzper",
        "zzpers",
        "zelfstandig",
        "uitkering",
        "bijstand",
        "ww",
        "wia",
        "wajong",
        "loondienst",
        "baan",
        "baas",
        "werkgever",
        "werkloos",
        "mbo",
        "vmbo",
        "havo",
        "vwo",
        "hbo",
        "wo",
        "niveau",
        "diploma",
        "bedoel",
        "sorry",
        "nee",
        "ja",
        "klopt",
        "wacht",
        "eigen",
    ]
)
PLACE_FILLER = frozenset({"dorp", "stad", "gemeente", "woon", "postcode"})
# Entries that a stated fact makes likelier ("*": any value), and by how much.
FACT_ENTRIES: dict[tuple[str, str], tuple[str, ...]] = {
    ("age", "*"): ("levenlanglerenkrediet", "studiefinanciering-leeftijd"),
    ("benefit", "bijstand"): ("studeren-met-bijstand", "gemeente-scholing"),
    ("benefit", "ww"): ("studeren-met-ww", "uwv-scholing"),
    ("benefit", "wia"): ("uwv-scholing", "werkfit-uwv"),
    ("work_situation", "zzp"): ("zzp-scholing",),
    ("work_situation", "werkzoekend"): ("uwv-scholing",),
}
# The entry for a situation the user states, when an answer should be about their own.
SITUATION_ENTRIES: dict[tuple[str, str], str] = {
    ("benefit", "bijstand"): "studeren-met-bijstand",
    ("benefit", "ww"): "studeren-met-ww",
    ("benefit", "wia"): "uwv-scholing",
    ("work_situation", "zzp"): "zzp-scholing",
    ("work_situation", "werkzoekend"): "uwv-scholing",
    ("work_situation", "loondienst"): "werkgever-en-sectorfonds",
}
# Words that say only "learning", not what: with a stated situation the situation's entry answers.
LEARNING_WORDS = frozenset(
    ["opleiding", "opleidingen", "cursus", "cursussen", "leren", "omscholen", "omscholing", "scholing", "studeren", "studie", "school", "diploma", "bijscholen", "training", "volgen", "doen", "laten", "net", "gekregen", "wil", "willen", "graag", "course", "courses", "study", "studying", "training", "retrain", "retraining", "learn"]
)  # fmt: skip


def about_learning(text: str) -> bool:
    return bool(set(content_words(text)) & LEARNING_WORDS)


def situation_entry(text: str, said: Facts, places: frozenset[str], known: set[str]) -> str | None:
    """ "ik heb net ww gekregen en wil me laten omscholen": a situation and a question about
    learning that no entry matches well → the entry for studying in that situation."""
    if not about_learning(text) and set(subject_words(text, places)) - LEARNING_WORDS:
        return None
    return _situation_of(said, known)


def benefit_rules_entry(text: str, act: str, facts: Facts, known: set[str]) -> str | None:
    """ "mag ik met bijstand een mbo-opleiding in de zorg doen?": someone with a benefit who
    asks whether they may learn needs the benefit's rules first (the course is offered too)."""
    if act != "who_may" or facts.benefit is None or not about_learning(text):
        return None
    entry_id = SITUATION_ENTRIES.get(("benefit", facts.benefit))
    return entry_id if entry_id in known else None


def _situation_of(said: Facts, known: set[str]) -> str | None:
    for key in ("benefit", "work_situation"):
        value = getattr(said, key)
        entry_id = SITUATION_ENTRIES.get((key, str(value))) if value else None
        if entry_id and entry_id in known:
            return entry_id
    return None


# Doubts about one's work ("ik loop vast in mijn baan", "I want to switch careers"): the free
# career check answers them (it sends to the Werkcentrum or Leerwerkloket of the region).
CAREER_OVERVIEW = "loopbaancheck"
CAREER_ENTRIES = ("loopbaancheck", "leerwerkloket", "werkcentrum", "loopbaancoach")
CAREER_DOUBT_RE = re.compile(
    "|".join([
        r"\bweet (?:niet|nog niet|echt niet) (?:goed )?(?:wat|welk|welke|hoe verder)\b",
        r"\bwelke kant\b", r"\bloop (?:ik )?vast\b", r"\b(?:vast|klem) (?:in|met) m(?:ij)?i?n\b",
        r"\bloopbaan", r"\bcarri[eè]re", r"\bberoepskeuze\b", r"\bjuiste plek\b",
        r"\b(?:werk|baan|job) (?:dat|die) (?:bij (?:me|mij) past|ik leuk vind)\b",
        r"\bpast (?:dit|deze|mijn|m(?:ij)?n) (?:werk|baan|job)\b", r"\bwat wil ik\b",
        r"\bpraten over (?:ander|nieuw) werk\b", r"\bhet roer om\b",
        r"\bcareer\b", r"\bswitch(?:ing)? (?:jobs?|careers?|fields?)\b",
        r"\bdon ?t know what (?:i want|to do)\b", r"\bwhat (?:job|work) suits me\b",
    ])
)  # fmt: skip


def career_doubt(text: str) -> bool:
    return bool(CAREER_DOUBT_RE.search(normalise(text)))


FACT_BOOST = 0.25
AGE_BOOST = 0.1  # a stated age makes the schemes with an age limit likelier
CONTEXT_BOOST = 0.15  # the conversation's subject, when the message could be about it
# "Wie betaalt mijn cursus?" without a subject: first of all your employer and its sector fund.
FUNDING_OVERVIEW = "werkgever-en-sectorfonds"


def place_words(resolution: Resolution) -> frozenset[str]:
    """The words of the place a message named ("in het dorp dalen" → dalen)."""
    if resolution.status not in ("found", "ambiguous", "region") or not resolution.text:
        return frozenset()
    return frozenset(content_words(resolution.text)) | PLACE_FILLER


# Benefits have entries of their own (UWV, gemeente): in a message that states no fact
# ("hoeveel ww krijg ik?") such a word is what is asked about, not a fact.
BENEFIT_WORDS = frozenset({"uitkering", "bijstand", "ww", "wia", "wajong"})


def subject_words(text: str, places: frozenset[str], facts: bool = True) -> list[str]:
    """What is left of a message once act, place and fact words are gone (benefit words only
    when the message states `facts`)."""
    return [
        w for w in content_words(text)
        if w not in ACT_WORDS and w not in places and not w.isdigit()
        and (w not in FACT_WORDS or (not facts and w in BENEFIT_WORDS))
        and not (w.endswith(("ig", "tien")) and parse_age(w) is not None)  # "zesenvijftig"
    ]  # fmt: skip


OPEN_QUESTION_MAX_CHARS = 300


def completes(text: str, places: frozenset[str]) -> bool:
    """A short reply after a question that got no answer completes that question ("bijstand",
    "vmbo", "in velp", "wie betaalt dat?")."""
    return len(subject_words(text, places)) <= FOLLOWUP_MAX_CONTENT_WORDS


def open_question(text: str, places: frozenset[str]) -> str | None:
    """The question to keep open after no answer: one with words of its own, not "hmm"."""
    if len(content_words(text)) < 2 and not subject_words(text, places):
        return None
    return text[-OPEN_QUESTION_MAX_CHARS:]


def is_followup(
    text: str, best: Candidate | None, confident_best: bool, last_entry: str | None,
    places: frozenset[str], new_facts: bool,
) -> bool:  # fmt: skip
    """About the last subject: nothing of its own left once act, place and fact words are
    gone, or a short question that asks an act or refers back ("en hoe vraag ik dat aan?").
    A message that names another entry, or ranks another confidently, is not."""
    if last_entry is None:
        return False
    # "hoeveel ww krijg ik?" states no fact: there "ww" is what is asked about.
    words = subject_words(text, places, facts=new_facts or bool(places))
    if not words:
        return True  # only an act, a place or a fact ("ww", "zesenvijftig", "in zwolle")
    other = best is not None and best.entry_id != last_entry
    if other and best is not None and best.named:
        return False  # "krijg ik daar studiefinanciering voor?" names its own subject
    if new_facts and len(content_words(text)) <= FACT_REPLY_MAX_WORDS and main_act(text) == "what":
        return True  # a fact as a reply ("zorg", "hbo deeltijd"): about the last subject
    if other and confident_best:
        return False
    asks = (
        main_act(text) != "what"
        or bool(REFERENCE_RE.search(text.lower()))
        or new_facts
        or bool(places)
    )
    return len(words) <= FOLLOWUP_MAX_CONTENT_WORDS and asks


def boosted(
    candidates: Iterable[Candidate], said: Facts, last: Entry | None, known: set[str],
    text: str = "",
) -> list[Candidate]:  # fmt: skip
    """Candidates raised by what the conversation says: entries the message's own facts
    point at, the career entries for doubts about one's work, and the subject of the
    conversation and its related entries."""
    scores = {c.entry_id: c for c in candidates}

    def boost(entry_id: str, amount: float) -> None:
        if entry_id in known:
            old = scores.get(entry_id) or Candidate(entry_id, 0.0, 0.0, 0.0, False)
            scores[entry_id] = replace(old, score=old.score + amount)

    for key, value in said.known().items():
        for entry_id in FACT_ENTRIES.get((key, "*" if key == "age" else str(value)), ()):
            boost(entry_id, AGE_BOOST if key == "age" else FACT_BOOST)
    if career_doubt(text):
        for entry_id in CAREER_ENTRIES:
            boost(entry_id, FACT_BOOST)
    if last is not None:
        for entry_id in scores.keys() & {last.id}:
            boost(entry_id, CONTEXT_BOOST)
        for entry_id in scores.keys() & set(last.related):
            boost(entry_id, CONTEXT_BOOST / 2)
    return sorted(scores.values(), key=lambda c: (-c.score, c.entry_id))


def specific_id(
    entry: Entry,
    facts: Facts,
    said: Facts,
    known: set[str],
    followup: bool,
    only_facts: bool = False,
) -> str:
    """The entry for the user's own situation instead of a general one: their sector's fund
    for "sector funds", and where the message states a situation ("en voor zzp'ers?", "nee,
    bijstand") after an answer about paying for learning, or says nothing but that ("zzp"),
    the entry for that situation."""
    if facts.sector and (entry.id == FUNDING_OVERVIEW or entry.id.startswith("sectorfonds-")):
        own = f"sectorfonds-{facts.sector}"
        return own if own in known else entry.id
    if not followup and entry.id != FUNDING_OVERVIEW:
        return entry.id  # a question that names its subject gets that subject
    about_paying = entry.kind == "funding" or entry.id in SITUATION_ENTRIES.values()
    if about_paying or only_facts:
        for key in ("benefit", "work_situation"):  # the benefit is the more specific
            value = getattr(said, key)
            situation = SITUATION_ENTRIES.get((key, str(value))) if value else None
            if situation and situation in known and situation != entry.id:
                return situation
    return entry.id
