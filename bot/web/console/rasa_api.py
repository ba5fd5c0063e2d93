"""The few calls the console makes to Rasa's HTTP API (always with the token).

A conversation id goes into a URL only when it has the form a channel gives it (never '/' or
'..'), encoded as one path segment (`conversation_ids.url_segment`), and the URL is sent as it
is (`encoded=True`, no normalising): no id can climb out of `/conversations/<id>/`
("someone/../victim").
"""

from __future__ import annotations

from typing import Any

import aiohttp
from yarl import URL

from bot.config.settings import get_settings
from bot.runtime.channels.conversation_ids import InvalidId, url_segment

TIMEOUT = aiohttp.ClientTimeout(total=15)


class RasaError(RuntimeError):
    """Rasa did not accept the call; the console shows the message to the adviser."""


def _conversation(conversation_id: str) -> str:
    try:
        return "/conversations/" + url_segment(conversation_id)
    except InvalidId as error:
        raise RasaError("Dit gesprek heeft geen geldig kenmerk; het is niet geopend.") from error


async def _call(method: str, path: str, json: Any = None, params: dict | None = None) -> Any:
    settings = get_settings()
    url = URL(settings.rasa_url.rstrip("/") + path, encoded=True).with_query(
        {"token": settings.rasa_token or "", **(params or {})}
    )
    async with (
        aiohttp.ClientSession(timeout=TIMEOUT) as session,
        session.request(method, url, json=json) as response,
    ):
        if response.status >= 400:
            raise RasaError(
                f"Rasa gaf {response.status} op {path}: {(await response.text())[:200]}"
            )
        return await response.json(content_type=None)


async def conversation_events(conversation_id: str) -> list[dict[str, Any]]:
    tracker = await _call("GET", f"{_conversation(conversation_id)}/tracker",
                          params={"include_events": "ALL"})  # fmt: skip
    return tracker.get("events") or []


async def send_reply(conversation_id: str, text: str) -> list[dict[str, Any]]:
    """Deliver an adviser's reply on the user's own channel, and record it in the tracker."""
    path = _conversation(conversation_id)
    await _call("POST", f"{path}/tracker/events",
                json=[{"event": "slot", "name": "adviser_reply", "value": text}])  # fmt: skip
    result = await _call("POST", f"{path}/execute",
                         json={"name": "action_relay_adviser_reply"},
                         params={"output_channel": "latest"})  # fmt: skip
    await _listen(conversation_id)
    return result.get("messages") or []


async def _listen(conversation_id: str) -> None:
    """End the bot's turn, as Rasa does itself: the next user message then starts a new turn
    (without it, rules that follow `action_listen` would not match the user's next message)."""
    await _call("POST", f"{_conversation(conversation_id)}/tracker/events",
                json=[{"event": "action", "name": "action_listen"}])  # fmt: skip


async def resume(conversation_id: str, announce: str = "action_handoff_resumed") -> None:
    """Give the conversation back to the bot; the `announce` action tells the user."""
    path = _conversation(conversation_id)
    await _call("POST", f"{path}/tracker/events", json=[{"event": "resume"}])
    await _call("POST", f"{path}/execute",
                json={"name": announce}, params={"output_channel": "latest"})  # fmt: skip
    await _listen(conversation_id)
