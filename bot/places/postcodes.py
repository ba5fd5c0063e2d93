"""Postcodes in a message: "7311", "7311 AB", "mijn postcode is 7311ab", but not "1500 euro".

A four-digit number counts as a postcode with letters after it, after a cue ("postcode",
"in", "bij", ...), alone in a short message, or opening a message when it is in the table;
years, amounts and units ("2025", "€ 1500", "1200 uur") do not.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.places.gazetteer import Gazetteer
from bot.places.matching import Token
from bot.places.resolution import Candidate, Kind, Resolution
from bot.places.words import (
    COMMON_TWO_LETTER,
    FILLER_WORDS,
    LOCATIVE_BEFORE_NUMBER,
    MAX_SHORT_MESSAGE,
    POSTCODE_CUES,
    UNIT_WORDS,
)

_POSTCODE_RE = re.compile(r"(?<![\w.,€$])([1-9]\d{3})(?:(\s?)([A-Za-z]{2}))?(?![\w])")


def read_postcode(gaz: Gazetteer, text: str, tokens: Sequence[Token]) -> Resolution | None:
    """The first postcode in the text that reads as one; found or unknown."""
    words = {t.norm for t in tokens}
    has_cue = bool(words & POSTCODE_CUES)
    for match in _POSTCODE_RE.finditer(text):
        digits, space, letters = match.group(1), match.group(2), match.group(3)
        start, end = match.start(), match.end()
        before = text[:start].rstrip()
        if before.endswith(("€", "$", "-", "/", "+")):
            continue
        after_tokens = [t for t in tokens if t.start >= end]
        next_word = after_tokens[0].norm if after_tokens else ""
        if letters and (
            letters.lower() in UNIT_WORDS
            or (space and letters.islower() and letters in COMMON_TWO_LETTER and not has_cue)
        ):
            next_word, letters, end = letters.lower(), None, match.start(2)
        prev_tokens = [t for t in tokens if t.end <= start]
        prev_word = prev_tokens[-1].norm if prev_tokens else ""
        if letters:
            accepted = True
        else:
            if next_word in UNIT_WORDS or text[end : end + 1] in ("-", "%", ":"):
                continue
            only_number = (
                all(
                    t.norm in FILLER_WORDS or t.norm in POSTCODE_CUES
                    for t in tokens
                    if t.end <= start or t.start >= end
                )
                and len(tokens) <= MAX_SHORT_MESSAGE
            )
            is_year = 1900 <= int(digits) <= 2099
            opens_message = not prev_tokens and gaz.pc4(digits) is not None  # "9711 waar ..."
            accepted = (
                has_cue
                or only_number
                or (not is_year and (opens_message or prev_word in LOCATIVE_BEFORE_NUMBER))
            )
        if not accepted:
            continue
        code = f"{digits} {letters.upper()}" if letters else digits
        kind: Kind = "postcode" if letters else "pc4"
        span_text = text[start:end].strip()
        entry = gaz.pc4(digits)
        if entry is None:
            return Resolution(status="unknown", kind=kind, text=span_text, postcode=code)
        m = gaz.municipality(entry.municipality_id)
        assert m is not None
        cands = [Candidate(m, m.display_name, share=entry.share)]
        for other_id, share in entry.others:
            other = gaz.municipality(other_id)
            if other is not None:
                cands.append(Candidate(other, other.display_name, share=share))
        return Resolution(
            status="found",
            kind=kind,
            text=span_text,
            municipality=m,
            region=gaz.region_of(m),
            candidates=tuple(cands),
            postcode=code,
        )
    return None
