"""Rebuild kb/nl/common_word_names.txt, english_word_names.txt, typo_stopwords.txt.

Many Dutch place names are also ordinary words ("Best", "Hoorn", "Echt", "Putten", "Buren").
The resolver in bot/places only takes such a name after a locative cue ("in", "bij", "uit",
"gemeente", ...) or in a message that is little more than the name. Which names those are is
decided here, from a Dutch and an English word list, and written to kb/nl/ so the running
assistant needs no word list.

The typo list holds the ordinary words that are one letter away from a word of a place name
("leren" is one letter away from Laren and Lieren), so a correctly typed
word is never "corrected" into a place.

Usage (Debian packages wdutch and wamerican-small give the default lists):
    python scripts/build_place_wordlists.py [--dutch FILE] [--english FILE] [--out DIR]
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.places.gazetteer import KB_NL, clear_cache, load_gazetteer
from bot.places.resolve import MIN_TYPO_LETTERS, MIN_TYPO_TOKEN, place_keys

DEFAULT_DUTCH = Path("/usr/share/dict/dutch")
DEFAULT_ENGLISH = Path("/usr/share/dict/american-english-small")

# First words that make a two-word name read as a name, not a phrase ("Den Haag", "Ten Boer").
NAME_ARTICLES = frozenset({"den", "ten", "ter", "s", "t", "sint", "st"})
# Listed words that are rare as words but common as places: no cue needed ("Assen", "Woerden",
# "Drachten", "Hoofddorp"; "Zeeland" and "Achterhoek" are said as "in de Achterhoek").
NEVER_GUARD = frozenset(
    {
        "assen", "asten", "boekel", "borne", "de bilt", "dongen", "landgraaf", "laren",
        "moerdijk", "nieuwkoop", "soest", "steenbergen", "voorschoten", "wassenaar",
        "waterland", "weert", "wierden", "woerden", "drachten", "hoofddorp", "geleen", "ijlst",
        "zeeland", "achterhoek", "rivierenland",
    }
)  # fmt: skip
# Names that the lists miss but that are ordinary words in a chat (two letters are guarded
# by the resolver itself).
ALWAYS_GUARD: frozenset[str] = frozenset()


def read_words(path: Path, *, capitalised: bool = False) -> set[str]:
    """Lowercase entries (ordinary words); with capitalised=True also names and language
    words ("Nederlands"), lowercased."""
    words = set()
    for line in path.read_text(encoding="utf-8", errors="ignore").splitlines():
        word = line.strip()
        if not word or not word.isalpha():
            continue
        if word == word.lower():
            words.add(word)
        elif capitalised:
            words.add(word.lower())
    return words


def guarded_names(keys: Iterable[str], words: set[str]) -> list[str]:
    out = []
    for key in keys:
        parts = key.split()
        if key in NEVER_GUARD:
            continue
        if (
            key in ALWAYS_GUARD
            or (len(parts) == 1 and parts[0] in words)
            or (
                len(parts) == 2 and parts[0] not in NAME_ARTICLES and all(p in words for p in parts)
            )
        ):
            out.append(key)
    return sorted(set(out))


def typo_stopwords(keys: Iterable[str], words: set[str]) -> list[str]:
    """Ordinary words one edit away from a word of a place name that may carry a typo."""
    from bot.places.resolve import _deletions, _one_edit

    name_words: set[str] = set()
    for key in keys:
        if len(key.replace(" ", "")) >= MIN_TYPO_LETTERS:
            name_words.update(w for w in key.split() if len(w) >= MIN_TYPO_TOKEN)
    by_deletion: dict[str, set[str]] = {}
    for w in name_words:
        for d in _deletions(w) | {w}:
            by_deletion.setdefault(d, set()).add(w)
    out = set()
    for word in words:
        if len(word) < MIN_TYPO_TOKEN - 1 or word in name_words:
            continue
        near: set[str] = set()
        for d in _deletions(word) | {word}:
            near |= by_deletion.get(d, set())
        if any(_one_edit(word, w) for w in near):
            out.add(word)
    return sorted(out)


def write_list(path: Path, header: str, items: list[str]) -> None:
    lines = [f"# {line}" if line else "#" for line in header.strip().splitlines()]
    path.write_text("\n".join([*lines, *items]) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dutch", type=Path, default=DEFAULT_DUTCH)
    parser.add_argument("--english", type=Path, default=DEFAULT_ENGLISH)
    parser.add_argument("--out", type=Path, default=KB_NL)
    args = parser.parse_args(argv)
    words = read_words(args.dutch) | read_words(args.english)
    all_words = read_words(args.dutch, capitalised=True) | read_words(
        args.english, capitalised=True
    )
    clear_cache()
    keys = sorted(place_keys(load_gazetteer(args.out)))
    dutch = read_words(args.dutch)
    guarded = guarded_names(keys, dutch)
    english_only = sorted(set(guarded_names(keys, words)) - set(guarded))
    stop = typo_stopwords(keys, all_words)
    write_list(
        args.out / "common_word_names.txt",
        """Place names (in matching form) that are also ordinary words: the resolver takes them
only after a locative cue ("in", "bij", "uit", "gemeente", ...) or in a message that is little
more than the name. Made by scripts/build_place_wordlists.py from the OpenTaal Dutch word
list and an English word list (Debian packages wdutch, wamerican-small); edit the script's
NEVER_GUARD / ALWAYS_GUARD, not this file.""",
        guarded,
    )
    write_list(
        args.out / "english_word_names.txt",
        """Place names that are English words but not Dutch ones ("Goes", "Born", "Hall"): they
need a cue only in a message that reads as English. Made by scripts/build_place_wordlists.py.""",
        english_only,
    )
    write_list(
        args.out / "typo_stopwords.txt",
        """Ordinary words one letter away from a word of a place name: never corrected into
that place. Made by scripts/build_place_wordlists.py (same word lists).""",
        stop,
    )
    print(
        f"{len(keys)} keys, {len(guarded)} need a cue, {len(english_only)} in English,"
        f" {len(stop)} typo stopwords"
    )
    clear_cache()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
