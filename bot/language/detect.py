"""Which language a short message is in: a small naive Bayes model, offline, learnt from the KB.

Each language is learnt from the KB's own texts in it: the Dutch fields for the default
language, `translations.<code>` for every other language in languages.yml. A language gets
into the model as soon as the KB has texts in it; no code changes. Features are character
1- to 4-grams of each word (with its edges, " ik ") and whole words; a message's score per
language is the mean log-probability of its character grams plus half the mean of its words.
bench/language_detectors.py compares this with py3langid and langdetect on short messages.
"""

from __future__ import annotations

import logging
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from bot.language.languages import languages

logger = logging.getLogger(__name__)

GRAM_SIZES = (1, 2, 3, 4)
CHAR_ALPHA = 0.5  # add-alpha smoothing of the character grams
WORD_ALPHA = 0.1  # and of the words
WORD_WEIGHT = 0.5  # how much the word score counts next to the character score
# Confidence = logistic(CONFIDENCE_SCALE * margin * sqrt(words)), where margin is the score
# difference between the best and second language. The scale was fitted (maximum likelihood)
# on tests/language/messages.yml: "0.9" is then right about nine times in ten.
CONFIDENCE_SCALE = 1.7
# The KB fields users see, per language; the Dutch side also has the A2 version and synonyms.
TEXT_FIELDS = ("title", "summary", "details", "for_whom", "cost", "how_to_apply", "where",
               "deadline", "what_now")  # fmt: skip
DEFAULT_ONLY_FIELDS = ("easy_summary",)

_URL_RE = re.compile(r"\S+@\S+|\bhttps?://\S+|\bwww\.\S+", re.IGNORECASE)
_WORD_RE = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")


@dataclass(frozen=True)
class Detection:
    language: str
    confidence: float  # 0.5 (a guess between two languages) to 1.0; 0.0 with no words at all


def message_words(text: str) -> list[str]:
    """Lowercase words of letters (any script), without web and e-mail addresses or numbers."""
    return _WORD_RE.findall(_URL_RE.sub(" ", text.lower()))


def _grams(words: Iterable[str]) -> list[str]:
    grams = []
    for word in words:
        padded = f" {word} "
        for size in GRAM_SIZES:
            grams += [padded[i : i + size] for i in range(len(padded) - size + 1)]
    return grams


class NgramModel:
    """Naive Bayes over character grams and words, one class per language."""

    def __init__(self, texts: Mapping[str, str]) -> None:
        if len(texts) < 2:
            raise ValueError("a detector needs texts in at least two languages")
        self.languages = tuple(texts)
        self._chars: dict[str, Counter[str]] = {}
        self._words: dict[str, Counter[str]] = {}
        for code, text in texts.items():
            words = message_words(text)
            self._words[code] = Counter(words)
            self._chars[code] = Counter(_grams(words))
        self._char_norm = self._norms(self._chars, CHAR_ALPHA)
        self._word_norm = self._norms(self._words, WORD_ALPHA)

    @staticmethod
    def _norms(counts: dict[str, Counter[str]], alpha: float) -> dict[str, float]:
        vocabulary = len(set().union(*counts.values()))
        return {code: math.log(sum(c.values()) + alpha * vocabulary) for code, c in counts.items()}

    def scores(self, text: str) -> dict[str, float]:
        """Mean log-probability per language (higher is likelier); {} for a text without words."""
        words = message_words(text)
        if not words:
            return {}
        grams = _grams(words)
        result = {}
        for code in self.languages:
            chars, norm = self._chars[code], self._char_norm[code]
            char_score = sum(math.log(chars[g] + CHAR_ALPHA) - norm for g in grams) / len(grams)
            known, wnorm = self._words[code], self._word_norm[code]
            word_score = sum(math.log(known[w] + WORD_ALPHA) - wnorm for w in words) / len(words)
            result[code] = char_score + WORD_WEIGHT * word_score
        return result

    def detect(self, text: str, default: str) -> Detection:
        scores = self.scores(text)
        if not scores:
            return Detection(default, 0.0)
        ranked = sorted(scores, key=scores.__getitem__, reverse=True)
        margin = scores[ranked[0]] - scores[ranked[1]]
        evidence = CONFIDENCE_SCALE * margin * math.sqrt(len(message_words(text)))
        return Detection(ranked[0], 1.0 / (1.0 + math.exp(-evidence)))


def kb_texts(kb_dir: Path, default: str, codes: Iterable[str]) -> dict[str, str]:
    """The KB's user-facing texts per language: the Dutch fields, and each translation."""
    wanted = [code for code in codes if code != default]
    parts: dict[str, list[str]] = {default: [], **{code: [] for code in wanted}}
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    for path in sorted((kb_dir / "entries").glob("*.yml")):
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
        if not isinstance(data, dict):
            continue
        parts[default] += [str(data.get(f) or "") for f in TEXT_FIELDS + DEFAULT_ONLY_FIELDS]
        parts[default] += [str(s) for s in data.get("synonyms") or []]
        translations = data.get("translations") or {}
        for code in wanted:
            fields = translations.get(code) if isinstance(translations, dict) else None
            if isinstance(fields, dict):
                parts[code] += [str(fields.get(f) or "") for f in TEXT_FIELDS]
    return {code: "\n".join(p) for code, p in parts.items() if any(s.strip() for s in p)}


@lru_cache(maxsize=1)
def model() -> NgramModel:
    """Learnt once per process from the KB (about half a second)."""
    from bot.config.settings import get_settings

    table = languages()
    texts = kb_texts(get_settings().kb_dir, table.default, table.codes)
    missing = set(table.codes) - set(texts)
    if missing:
        logger.warning("language: no KB texts in %s, so they are never detected "
                       "(they can still be asked for)", ", ".join(sorted(missing)))  # fmt: skip
    return NgramModel(texts)


def detect(text: str) -> Detection:
    """The language of `text` among the supported languages that the KB has texts in."""
    return model().detect(text, languages().default)
