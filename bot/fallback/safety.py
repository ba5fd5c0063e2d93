"""Messages that need a person, whatever the classifier thinks: crisis, violence, debt,
discrimination, complaints. A curated word list is the safety net under the NLU model.
"""

from __future__ import annotations

import re

from bot.text.normalise import normalise

# Phrases are matched on normalised text (lowercase, no accents or punctuation), as whole
# words; a trailing * matches any word ending ("mishandel*" → mishandeld, mishandelt).
SENSITIVE_PHRASES: dict[str, tuple[str, ...]] = {
    "crisis": (
        "zelfmoord*", "zelfdoding", "niet meer leven", "niet meer verder leven", "wil dood",
        "eind aan maken", "einde aan maken", "mezelf iets aandoen", "uit het leven",
        "zie het niet meer zitten", "geen uitweg", "suicide*", "suicidaal",
    ),
    "violence": (
        "mishandel*", "geslagen", "slaat mij", "slaat me", "huiselijk geweld", "niet veilig thuis",
        "bedreigd", "misbruikt", "verkracht*", "seksuele intimidatie",
    ),
    "debt": ("schulden", "schuld", "deurwaarder", "schuldhulp*", "uit huis gezet", "gokschuld"),
    "discrimination": (
        "discrimin*", "diskrimin*", "gediscrimineerd", "gediskrimineerd", "racisme", "racistisch",
    ),
    "complaint": ("klacht*", "klagen"),
}  # fmt: skip


def _pattern(phrase: str) -> str:
    if phrase.endswith("*"):
        return rf"\b{re.escape(phrase[:-1])}\w*"
    return rf"\b{re.escape(phrase)}\b"


_PATTERNS = {
    reason: re.compile("|".join(_pattern(p) for p in phrases))
    for reason, phrases in SENSITIVE_PHRASES.items()
}


def sensitive_reason(text: str) -> str | None:
    """The first reason (in order of urgency) a message needs a person, or None."""
    clean = normalise(text)
    for reason, pattern in _PATTERNS.items():
        if pattern.search(clean):
            return reason
    return None
