"""Entries a user names literally: by title, id or synonym ("wat is evc")."""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.kb.schema import Entry
from bot.text.normalise import fold_keep_length, normalise


class EntryNamer:
    """Finds KB entries named in a text by title, id or synonym (longest name wins).

    An entry's own title or id beats another entry's synonym of the same length ("vavo" is
    the vavo entry, though the school-costs grant lists it as a synonym), and a synonym that
    several entries share names none of them.
    """

    MIN_NAME_LENGTH = 3

    def __init__(self, entries: Iterable[Entry]) -> None:
        entries = list(entries)
        own = {normalise(n) for e in entries for n in (e.title, e.id.replace("-", " "))}
        synonym_owners: dict[str, set[str]] = {}
        for entry in entries:
            for synonym in entry.synonyms:
                synonym_owners.setdefault(normalise(synonym), set()).add(entry.id)
        names: list[tuple[str, str, str, int]] = []  # (name, entry id, kind, 0 own / 1 synonym)
        for entry in entries:
            for name in {entry.title, entry.id.replace("-", " ")}:
                names.append((normalise(name), entry.id, entry.kind, 0))
            for synonym in entry.synonyms:
                phrase = normalise(synonym)
                if phrase not in own and len(synonym_owners[phrase]) == 1:
                    names.append((phrase, entry.id, entry.kind, 1))
        names = [n for n in dict.fromkeys(names) if len(n[0]) >= self.MIN_NAME_LENGTH]
        names.sort(key=lambda item: (-len(item[0]), item[3]))
        # Compiled once: building these per message was a measurable share of action time.
        self._patterns: list[tuple[re.Pattern[str], str, str]] = [
            (_name_pattern(phrase), entry_id, kind) for phrase, entry_id, kind, _ in names
        ]
        # A name can only match where its first word is a word of the text: only those names
        # are tried (in the same longest-first order), not all of them for every message.
        self._first_words: list[str] = [(_words(phrase) or [""])[0] for phrase, *_ in names]

    def find(self, text: str, kinds: tuple[str, ...] | None = None) -> str | None:
        found = self.find_span(text, kinds)
        return found[0] if found else None

    def find_span(
        self, text: str, kinds: tuple[str, ...] | None = None
    ) -> tuple[str, int, int] | None:
        """(entry id, start, end) of the longest entry name in `text`, if any."""
        folded = fold_keep_length(text)
        present = set(_words(folded))
        for first, (pattern, entry_id, kind) in zip(self._first_words, self._patterns, strict=True):
            if (first and first not in present) or (kinds is not None and kind not in kinds):
                continue
            match = pattern.search(folded)
            if match:
                return entry_id, match.start(), match.end()
        return None


_WORD_RE = re.compile(r"[a-z0-9]+")


def _words(text: str) -> list[str]:
    return _WORD_RE.findall(text)


def _name_pattern(phrase: str) -> re.Pattern[str]:
    """A name as whole words, with any punctuation or spaces between its words."""
    words = r"[^a-z0-9]+".join(map(re.escape, phrase.split()))
    return re.compile(r"(?<![a-z0-9])" + words + r"(?![a-z0-9])")
