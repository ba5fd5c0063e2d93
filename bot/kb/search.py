"""Dutch-aware KB search: BM25 over weighted fields, with compound splitting and typo repair.

The index is ours and lives in memory, built once from the entries (read from the SQL
store or the files), so SQLite and PostgreSQL give the same answers by construction.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process

from bot.kb.schema import Entry, Place
from bot.kb.text import content_words, expand, fold, stem, terms

# How much a word in each field counts.
FIELD_WEIGHTS = {
    "title": 3.0, "synonyms": 3.0, "tags": 2.0, "summary": 1.0, "organisation": 1.0,
    "details": 0.5, "for_whom": 0.5, "how_to_apply": 0.3, "cost": 0.3,
    "questions": 0.5, "english": 0.5,
}  # fmt: skip
K1, B = 1.2, 0.6
# Normalised score (share of the best possible score for the query) needed to answer.
CONFIDENT_SCORE = 0.42
# Enough to suggest an entry as a button after a misunderstanding, never to answer.
PLAUSIBLE_SCORE = 0.25
MIN_TYPO_LENGTH = 4
TYPO_CUTOFF = 80
POSTCODE_RE = re.compile(r"(?<!\d)([1-9]\d{3})(?:\s?[a-z]{2})?(?![\da-z])")


@dataclass(frozen=True)
class Hit:
    entry_id: str
    score: float  # 0..1: share of the best score this query could get
    raw: float


def _document(entry: Entry) -> dict[str, float]:
    fields = {
        "title": entry.title, "synonyms": " ".join(entry.synonyms), "tags": " ".join(entry.tags),
        "summary": entry.summary, "organisation": entry.organisation, "details": entry.details,
        "for_whom": entry.for_whom, "how_to_apply": entry.how_to_apply, "cost": entry.cost,
        "questions": " ".join(q.text for q in entry.questions), "english": _english(entry),
    }  # fmt: skip
    weighted: defaultdict[str, float] = defaultdict(float)
    for name, text in fields.items():
        for term in terms(text):
            weighted[term] += FIELD_WEIGHTS[name]
    return weighted


def _english(entry: Entry) -> str:
    english = entry.translation("en")
    if english is None:
        return ""
    return " ".join(
        [english.title, english.summary, english.for_whom, english.cost, english.how_to_apply]
    )


class SearchIndex:
    def __init__(self, entries: Iterable[Entry]) -> None:
        self.entries = {e.id: e for e in entries}
        self.docs = {entry_id: _document(e) for entry_id, e in self.entries.items()}
        lengths = {entry_id: sum(doc.values()) for entry_id, doc in self.docs.items()}
        avg_length = (sum(lengths.values()) / len(lengths)) if lengths else 1.0
        df: Counter[str] = Counter()
        for doc in self.docs.values():
            df.update(doc.keys())
        n = max(1, len(self.docs))
        self.idf = {t: math.log(1 + (n - d + 0.5) / (d + 0.5)) for t, d in df.items()}
        # Postings: per term, the entries that hold it with their term weight over the BM25
        # length norm, so a query touches only the entries that share a term with it.
        self.norms = {
            entry_id: K1 * (1 - B + B * lengths[entry_id] / avg_length) for entry_id in self.docs
        }
        self.postings: dict[str, list[tuple[str, float]]] = {}
        for entry_id, doc in self.docs.items():
            for term, tf in doc.items():
                weight = self.idf[term] * tf * (K1 + 1) / (tf + self.norms[entry_id])
                self.postings.setdefault(term, []).append((entry_id, weight))
        self.surface_words = sorted(
            {w for e in self.entries.values() for w in content_words(_all_text(e)) if len(w) >= 3}
        )

    def _repair(self, word: str) -> list[str]:
        """Terms for a word the index does not know: split a compound, or fix a typo."""
        for i in range(3, len(word) - 2):
            head, tail = word[:i], word[i:]
            for tail_form in (tail, tail[1:] if tail[:1] in "se" else None):
                if tail_form and stem(head) in self.idf and stem(tail_form) in self.idf:
                    return [stem(head), stem(tail_form)]
        if len(word) >= MIN_TYPO_LENGTH:
            match = process.extractOne(word, self.surface_words, scorer=fuzz.ratio,
                                       score_cutoff=TYPO_CUTOFF)  # fmt: skip
            if match and match[0][0] == word[0]:  # a typo seldom hits the first letter:
                return [stem(s) for s in expand(match[0])]  # "bestellen" is no "stellen"
        return []

    def query_terms(self, text: str) -> list[str]:
        found: list[str] = []
        for word in content_words(text):
            stems = [stem(s) for s in expand(word)]
            if any(s in self.idf for s in stems):
                found += stems
            else:
                found += self._repair(word)
        return list(dict.fromkeys(found))

    def search(self, text: str, k: int = 3, kind: str | None = None) -> list[Hit]:
        query = [t for t in self.query_terms(text) if t in self.idf]
        if not query:
            return []
        best_possible = sum(self.idf[t] * (K1 + 1) for t in query)
        raws: dict[str, float] = {}
        for term in query:
            for entry_id, weight in self.postings[term]:
                raws[entry_id] = raws.get(entry_id, 0.0) + weight
        scored = [
            Hit(entry_id, min(1.0, raw / best_possible), raw)
            for entry_id, raw in raws.items()
            if raw > 0 and not (kind and self.entries[entry_id].kind != kind)
        ]
        scored.sort(key=lambda h: (-h.raw, h.entry_id))
        return scored[:k]


def _all_text(entry: Entry) -> str:
    return " ".join(
        [entry.title, entry.summary, entry.details, entry.for_whom, entry.cost,
         entry.how_to_apply, entry.organisation, *entry.tags, *entry.synonyms]
    )  # fmt: skip


class PlaceIndex:
    """Municipality names, aliases, villages and postcodes → place."""

    def __init__(self, places: Iterable[Place]) -> None:
        self.places = {p.id: p for p in places}
        names: dict[str, str] = {}
        for place in self.places.values():
            for name in (place.name, place.id.replace("-", " "), *place.aliases, *place.villages):
                names[" ".join(content_words_keep_all(name))] = place.id
        names.pop("", None)
        self.names = dict(sorted(names.items(), key=lambda kv: -len(kv[0])))

    def by_postcode(self, code: int) -> Place | None:
        return next((p for p in self.places.values() if p.has_postcode(code)), None)

    def resolve(self, text: str) -> Place | None:
        folded = fold(text)
        postcode = POSTCODE_RE.search(folded)
        if postcode:
            return self.by_postcode(int(postcode.group(1)))
        padded = f" {' '.join(content_words_keep_all(text))} "
        for name, place_id in self.names.items():
            if f" {name} " in padded:
                return self.places[place_id]
        candidates = [w for w in content_words_keep_all(text) if len(w) >= MIN_TYPO_LENGTH]
        for word in candidates:
            match = process.extractOne(word, list(self.names), scorer=fuzz.ratio, score_cutoff=85)
            if match:
                return self.places[self.names[match[0]]]
        return None


@lru_cache(maxsize=10_000)
def _words_cached(text: str) -> tuple[str, ...]:
    return tuple(re.findall(r"[a-z0-9]+", fold(text)))


def content_words_keep_all(text: str) -> list[str]:
    """Folded words, stop words kept (place names are made of them: "Den Bosch")."""
    return [w for w in _words_cached(text) if w != "s"]
