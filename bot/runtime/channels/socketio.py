"""Rasa's socket.io channel for the web widget, made to work with persistent sessions.

Rasa 3.6 calls `AsyncServer.enter_room` without awaiting it; with python-socketio 5 that
coroutine never runs, so a browser never joins the room of its session and misses every bot
message. This subclass replaces the two handlers concerned: it awaits the join, checks the
input, applies the abuse limits and keeps only the metadata the widget is meant to send.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.socketio import SocketIOInput, SocketIOOutput
from sanic import Blueprint

from bot.config.settings import get_settings
from bot.runtime.channels import sanic_compat
from bot.runtime.channels.guard import MessageGuard

logger = logging.getLogger(__name__)
sanic_compat.install()
METADATA_KEYS = ("municipality", "page")  # what the widget may tell about where it runs
MAX_METADATA_CHARS = 200


def clean_session_id(value: Any) -> str:
    """The client's session id when it is one we could have issued, otherwise a new one."""
    if isinstance(value, str) and len(value) == 32 and all(c in "0123456789abcdef" for c in value):
        return value
    return uuid.uuid4().hex


def clean_metadata(value: Any) -> dict[str, str]:
    if not isinstance(value, dict):
        return {}
    return {key: value[key][:MAX_METADATA_CHARS] for key in METADATA_KEYS
            if isinstance(value.get(key), str)}  # fmt: skip


class WidgetSocketIOInput(SocketIOInput):
    @classmethod
    def name(cls) -> str:
        return "socketio"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> SocketIOInput:
        channel = super().from_credentials(credentials)
        channel.guard = MessageGuard()
        return channel

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        blueprint = super().blueprint(on_new_message)
        sio = self.sio
        redis_url = get_settings().redis_url
        if redis_url:
            # Several Rasa workers: a message for a session may be sent by another worker than
            # the one holding the browser's socket (an adviser's reply, say). Redis relays it.
            import socketio

            sio.manager = socketio.AsyncRedisManager(redis_url, channel="leerloket-socketio")
            sio.manager.set_server(sio)
        guard: MessageGuard = getattr(self, "guard", None) or MessageGuard()

        async def session_request(sid: str, data: Any) -> None:
            session_id = clean_session_id(
                (data or {}).get("session_id") if isinstance(data, dict) else None
            )
            await sio.enter_room(sid, session_id, namespace=self.namespace)
            await sio.emit("session_confirm", session_id, room=sid, namespace=self.namespace)

        async def handle_message(sid: str, data: Any) -> None:
            if not isinstance(data, dict) or not isinstance(data.get("message"), str):
                return
            session_id = data.get("session_id")
            if session_id not in sio.rooms(sid, namespace=self.namespace):
                # Only a socket that asked for this session may speak in it.
                await sio.emit("session_expired", {}, room=sid, namespace=self.namespace)
                return
            output = SocketIOOutput(sio, self.bot_message_evt)
            if not await guard.admit(self.name(), session_id, data["message"], output):
                return
            await on_new_message(UserMessage(data["message"], output, session_id,
                                             input_channel=self.name(),
                                             metadata=clean_metadata(data.get(self.metadata_key))))  # fmt: skip

        sio.on("session_request", handler=session_request, namespace=self.namespace)
        sio.on(self.user_message_evt, handler=handle_message, namespace=self.namespace)
        return blueprint
