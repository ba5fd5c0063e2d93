"""The KB's data: entries (national knowledge) and places (municipalities with providers)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

# referral: "who answers this" for a question just outside the desk's job (UWV, DUO, ...).
ENTRY_KINDS = ("funding", "route", "career", "background", "service", "referral")
STATUSES = ("active", "ended")
PROVIDER_TYPES = (
    "taalhuis", "library", "digital_help", "leerwerkloket", "werkcentrum", "mbo",
    "adult_education", "uwv", "other",
)  # fmt: skip
TOPICS = (
    "lezen", "schrijven", "rekenen", "digitaal", "nederlands", "mbo_diploma", "hbo",
    "engels", "vak", "loopbaan",
)  # fmt: skip
SUMMARY_SOFT_LIMIT = 80  # words: a notice above this
SUMMARY_HARD_LIMIT = 90  # words: an error above this
EASY_SUMMARY_LIMIT = 60  # words in the A2 version
MIN_QUESTIONS = 8  # question phrasings per entry (training data for the answer ranker)
# The parts of an entry a short answer can be: "what does it cost?" gets `cost`.
FACETS = ("summary", "for_whom", "cost", "how_to_apply", "where", "deadline", "what_now")
# Fields users see in a translation (the summary and the facets, and the title).
TRANSLATED_FIELDS = ("title", *FACETS)


@dataclass(frozen=True)
class Source:
    name: str
    url: str


@dataclass(frozen=True)
class Question:
    """How a user asks for an entry, and where that phrasing came from (a URL or "own")."""

    text: str
    origin: str
    language: str = "nl"  # the language the user asked in


@dataclass(frozen=True)
class Translation:
    """An entry's user-facing fields in another language; "" where the entry has none."""

    title: str
    summary: str
    for_whom: str = ""
    cost: str = ""
    how_to_apply: str = ""
    where: str = ""
    deadline: str = ""
    what_now: str = ""


@dataclass(frozen=True)
class Entry:
    id: str
    kind: str
    title: str
    summary: str
    details: str
    for_whom: str
    cost: str
    how_to_apply: str
    organisation: str
    sources: tuple[Source, ...]
    checked: date
    status: str = "active"
    ended_on: date | None = None
    replaced_by: str | None = None
    tags: tuple[str, ...] = ()
    synonyms: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    where: str = ""
    deadline: str = ""
    what_now: str = ""  # for an ended scheme: what to do now instead
    easy_summary: str = ""  # A2 Dutch: "Zeg het makkelijker"
    facet_sources: tuple[tuple[str, tuple[Source, ...]], ...] = ()
    translations: tuple[tuple[str, Translation], ...] = ()
    questions: tuple[Question, ...] = ()

    def facet(self, name: str) -> str:
        """The text of a facet ("" when the entry has none)."""
        if name not in FACETS:
            raise ValueError(f"unknown facet {name!r}")
        return str(getattr(self, name))

    def sources_for(self, facet: str) -> tuple[Source, ...]:
        """The facet's own sources when it has them, else the entry's."""
        return dict(self.facet_sources).get(facet, self.sources)

    def translation(self, language: str) -> Translation | None:
        return dict(self.translations).get(language)


@dataclass(frozen=True)
class Provider:
    type: str
    name: str
    sources: tuple[Source, ...]
    checked: date
    topics: tuple[str, ...] = ()
    address: str | None = None
    url: str | None = None
    phone: str | None = None
    email: str | None = None
    hours: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class PostcodeRange:
    low: int
    high: int

    def __contains__(self, code: int) -> bool:
        return self.low <= code <= self.high

    @classmethod
    def parse(cls, text: str) -> PostcodeRange:
        """ "5211" or "5211-5213"; raises ValueError otherwise."""
        parts = [p.strip() for p in str(text).split("-")]
        if len(parts) not in (1, 2) or not all(p.isdigit() and len(p) == 4 for p in parts):
            raise ValueError(f"postcode must be 4 digits or a range like 5211-5213, got {text!r}")
        low, high = int(parts[0]), int(parts[-1])
        if low < 1000 or high < low:
            raise ValueError(f"bad postcode range {text!r}")
        return cls(low, high)


@dataclass(frozen=True)
class Place:
    id: str
    name: str
    province: str
    region: str
    rural: bool
    aliases: tuple[str, ...] = ()
    postcodes: tuple[PostcodeRange, ...] = ()
    villages: dict[str, tuple[PostcodeRange, ...]] = field(default_factory=dict)
    providers: tuple[Provider, ...] = ()
    gaps: tuple[str, ...] = ()

    def has_postcode(self, code: int) -> bool:
        ranges = [*self.postcodes, *(r for rs in self.villages.values() for r in rs)]
        return any(code in r for r in ranges)

    def providers_for(self, topic: str | None) -> list[Provider]:
        """Providers that help with `topic` (all providers when no topic is given)."""
        if not topic:
            return list(self.providers)
        return [p for p in self.providers if topic in p.topics]
