import pytest

from bot.fallback.safety import sensitive_reason


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("ik wil er een eind aan maken", "crisis"),
        ("Ik denk aan zelfmoord", "crisis"),
        ("ik zie het niet meer zitten", "crisis"),
        ("mijn man mishandelt mij", "violence"),
        ("ik ben niet veilig thuis", "violence"),
        ("de deurwaarder staat voor de deur", "debt"),
        ("ik heb grote schulden", "debt"),
        ("ik word gediscrimineerd op mijn werk", "discrimination"),
        ("ik wil een klacht indienen", "complaint"),
    ],
)
def test_sensitive_messages_are_caught(text: str, reason: str) -> None:
    assert sensitive_reason(text) == reason


@pytest.mark.parametrize(
    "text",
    [
        "wie betaalt mijn opleiding",
        "ik wil beter leren lezen",
        "is dat gratis",
        "ik ben 45",
        "wat kost een cursus",
        "ik schuif aan bij de les",
    ],
)
def test_ordinary_questions_are_not_sensitive(text: str) -> None:
    assert sensitive_reason(text) is None
