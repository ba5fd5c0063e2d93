"""A rough B1 check for Dutch text: Flesch-Douma, sentence length and long words.

Flesch-Douma (Douma, 1960) is the Dutch adaptation of Flesch Reading Ease:
``206.835 - 0.93 * words_per_sentence - 77 * syllables_per_word``; higher is easier
(60-70: lower secondary school, 70-80: end of primary school). Formulas only see the
surface of a text, so the limits below are a floor for B1, not proof of it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import pyphen

# Documented limits (docs/language.md): what every bot text must meet.
MIN_FLESCH_DOUMA = 55.0
MAX_WORDS_PER_SENTENCE = 15.0
MAX_LONG_WORD_SHARE = 0.22  # words of 4+ syllables


@dataclass(frozen=True)
class Level:
    """The limits of a reading level: B1 for every text, A2 for the easier versions."""

    name: str
    min_flesch_douma: float
    max_words_per_sentence: float
    max_long_word_share: float


B1 = Level("B1", MIN_FLESCH_DOUMA, MAX_WORDS_PER_SENTENCE, MAX_LONG_WORD_SHARE)
# "Zeg het makkelijker": short sentences, common (short) words (docs/language.md).
A2 = Level("A2", 65.0, 10.0, 0.15)
# Abbreviations an A2 text writes out; names of organisations (DUO, UWV, ...) may stay.
A2_ALLOWED_CAPITALS = frozenset(
    {"DUO", "UWV", "KVK", "IDW", "SBB", "ROC", "DigiD", "AOW", "BSN", "UAF"}
)
_ABBREVIATION_RE = re.compile(
    r"\b(?:[a-z]{1,4}\.){2,}|\b(?:bijv|o\.a|i\.p\.v|d\.w\.z|m\.b\.v|etc)\b"
)
_CAPITALS_RE = re.compile(r"\b[A-Z][A-Z&]{1,}[a-z]*\b")


def a2_word_problems(text: str) -> list[str]:
    """Abbreviations an A2 reader does not know (WW, BBL, o.a.)."""
    found = [m.group(0) for m in _ABBREVIATION_RE.finditer(text)]
    found += [
        m.group(0)
        for m in _CAPITALS_RE.finditer(_URL_RE.sub(" ", text))
        if m.group(0) not in A2_ALLOWED_CAPITALS
    ]
    return [f"abbreviation {word!r}" for word in dict.fromkeys(found)]


_URL_RE = re.compile(r"https?://\S+|\b[\w.-]+\.(?:nl|com|org|eu)\b\S*|\{[^}]*\}|\S+@\S+")
_WORD_RE = re.compile(r"[A-Za-zÀ-ÿ]+(?:['-][A-Za-zÀ-ÿ]+)*")
_SENTENCE_END_RE = re.compile(r"[.!?:;\n]+")


@lru_cache(maxsize=1)
def _hyphenator() -> pyphen.Pyphen:
    return pyphen.Pyphen(lang="nl_NL")


def syllables(word: str) -> int:
    return max(1, len(_hyphenator().inserted(word.lower()).split("-")))


@dataclass(frozen=True)
class Readability:
    sentences: int
    words: int
    words_per_sentence: float
    syllables_per_word: float
    long_word_share: float
    flesch_douma: float

    def problems(self, level: Level = B1) -> list[str]:
        found = []
        if self.flesch_douma < level.min_flesch_douma:
            found.append(f"Flesch-Douma {self.flesch_douma:.0f} < {level.min_flesch_douma:.0f}")
        if self.words_per_sentence > level.max_words_per_sentence:
            found.append(
                f"{self.words_per_sentence:.1f} words per sentence > {level.max_words_per_sentence:.0f}"
            )
        if self.long_word_share > level.max_long_word_share:
            found.append(f"{self.long_word_share:.0%} long words > {level.max_long_word_share:.0%}")
        return found


def measure(text: str) -> Readability:
    """Readability of `text`; web addresses, e-mail addresses and {slots} are left out."""
    clean = _URL_RE.sub(" ", text)
    sentences = [s for s in _SENTENCE_END_RE.split(clean) if _WORD_RE.search(s)]
    words = _WORD_RE.findall(clean)
    if not words:
        return Readability(0, 0, 0.0, 0.0, 0.0, 100.0)
    counts = [syllables(w) for w in words]
    wps = len(words) / max(1, len(sentences))
    spw = sum(counts) / len(words)
    return Readability(
        sentences=len(sentences),
        words=len(words),
        words_per_sentence=wps,
        syllables_per_word=spw,
        long_word_share=sum(c >= 4 for c in counts) / len(words),
        flesch_douma=206.835 - 0.93 * wps - 77 * spw,
    )
