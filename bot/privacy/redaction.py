"""Find and redact personal data (AVG/GDPR) in free text.

Kinds: BSN (validated with the 11-check, so ordinary 9-digit numbers stay), IBAN
(validated with mod-97), Dutch and international phone numbers in the ways people type them
("(06) 12 34 56 78", "06 - 12 34 56 78", "+31 (0)6-1234 5678", "06.12.34.56.78"), e-mail
addresses and street + house number. Redaction replaces each match with a placeholder such
as ``[BSN]`` so the stored text still reads naturally. What users type is also cleared of
person names (`redact_user_text`, `bot/privacy/names.py`): in the tracker store (user events),
handoff transcripts and summaries, and log lines.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

EMAIL_RE = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
IBAN_RE = re.compile(r"\b[A-Za-z]{2}\d{2}(?:\s?[A-Za-z0-9]{4}){2,7}(?:\s?[A-Za-z0-9]{1,3})?\b")
# 9 digits, optionally grouped as 123.456.789 / 123 456 789 / 1234 56 789.
BSN_RE = re.compile(r"(?<![\d.\-])(\d{4}[ .]?\d{2}[ .]?\d{3}|\d{3}[ .]?\d{3}[ .]?\d{3})(?![\d\-])")
# Dutch numbers: 06-12345678, 06 1234 5678, (06) 12 34 56 78, 06 - 12 34 56 78, 010-1234567,
# (020) 123 45 67, +31 6 12345678, +31 (0)6-1234 5678, (+31) 6 ..., 0031612345678, 06.12.34.56.78.
# Between two digits up to four of: space, tab, - – . / ( ). Not before ':' (a date and a
# time, "01-02-2026 10:30", has ten digits too).
_PHONE_SEP = r"[ \t\-–./()]{0,4}"
PHONE_RE = re.compile(
    r"(?<![\w+(])(?:"
    r"(?:\(\s?)?(?:\+\s?|00)31\s?\)?" + _PHONE_SEP + r"(?:\(\s?0\s?\)" + _PHONE_SEP + r")?"
    r"|\(?\s?0)"
    r"[1-9](?:" + _PHONE_SEP + r"\d){8}(?![\d:])"
    r"|(?<![\w+])\+\s?(?!31)[1-9]\d{0,2}(?:\s?\(0\))?(?:[ \t\-.]{0,2}\d){6,12}(?!\d)"
)
_STREET_SUFFIX = (
    r"(?:straat|laan|weg|plein|gracht|kade|singel|dijk|steeg|pad|dreef|hof|park|markt"
    r"|wal|baan|ring|veld|erf|akker|hoeve|burcht|boulevard|passage)"
)
STREET_RE = re.compile(
    rf"\b[A-Z][\w'\-]*{_STREET_SUFFIX}\s+\d{{1,5}}(?:\s?[a-zA-Z](?![a-zA-Z]))?(?:[\-\s]?\d{{1,3}})?\b"
    rf"|\b[a-z][\w'\-]*{_STREET_SUFFIX}\s+\d{{1,5}}(?:\s?[a-zA-Z](?![a-zA-Z]))?\b",
)

PLACEHOLDERS = {
    "email": "[E-MAIL]",
    "iban": "[IBAN]",
    "bsn": "[BSN]",
    "phone": "[TELEFOON]",
    "address": "[ADRES]",
}


@dataclass(frozen=True)
class Finding:
    kind: str
    start: int
    end: int


def is_valid_bsn(digits: str) -> bool:
    """The Dutch 11-check ("elfproef") for citizen service numbers."""
    digits = re.sub(r"\D", "", digits)
    if len(digits) != 9 or digits == "000000000":
        return False
    weights = (9, 8, 7, 6, 5, 4, 3, 2, -1)
    return sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11 == 0


def is_valid_iban(candidate: str) -> bool:
    """ISO 13616 mod-97 check."""
    iban = re.sub(r"\s", "", candidate).upper()
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{11,30}", iban):
        return False
    rearranged = iban[4:] + iban[:4]
    number = "".join(str(int(ch, 36)) for ch in rearranged)
    return int(number) % 97 == 1


# Every kind above holds a digit or an "@": text without either has none (most of what is
# stored: intent names, bot texts, slot names), and is not run through the patterns.
_MAY_HOLD_PERSONAL_DATA = re.compile(r"[\d@]")


def find_personal_data(text: str) -> list[Finding]:
    """All personal-data spans in `text`, without overlaps, in text order."""
    if not _MAY_HOLD_PERSONAL_DATA.search(text):
        return []
    found: list[Finding] = []
    found += [Finding("email", m.start(), m.end()) for m in EMAIL_RE.finditer(text)]
    found += [
        Finding("iban", m.start(), m.end())
        for m in IBAN_RE.finditer(text)
        if is_valid_iban(m.group())
    ]
    found += [
        Finding("bsn", m.start(), m.end()) for m in BSN_RE.finditer(text) if is_valid_bsn(m.group())
    ]
    found += [Finding("phone", m.start(), m.end()) for m in PHONE_RE.finditer(text)]
    found += [Finding("address", m.start(), m.end()) for m in STREET_RE.finditer(text)]
    return _without_overlaps(found)


def _without_overlaps(findings: Iterable[Finding]) -> list[Finding]:
    kept: list[Finding] = []
    # Longer matches first, so "+31 6 ..." beats a BSN-looking part of it.
    for f in sorted(findings, key=lambda f: (-(f.end - f.start), f.start)):
        if all(f.end <= k.start or f.start >= k.end for k in kept):
            kept.append(f)
    return sorted(kept, key=lambda f: f.start)


def personal_data_kinds(text: str) -> set[str]:
    return {f.kind for f in find_personal_data(text)}


def redact(text: str) -> str:
    """`text` with every personal-data span replaced by its placeholder."""
    if not text:
        return text
    out: list[str] = []
    pos = 0
    for f in find_personal_data(text):
        out.append(text[pos : f.start])
        out.append(PLACEHOLDERS[f.kind])
        pos = f.end
    out.append(text[pos:])
    return "".join(out)


def redact_user_text(text: str) -> str:
    """What a user typed: personal data and person names replaced by placeholders."""
    if not text:
        return text
    from bot.privacy.names import redact_names

    return redact_names(redact(text))


def redact_value(value: Any) -> Any:
    """Redact strings anywhere inside JSON-like data (dicts, lists); in a Rasa user event,
    person names in what the user typed too."""
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, dict):
        redacted = {k: redact_value(v) for k, v in value.items()}
        if value.get("event") == "user":
            _redact_user_event(redacted)
        return redacted
    if isinstance(value, list):
        return [redact_value(v) for v in value]
    return value


def _redact_user_event(event: dict[str, Any]) -> None:
    from bot.privacy.names import redact_names

    if isinstance(event.get("text"), str):
        event["text"] = redact_names(event["text"])
    parse_data = event.get("parse_data")
    if isinstance(parse_data, dict) and isinstance(parse_data.get("text"), str):
        parse_data["text"] = redact_names(parse_data["text"])
