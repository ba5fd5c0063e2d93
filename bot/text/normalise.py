"""The one place where text is folded for comparison: lowercase, accents removed.

Every feature compares user text with names and phrases through these three functions, so
"Súdwest-Fryslân", "sudwest fryslan" and "SÚDWEST-FRYSLÂN" are the same everywhere.
"""

from __future__ import annotations

import re
import unicodedata

_NOT_WORD_RE = re.compile(r"[^a-z0-9 ]+")


def fold(text: str) -> str:
    """Lowercase without accents: "Súdwest-Fryslân" → "sudwest-fryslan"."""
    text = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def normalise(text: str) -> str:
    """Folded, punctuation replaced by spaces, single spaces: "Wat kost 't?" → "wat kost t"."""
    return " ".join(_NOT_WORD_RE.sub(" ", fold(text)).split())


def fold_keep_length(text: str) -> str:
    """Like `fold`, with one character for each character of `text` (offsets stay valid)."""
    return "".join(
        (unicodedata.normalize("NFKD", ch)[:1] if ch.isalpha() else ch) for ch in text.lower()
    )
