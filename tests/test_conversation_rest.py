"""The assistant over the REST channel, against the real Rasa server and action server."""

from __future__ import annotations

import json
import urllib.request
import uuid
from pathlib import Path
from urllib.parse import urlparse

import pytest

pytestmark = pytest.mark.server


def sender() -> str:
    return f"test-{uuid.uuid4().hex[:12]}"


def texts(messages: list[dict]) -> str:
    return " ".join(m.get("text", "") for m in messages)


def test_health_endpoint_answers(rasa_stack) -> None:
    with urllib.request.urlopen(f"{rasa_stack.rasa_url}/", timeout=5) as response:
        assert response.status == 200
        assert b"Hello from Rasa" in response.read()


def test_http_api_needs_the_token(rasa_stack) -> None:
    with pytest.raises(urllib.error.HTTPError) as error:
        urllib.request.urlopen(f"{rasa_stack.rasa_url}/status", timeout=5)
    assert error.value.code == 401
    with urllib.request.urlopen(rasa_stack.api("/status"), timeout=5) as response:
        assert json.loads(response.read())["model_file"]


def test_hallo_gets_a_dutch_greeting_with_buttons(rest_chat) -> None:
    messages = rest_chat(sender(), "hallo")
    assert messages, "no reply"
    assert "Leerloket" in messages[0]["text"]
    assert any(word in messages[0]["text"] for word in ("Hallo", "Hoi"))
    assert messages[0].get("buttons")


def test_personal_data_gets_a_warning_and_is_not_echoed(rest_chat) -> None:
    messages = rest_chat(sender(), "mijn bsn is 111222333")
    reply = texts(messages)
    assert "BSN" in reply and "111222333" not in reply


def buttons(messages: list[dict]) -> list[str]:
    return [b["payload"] for m in messages for b in m.get("buttons", [])]


def test_gibberish_gets_an_honest_reply_and_an_adviser(rest_chat) -> None:
    user = sender()
    for text in ("qwxz vbnm plkj", "zzxq wvvb ttkk"):
        reply = rest_chat(user, text)
        assert "Bron:" not in texts(reply)  # never an answer from a weak match
        assert "/request_human" in buttons(reply)


def test_a_question_that_names_its_facts_is_answered_at_once(rest_chat) -> None:
    user = sender()
    reply = rest_chat(user, "ik ben 45 en werk in loondienst, wie betaalt mijn opleiding?")
    assert "Bron:" in texts(reply) and "Je werkt in loondienst" in texts(reply)
    assert "/start_funding_check" in buttons(reply)  # the guided check is offered, not started
    assert "Hoe oud ben je" not in texts(reply)


def test_the_guided_check_asks_only_what_it_does_not_know(rest_chat) -> None:
    user = sender()
    rest_chat(user, "ik ben 45 en werk in loondienst, wie betaalt mijn opleiding?")
    asked = texts(rest_chat(user, "/start_funding_check"))
    assert "Wat wil je bereiken" in asked and "Hoe oud ben je" not in asked
    assert "hoogste diploma" in texts(rest_chat(user, "ander werk"))
    result = texts(rest_chat(user, "mbo 2"))
    assert "Dit kan passen bij jou" in result and "Je bent 45" in result


def test_a_where_question_in_a_village_and_a_follow_up(rest_chat) -> None:
    user = sender()
    reply = texts(rest_chat(user, "waar kan ik in rosmalen leren lezen"))
    assert "'s-Hertogenbosch" in reply and "Bron:" in reply
    assert "Wat kost het?" in texts(rest_chat(user, "en is dat gratis"))


def test_a_place_given_later_answers_the_last_question_there(rest_chat) -> None:
    user = sender()
    first = texts(rest_chat(user, "waar kan ik beter leren rekenen"))
    assert "Bron:" in first and "postcode" in first  # an answer first, then the place asked once
    reply = texts(rest_chat(user, "hoogeveen"))
    assert "Hoogeveen" in reply and "Bron:" in reply and "geen informatie" not in reply


def test_a_career_question_is_answered_before_any_place_is_asked(rest_chat) -> None:
    user = sender()
    reply = texts(rest_chat(user, "ik twijfel over mijn werk, waar krijg ik loopbaanadvies?"))
    assert "Bron:" in reply
    there = texts(rest_chat(user, "8011"))
    assert "Zwolle" in there and "Bron:" in there


def test_stop_leaves_the_form(rest_chat) -> None:
    user = sender()
    rest_chat(user, "/start_funding_check")
    assert "stoppen" in texts(rest_chat(user, "laat maar"))
    assert "Leerloket" in texts(rest_chat(user, "hallo"))


def test_stored_conversation_has_no_personal_data(rest_chat, rasa_stack) -> None:
    from sqlalchemy import create_engine, text

    user = sender()
    rest_chat(user, "mijn bsn is 111222333 en mijn mail is jan@example.nl")
    rest_chat(user, "bel me op 06-12345678")
    engine = create_engine(rasa_stack.env["DATABASE_URL"], future=True)
    with engine.connect() as conn:
        rows = (
            conn.execute(text("select data from events where sender_id = :s"), {"s": user})
            .scalars()
            .all()
        )
    stored = " ".join(rows)
    assert rows and "[BSN]" in stored and "[TELEFOON]" in stored
    for secret in ("111222333", "jan@example.nl", "06-12345678"):
        assert secret not in stored


def listening_addresses(port: int) -> set[str]:
    """Local addresses with a listening TCP socket on `port`, read from /proc/net/tcp{,6}."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.split(":")
            if state == "0A" and int(hex_port, 16) == port:  # 0A: LISTEN
                found.add(address)
    return found


def test_action_server_listens_on_loopback_only(rasa_stack) -> None:
    port = urlparse(rasa_stack.action_url).port
    # 0100007F is 127.0.0.1 in the kernel's byte order; an open server would show 00000000.
    assert listening_addresses(port) == {"0100007F"}


def stored_events(rasa_stack, conversation: str) -> str:
    from sqlalchemy import create_engine, text

    engine = create_engine(rasa_stack.env["DATABASE_URL"], future=True)
    with engine.connect() as conn:
        rows = conn.execute(text("select data from events where sender_id = :s"),
                            {"s": conversation}).all()  # fmt: skip
    return " ".join(row[0] for row in rows)


def test_call_back_request_keeps_the_number_out_of_the_conversation(rest_chat, rasa_stack) -> None:
    from sqlalchemy import create_engine

    from bot.handoff import contact

    user = sender()
    asked = texts(rest_chat(user, '/request_contact{"contact_kind":"telefoon"}'))
    assert "Typ je telefoonnummer" in asked and "dagen" in asked
    assert "geen telefoonnummer" in texts(rest_chat(user, "weet ik niet"))
    done = texts(rest_chat(user, "mijn nummer is 06-12345678"))
    assert "Een adviseur belt je" in done and "12345678" not in done

    engine = create_engine(rasa_stack.env["DATABASE_URL"], future=True)
    [request] = [r for r in contact.open_requests(engine) if r.conversation_id == user]
    assert request.address == "0612345678" and request.kind == "telefoon"
    assert "Typ je telefoonnummer" in request.consent
    stored = stored_events(rasa_stack, user)
    assert "12345678" not in stored and "[TELEFOON]" in stored
    assert "Leerloket" in texts(rest_chat(user, "hallo"))  # the bot goes on as usual


def test_call_back_request_can_be_stopped_and_the_question_left_in_chat(
    rest_chat, rasa_stack
) -> None:
    from sqlalchemy import create_engine

    from bot.handoff import contact, store

    user = sender()
    assert "e-mailadres" in texts(rest_chat(user, '/request_contact{"contact_kind":"e-mail"}'))
    assert texts(rest_chat(user, "laat maar"))  # the usual "stopped" answer
    engine = create_engine(rasa_stack.env["DATABASE_URL"], future=True)
    assert not [r for r in contact.open_requests(engine) if r.conversation_id == user]
    # The third choice outside office hours: leave the question for an adviser in the chat.
    assert "adviseur" in texts(rest_chat(user, "/leave_question"))
    assert store.active_for(engine, user) is not None
    assert rest_chat(user, "is er al iemand?") == []  # paused: it waits for the adviser


def test_unclaimed_handoff_expires_and_offers_a_call_back(
    rest_chat, rasa_stack, console_rasa
) -> None:
    import asyncio
    from datetime import timedelta

    from sqlalchemy import create_engine, update

    from bot.handoff import store
    from bot.web.console import expire_due_handoffs

    user = sender()
    assert "adviseur" in texts(rest_chat(user, "is er een medewerker aanwezig"))
    engine = create_engine(rasa_stack.env["DATABASE_URL"], future=True)
    handoff = store.active_for(engine, user)
    with engine.begin() as conn:  # nobody claimed it for an hour
        conn.execute(update(store.handoffs).where(store.handoffs.c.id == handoff.id)
                     .values(created_at=store.now() - timedelta(hours=1)))  # fmt: skip
    expired = asyncio.run(expire_due_handoffs(timedelta(minutes=15)))
    assert handoff.id in [h.id for h in expired]
    assert store.get(engine, handoff.id).status == "expired"
    assert "Het lukt nu niet" in stored_events(rasa_stack, user)
    # The conversation is the bot's again: the offered button works.
    assert "Typ je telefoonnummer" in texts(
        rest_chat(user, '/request_contact{"contact_kind":"telefoon"}'))  # fmt: skip
