"""Finding 7: sessions outlived logout.

Attack: a live transcript stream opened before logout kept sending new messages after it,
and a closed handoff's page kept showing the user's later conversation. Now every stream
checks the session (and whether the item may still be shown) before each event, so logout,
an expired session or a handoff routed elsewhere ends it; a closed handoff shows the
conversation up to its close only.
"""

from __future__ import annotations

import asyncio

import pytest
from aiohttp.test_utils import TestClient, TestServer

import bot.web.console as console
from bot.handoff import store
from bot.web.server import create_app
from tests.security.helpers import csrf_of, login


@pytest.fixture
def live(monkeypatch):
    """Rasa's tracker as the console sees it: a list the test adds messages to."""
    events: list[dict] = []

    async def conversation_events(conversation_id: str) -> list[dict]:
        return list(events)

    monkeypatch.setattr(console.rasa_api, "conversation_events", conversation_events)
    monkeypatch.setattr(console, "STREAM_INTERVAL_SECONDS", 0.05)
    return events


async def next_event(response, timeout: float = 5.0) -> tuple[str, str]:
    """The next server-sent event: (name, data); ("", "") at the end of the stream."""
    name = data = ""
    while True:
        line = await asyncio.wait_for(response.content.readline(), timeout)
        if not line:
            return "", ""
        text = line.decode().rstrip("\n")
        if text.startswith("event: "):
            name = text[7:]
        elif text.startswith("data: "):
            data = text[6:]
        elif text == "" and name:
            return name, data


def open_twente_handoff(engine) -> store.Handoff:
    return store.open_handoff(engine, "user-twente", "asked", "Vraag",
                              [{"who": "user", "text": "hallo"}], region="Twente")  # fmt: skip


async def test_logout_ends_a_live_transcript_stream(engine, live) -> None:
    handoff = open_twente_handoff(engine)
    async with TestClient(TestServer(create_app())) as client:
        await login(client, "twente")
        csrf = await csrf_of(client)
        stream = await client.get(f"/console/handoff/{handoff.id}/stream")
        assert (await next_event(stream))[0] == "messages"
        await client.post("/console/logout", data={"csrf": csrf}, allow_redirects=False)
        live.append({"event": "user", "text": "iets nieuws na het uitloggen",
                     "timestamp": handoff.created_at.timestamp() + 5})  # fmt: skip
        name, data = await next_event(stream)
        assert name == "ended" and "na het uitloggen" not in data
        assert await next_event(stream) == ("", "")  # closed by the server


async def test_logout_ends_the_queue_stream(engine, live) -> None:
    open_twente_handoff(engine)
    async with TestClient(TestServer(create_app())) as client:
        await login(client, "twente")
        csrf = await csrf_of(client)
        stream = await client.get("/console/events")
        assert (await next_event(stream))[0] == "queue"
        await client.post("/console/logout", data={"csrf": csrf}, allow_redirects=False)
        assert (await next_event(stream))[0] == "ended"


async def test_a_handoff_routed_elsewhere_leaves_the_old_advisers_stream(engine, live) -> None:
    handoff = open_twente_handoff(engine)
    async with TestClient(TestServer(create_app())) as client:
        await login(client, "twente")
        stream = await client.get(f"/console/handoff/{handoff.id}/stream")
        assert (await next_event(stream))[0] == "messages"
        store.set_region(engine, handoff.id, "Regio Zwolle")  # an admin moved it
        assert (await next_event(stream))[0] == "ended"


async def test_a_closed_handoff_shows_the_conversation_up_to_its_close(engine, live) -> None:
    handoff = open_twente_handoff(engine)
    start = handoff.created_at.timestamp()
    assert store.claim(engine, handoff.id, "twente")
    await asyncio.sleep(0.05)
    assert store.close(engine, handoff.id, "twente", "geholpen")
    closed = store.get(engine, handoff.id).closed_at.timestamp()
    live.append({"event": "user", "text": "vraag tijdens de handoff",
                 "timestamp": (start + closed) / 2})  # fmt: skip
    live.append({"event": "user", "text": "later geheim aan de bot", "timestamp": closed + 60})
    live.append({"event": "bot", "text": "later antwoord", "timestamp": closed + 61})
    async with TestClient(TestServer(create_app())) as client:
        await login(client, "twente")
        page = await (await client.get(f"/console/handoff/{handoff.id}")).text()
        assert "vraag tijdens de handoff" in page
        assert "later geheim" not in page and "later antwoord" not in page
        assert "Dit gesprek is afgesloten" in page
        stream = await client.get(f"/console/handoff/{handoff.id}/stream")
        name, data = await next_event(stream)
        assert name == "messages" and "tijdens" in data and "later" not in data
        assert (await next_event(stream))[0] == "ended"  # nothing more will come
