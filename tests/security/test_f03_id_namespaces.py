"""Finding 3: one id space for all channels.

Attack: a REST POST with a widget session id continues that widget conversation with its
context; a WhatsApp conversation (keyed by phone number) or a Telegram chat id is reached by
guessing. Now every channel has its own namespace (`widget:`, `tg:`, `wa:`; REST ids cannot
hold ':'), the widget's session is a server-issued signed token bound to the socket that
asked for it, and in production the REST channel needs a token.
"""

from __future__ import annotations

import asyncio

import pytest

from bot.runtime.channels import conversation_ids, rest
from bot.runtime.channels.rest import RequestError, parse_body
from bot.runtime.channels.socketio import (
    clean_session_token,
    conversation_for,
    issue_session_token,
    session_local,
)


@pytest.mark.parametrize("sender", ["widget:" + "a" * 32, "tg:778", "wa:" + "0" * 32,
                                    "rest:" + "0" * 32, "socketio:abc"])  # fmt: skip
def test_rest_cannot_name_another_channels_conversation(sender: str) -> None:
    with pytest.raises(RequestError):
        parse_body(f'{{"sender": "{sender}", "message": "hoi"}}'.encode())


def test_numbers_sent_over_rest_are_not_the_whatsapp_or_telegram_conversation() -> None:
    phone = "31612345678"
    assert conversation_ids.rest_id(phone) != conversation_ids.whatsapp_id(phone)
    assert conversation_ids.rest_id(phone).startswith("rest:")
    assert conversation_ids.rest_id("778") == "778" != conversation_ids.telegram_id(778)


def test_widget_sessions_are_issued_and_signed_by_the_server() -> None:
    token = issue_session_token()
    local = session_local(token)
    assert local and len(local) == 32 and conversation_for(token) == f"widget:{local}"
    assert clean_session_token(token) == token  # a reload keeps the conversation
    guesses = [local, f"{local}.", f"{local}.{'A' * 22}", "a" * 32, "0" * 32, None, 42,
               conversation_for(token)]  # fmt: skip
    for guess in guesses:
        assert session_local(guess) is None
        assert clean_session_token(guess) != guess  # a fresh session, not that one
    assert len({issue_session_token() for _ in range(100)}) == 100


def test_in_production_the_rest_channel_needs_a_token(monkeypatch) -> None:
    monkeypatch.delenv("REST_CHANNEL", raising=False)
    monkeypatch.setenv("DATABASE_URL", "postgresql://leerloket@db/leerloket")
    monkeypatch.delenv("REST_CHANNEL_TOKEN", raising=False)
    assert rest.mode() == "token"
    assert rest.authorised(None)[:2] == (False, 403)  # no token configured: closed
    monkeypatch.setenv("REST_CHANNEL_TOKEN", "rest-secret")
    assert rest.authorised(None)[:2] == (False, 401)
    assert rest.authorised("Bearer fout")[:2] == (False, 401)
    assert rest.authorised("Bearer rest-secret")[0]
    monkeypatch.setenv("REST_CHANNEL", "off")
    assert rest.authorised("Bearer rest-secret")[:2] == (False, 403)
    monkeypatch.setenv("REST_CHANNEL", "aan")  # a typo closes the channel, never opens it
    assert rest.mode() == "off"
    monkeypatch.setenv("DATABASE_URL", "sqlite:///var/x.db")
    monkeypatch.delenv("REST_CHANNEL")
    assert rest.mode() == "on"  # local use


@pytest.mark.server
def test_rest_cannot_continue_a_widget_conversation_on_the_running_assistant(rasa_stack) -> None:
    from tests.security.helpers import RawSocket, post_json

    async def scenario() -> None:
        async with RawSocket(rasa_stack.rasa_url) as a, RawSocket(rasa_stack.rasa_url) as b:
            await a.emit("session_request", {"session_id": None})
            token = await a.wait_for("session_confirm")
            conversation = conversation_for(token)
            await a.emit("user_uttered", {"message": "hallo", "session_id": token})
            assert await a.wait_for("bot_uttered"), "the widget got no answer"
            # Another socket with the stolen token, without asking for the session: refused.
            await b.emit("user_uttered", {"message": "ik wil een mens", "session_id": token})
            await b.wait_for("session_expired")
            # Asking for it by its conversation id, or unsigned: a new session instead.
            await b.emit("session_request", {"session_id": conversation.removeprefix("widget:")})
            assert conversation_for(await b.wait_for("session_confirm")) != conversation

    asyncio.run(scenario())
    url = f"{rasa_stack.rasa_url}/webhooks/rest/webhook"
    status, body = post_json(url, {"sender": "widget:" + "a" * 32, "message": "hallo"})
    assert status == 400 and "':'" in body["error"]
