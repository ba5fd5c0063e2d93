"""Finding 2: path traversal through the conversation id.

Attack: a REST sender `someone/../victim` opens a handoff; the console puts the id into
`/conversations/{id}/…` unescaped, the HTTP client normalises `..`, and the adviser reads,
writes to and resumes the victim's conversation. Now such an id is refused at the channel
(400), the console sends only well-formed ids, each percent-encoded as one path segment and
never normalised, and an id that is not well-formed (an old row) never reaches a URL.
"""

from __future__ import annotations

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from bot.runtime.channels.conversation_ids import InvalidId, is_valid, url_segment
from bot.runtime.channels.rest import RequestError, parse_body
from bot.web.console import rasa_api

TRAVERSALS = ["someone/../victim", "../victim", "a/b", "x%2F..%2Fvictim", "..", "a..b",
              "victim/", "/victim", "a\\..\\b"]  # fmt: skip


@pytest.mark.parametrize("sender", TRAVERSALS)
def test_the_rest_channel_refuses_traversal_ids(sender: str) -> None:
    with pytest.raises(RequestError) as error:
        parse_body(
            f'{{"sender": "{sender.replace(chr(92), chr(92) * 2)}", "message": "hoi"}}'.encode()
        )
    assert error.value.status == 400
    assert not is_valid(sender)


def test_every_id_is_one_encoded_path_segment() -> None:
    # What a well-formed id may hold needs no encoding in a path segment (and Rasa's server
    # does not decode path parameters); what it may not hold never gets that far.
    assert url_segment("wa:" + "a" * 32) == "wa:" + "a" * 32
    assert url_segment("user.name+x@y") == "user.name+x@y"
    for sender in TRAVERSALS:
        with pytest.raises(InvalidId):
            url_segment(sender)


@pytest.fixture
async def fake_rasa(monkeypatch):
    """A stand-in for Rasa's HTTP API that records the raw paths it is asked for."""
    seen: list[str] = []

    async def anything(request: web.Request) -> web.Response:
        seen.append(request.raw_path)
        return web.json_response({"events": [], "messages": []})

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", anything)
    server = TestServer(app)
    await server.start_server()
    monkeypatch.setenv("RASA_URL", str(server.make_url("")))
    monkeypatch.setenv("RASA_TOKEN", "t")
    from bot.config.settings import get_settings

    get_settings.cache_clear()
    yield seen
    await server.close()
    get_settings.cache_clear()


async def test_the_console_never_sends_a_traversal_to_rasa(fake_rasa) -> None:
    for sender in TRAVERSALS:
        with pytest.raises(rasa_api.RasaError):
            await rasa_api.send_reply(sender, "Hallo")
        with pytest.raises(rasa_api.RasaError):
            await rasa_api.resume(sender)
        with pytest.raises(rasa_api.RasaError):
            await rasa_api.conversation_events(sender)
    assert fake_rasa == []  # not one request went out
    await rasa_api.send_reply("tg:778", "Hallo")
    assert fake_rasa and all(p.startswith("/conversations/tg:778/") for p in fake_rasa)


@pytest.mark.server
def test_a_traversal_sender_is_refused_by_the_running_assistant(rasa_stack) -> None:
    from tests.security.helpers import post_json

    url = f"{rasa_stack.rasa_url}/webhooks/rest/webhook"
    status, body = post_json(url, {"sender": "someone/../victim", "message": "ik wil een mens"})
    assert status == 400 and "sender" in body["error"]
    status, _ = post_json(url, {"sender": "victim", "message": "hallo"})
    assert status == 200
