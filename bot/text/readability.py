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

    def problems(self) -> list[str]:
        found = []
        if self.flesch_douma < MIN_FLESCH_DOUMA:
            found.append(f"Flesch-Douma {self.flesch_douma:.0f} < {MIN_FLESCH_DOUMA:.0f}")
        if self.words_per_sentence > MAX_WORDS_PER_SENTENCE:
            found.append(
                f"{self.words_per_sentence:.1f} words per sentence > {MAX_WORDS_PER_SENTENCE:.0f}"
            )
        if self.long_word_share > MAX_LONG_WORD_SHARE:
            found.append(f"{self.long_word_share:.0%} long words > {MAX_LONG_WORD_SHARE:.0%}")
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
