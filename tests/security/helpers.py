"""Shared by the security tests: a fresh database, a fake tracker, a console client."""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from typing import Any

PASSWORDS = {"twente": "twente-wachtwoord", "zwolle": "zwolle-wachtwoord",
             "beheer": "beheer-wachtwoord", "beleid": "beleid-wachtwoord"}  # fmt: skip


def user_event(text: str, metadata: dict | None = None, timestamp: float = 1.0) -> dict:
    return {"event": "user", "text": text, "metadata": metadata or {}, "timestamp": timestamp,
            "parse_data": {"intent": {"name": "request_human"}, "entities": []}}  # fmt: skip


def tracker(sender: str, events: list[dict], slots: dict | None = None,
            intent: str = "request_human", channel: str = "rest"):  # fmt: skip
    from rasa_sdk import Tracker

    latest = next((e for e in reversed(events) if e["event"] == "user"), {"text": ""})
    for event in events:
        event.setdefault("input_channel", channel)
    return Tracker(sender, dict(slots or {}),
                   {"text": latest["text"], "intent": {"name": intent}, "entities": []},
                   events, False, None, {}, "action_listen")  # fmt: skip


async def run_action(action, tracker_) -> tuple[list[dict], list[dict]]:
    from rasa_sdk.executor import CollectingDispatcher

    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, tracker_, {})
    return events, dispatcher.messages


async def login(client, user: str, password: str | None = None, address: str | None = None):
    headers = {"X-Forwarded-For": address} if address else {}
    return await client.post("/console/login", allow_redirects=False, headers=headers,
                             data={"username": user, "password": password or PASSWORDS[user]})  # fmt: skip


async def csrf_of(client) -> str:
    page = await (await client.get("/console")).text()
    return re.search(r'name="csrf" value="([^"]+)"', page).group(1)


def post_json(url: str, body: bytes | dict, headers: dict | None = None) -> tuple[int, Any]:
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json",
                                                              **(headers or {})})  # fmt: skip
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            raw = response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        raw, status = error.read(), error.code
    try:
        return status, json.loads(raw)
    except ValueError:
        return status, raw.decode(errors="replace")


class RawSocket:
    """A socket.io client in a few lines (engine.io 4 over a websocket), as a browser talks."""

    def __init__(self, base_url: str) -> None:
        self.url = base_url + "/socket.io/?EIO=4&transport=websocket"

    async def __aenter__(self) -> RawSocket:
        import aiohttp

        self.session = aiohttp.ClientSession()
        self.ws = await self.session.ws_connect(self.url)
        assert (await self.ws.receive_str()).startswith("0")  # engine.io open
        await self.ws.send_str("40")
        assert (await self.ws.receive_str()).startswith("40")  # namespace joined
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.ws.close()
        await self.session.close()

    async def emit(self, event: str, data: Any) -> None:
        await self.ws.send_str("42" + json.dumps([event, data]))

    async def wait_for(self, event: str, timeout: float = 20.0) -> Any:
        """The data of the next `event` (answering engine.io pings meanwhile)."""
        import asyncio

        async def receive() -> Any:
            while True:
                message = await self.ws.receive_str()
                if message == "2":
                    await self.ws.send_str("3")
                elif message.startswith("42"):
                    name, *args = json.loads(message[2:])
                    if name == event:
                        return args[0] if args else None

        return await asyncio.wait_for(receive(), timeout)
