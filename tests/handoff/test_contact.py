"""Call-back and e-mail requests: parsing, the store, consent, wiping, erasure; office hours."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, time

import pytest
from sqlalchemy import create_engine

from bot.handoff import contact
from bot.handoff.hours import OfficeHours
from bot.handoff.messages import ask_contact_address, outside_hours_choice, waits_in_chat
from bot.privacy import retention

MONDAY_11 = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)  # 11:00 in Amsterdam
SATURDAY = datetime(2026, 11, 28, 10, 0, tzinfo=UTC)


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request, tmp_path):
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'contact.db'}"
    else:
        url = request.getfixturevalue("postgres_url")
    engine = create_engine(url, future=True)
    contact.metadata.drop_all(engine)
    yield engine
    contact.metadata.drop_all(engine)
    engine.dispose()


@pytest.mark.parametrize(
    ("kind", "typed", "stored"),
    [
        ("telefoon", "06-12345678", "0612345678"),
        ("telefoon", "mijn nummer is 06 1234 5678", "0612345678"),
        ("telefoon", "+31 6 12345678", "0612345678"),
        ("telefoon", "020 123 4567", "0201234567"),
        ("telefoon", "0612345", None),
        ("telefoon", "06 12345678 of 06 87654321", None),  # which one?
        ("telefoon", "bel me maar", None),
        ("e-mail", "Jan.de.Vries@Example.nl", "jan.de.vries@example.nl"),
        ("e-mail", "mail me op jan@example.nl", "jan@example.nl"),
        ("e-mail", "jan@", None),
    ],
)
def test_addresses_are_read_as_people_type_them(kind, typed, stored) -> None:
    assert contact.normalise_address(kind, typed) == stored


def test_a_request_is_kept_with_consent_and_wiped_when_handled(engine) -> None:
    consent = ask_contact_address("telefoon", 90)
    assert "90 dagen" in consent and "laat maar" in consent
    request = contact.add(engine, conversation_id="c-1", kind="telefoon", address="0612345678",
                          summary="Vragen: hulp bij [TELEFOON]", consent=consent,
                          channel="telegram", region="Twente")  # fmt: skip
    assert request.consent == consent and request.address == "0612345678"
    assert [r.id for r in contact.open_requests(engine, ["Twente"])] == [request.id]
    assert contact.open_requests(engine, ["Zeeland"]) == []
    assert contact.mark_handled(engine, request.id, "anna")
    assert not contact.mark_handled(engine, request.id, "bram")  # done once
    handled = contact.get(engine, request.id)
    assert handled.address is None and handled.handled_by == "anna"
    assert contact.open_requests(engine) == []


def test_bad_requests_are_refused(engine) -> None:
    with pytest.raises(ValueError):
        contact.add(engine, conversation_id="c", kind="fax", address="1", summary="", consent="")
    with pytest.raises(ValueError):
        contact.add(engine, conversation_id="c", kind="telefoon", address="06-1234",
                    summary="", consent="")  # fmt: skip
    assert contact.open_requests(engine) == []


def test_erasure_removes_a_persons_requests(engine) -> None:
    person = f"c-{uuid.uuid4().hex[:8]}"
    for address in ("0612345678", "0687654321"):
        contact.add(engine, conversation_id=person, kind="telefoon", address=address,
                    summary="", consent="ja")  # fmt: skip
    contact.add(engine, conversation_id="someone-else", kind="e-mail", address="a@b.nl",
                summary="", consent="ja")  # fmt: skip
    removed = retention.erase(person, engine)
    assert removed.extra["contact_requests"] == 2
    assert [r.conversation_id for r in contact.open_requests(engine)] == ["someone-else"]


def test_outside_office_hours_the_user_chooses_first_except_in_a_crisis() -> None:
    hours = OfficeHours.parse("ma-vr 09:00-17:00")
    assert waits_in_chat(hours, MONDAY_11, "asked", chose_to_wait=False)
    assert not waits_in_chat(hours, SATURDAY, "asked", chose_to_wait=False)
    assert waits_in_chat(hours, SATURDAY, "asked", chose_to_wait=True)
    assert waits_in_chat(hours, SATURDAY, "crisis", chose_to_wait=False)
    choice = outside_hours_choice(hours)
    assert [b.payload for b in choice.buttons] == [
        '/request_contact{"contact_kind":"telefoon"}',
        '/request_contact{"contact_kind":"e-mail"}',
        "/leave_question",
    ]


def test_office_hours_around_the_clock() -> None:
    always = OfficeHours.parse("ma-zo 00:00-24:00")
    assert always.closes == time.max
    late_sunday = datetime(2026, 11, 29, 22, 59, 59, tzinfo=UTC)  # 23:59:59 local
    assert always.is_open(late_sunday) and always.is_open(SATURDAY)
    assert "van 00.00 tot 24.00 uur" in always.describe()
    with pytest.raises(ValueError):
        OfficeHours.parse("ma-vr 09:00-25:00")
