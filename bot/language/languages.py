"""The supported languages as data (languages.yml), and explicit requests for one of them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from bot.text.normalise import fold

LANGUAGES_FILE = Path(__file__).with_name("languages.yml")
EXTRA_WORDS_IN_A_REQUEST = 2  # "kan het in het nederlands" asks; a longer message does not
_NOT_WORD_RE = re.compile(r"[\W_]+")


@dataclass(frozen=True)
class Language:
    code: str
    name: str
    native_name: str
    ask: tuple[tuple[str, ...], ...] = ()  # phrases, as folded words
    ask_exact: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True)
class Languages:
    default: str
    items: tuple[Language, ...]

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(language.code for language in self.items)

    def get(self, code: str | None) -> Language | None:
        return next((language for language in self.items if language.code == code), None)


def words(text: str) -> tuple[str, ...]:
    """Folded words: lowercase, no accents, any script; punctuation and "_" split words."""
    return tuple(_NOT_WORD_RE.sub(" ", fold(text)).split())


def _phrases(values: object, where: str) -> tuple[tuple[str, ...], ...]:
    if not isinstance(values, list) or not all(isinstance(v, str) and words(v) for v in values):
        raise ValueError(f"{where} must be a list of phrases")
    return tuple(words(v) for v in values)


def parse(data: object) -> Languages:
    if not isinstance(data, dict) or not isinstance(data.get("languages"), list):
        raise ValueError("languages.yml needs a `languages` list")
    items = []
    for item in data["languages"]:
        if not isinstance(item, dict) or not re.fullmatch(r"[a-z]{2,3}", str(item.get("code"))):
            raise ValueError(f"a language needs an ISO 639 `code`: {item!r}")
        code = item["code"]
        items.append(
            Language(
                code=code,
                name=str(item.get("name") or code),
                native_name=str(item.get("native_name") or item.get("name") or code),
                ask=_phrases(item.get("ask") or [], f"{code}.ask"),
                ask_exact=_phrases(item.get("ask_exact") or [], f"{code}.ask_exact"),
            )
        )
    result = Languages(default=str(data.get("default") or items[0].code), items=tuple(items))
    if len(set(result.codes)) != len(result.codes) or result.default not in result.codes:
        raise ValueError("language codes must be unique and include the default")
    return result


@lru_cache(maxsize=1)
def languages() -> Languages:
    return parse(yaml.safe_load(LANGUAGES_FILE.read_text(encoding="utf-8")))


def _find(haystack: tuple[str, ...], needle: tuple[str, ...]) -> int:
    """Where `needle` starts in `haystack` as whole words, or -1."""
    size = len(needle)
    for start in range(len(haystack) - size + 1):
        if haystack[start : start + size] == needle:
            return start
    return -1


def requested_language(text: str, table: Languages | None = None) -> str | None:
    """The language a message explicitly asks for ("Nederlands graag", "english please").

    When a message names two languages ("not dutch, english please"), the last one counts.
    """
    table = table or languages()
    said = words(text)
    best: tuple[int, str] | None = None
    for language in table.items:
        if said in language.ask_exact:
            return language.code
        for phrase in language.ask:
            if len(said) > len(phrase) + EXTRA_WORDS_IN_A_REQUEST:
                continue
            at = _find(said, phrase)
            if at >= 0 and (best is None or at + len(phrase) > best[0]):
                best = (at + len(phrase), language.code)
    return best[1] if best else None
