import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.privacy.redaction import (
    find_personal_data,
    is_valid_bsn,
    is_valid_iban,
    redact,
    redact_value,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("mijn bsn is 111222333", "mijn bsn is [BSN]"),
        ("bsn: 123.456.782 graag", "bsn: [BSN] graag"),
        ("NL91ABNA0417164300 is mijn rekening", "[IBAN] is mijn rekening"),
        ("rekening NL91 ABNA 0417 1643 00", "rekening [IBAN]"),
        ("bel me op 06-12345678", "bel me op [TELEFOON]"),
        ("mijn nummer 0612345678", "mijn nummer [TELEFOON]"),
        ("+31 6 12345678 is mijn mobiel", "[TELEFOON] is mijn mobiel"),
        ("bel 010-1234567", "bel [TELEFOON]"),
        ("mail jan.jansen@example.nl", "mail [E-MAIL]"),
        ("ik woon op Hoofdstraat 12a in zwolle", "ik woon op [ADRES] in zwolle"),
        ("kerkstraat 5 bij de kerk", "[ADRES] bij de kerk"),
    ],
)
def test_redacts_personal_data(text: str, expected: str) -> None:
    assert redact(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "ik ben 45 en heb 123456789 euro",  # 9 digits that fail the 11-check
        "postcode 5211 in den bosch",
        "mbo 2 in 2024",
        "NL91ABNA0417164301",  # wrong IBAN check digits
        "ik wil leren lezen",
    ],
)
def test_keeps_ordinary_text(text: str) -> None:
    assert redact(text) == text


def test_bsn_eleven_check() -> None:
    assert is_valid_bsn("111222333")
    assert is_valid_bsn("123456782")
    assert not is_valid_bsn("123456789")
    assert not is_valid_bsn("000000000")
    assert not is_valid_bsn("12345678")


def test_iban_mod97() -> None:
    assert is_valid_iban("NL91ABNA0417164300")
    assert is_valid_iban("de89 3704 0044 0532 0130 00")
    assert not is_valid_iban("NL91ABNA0417164309")


def test_findings_do_not_overlap_and_are_ordered() -> None:
    findings = find_personal_data("mail a@b.nl of bel 0612345678, bsn 111222333")
    assert [f.kind for f in findings] == ["email", "phone", "bsn"]
    assert all(a.end <= b.start for a, b in itertools.pairwise(findings))


def test_redact_value_walks_nested_data() -> None:
    event = {
        "text": "bsn 111222333",
        "parse_data": {"text": "bsn 111222333", "n": 3},
        "list": ["mail x@y.nl"],
    }
    assert redact_value(event) == {
        "text": "bsn [BSN]",
        "parse_data": {"text": "bsn [BSN]", "n": 3},
        "list": ["mail [E-MAIL]"],
    }


@given(st.text(max_size=300))
def test_redact_never_crashes_and_removes_every_finding(text: str) -> None:
    redacted = redact(text)
    assert not [f for f in find_personal_data(redacted) if f.kind in {"bsn", "iban", "email"}]
