"""Rasa's socket.io channel for the web widget, with server-issued sessions bound to sockets.

Rasa 3.6 calls `AsyncServer.enter_room` without awaiting it; with python-socketio 5 that
coroutine never runs, so a browser never joins the room of its session and misses every bot
message. This subclass replaces the handlers concerned: it awaits the join, checks the input,
applies the abuse limits and keeps only the metadata the widget is meant to send.

Sessions: the server issues every session token (`secrets.token_urlsafe`, signed with a key
derived from PSEUDONYM_KEY) and never accepts one it did not issue; the conversation id is
`widget:<random part>`. A socket may only speak in the session it asked for and was confirmed
(kept in the socket's own server-side session), so knowing a conversation id, or another
socket's token, from elsewhere gives no way in. Packets are limited in size and JSON depth.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import secrets
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.socketio import SocketIOInput, SocketIOOutput
from sanic import Blueprint

from bot.config.settings import get_settings
from bot.privacy.pseudonym import client_key, derived_key
from bot.runtime.channels import conversation_ids, sanic_compat
from bot.runtime.channels.guard import MessageGuard
from bot.runtime.channels.inputs import MAX_JSON_DEPTH, client_address, json_depth_ok

logger = logging.getLogger(__name__)
sanic_compat.install()
METADATA_KEYS = ("municipality", "page", "lang")  # what the widget tells about its page
MAX_METADATA_CHARS = 200
MAX_PACKET_BYTES = 16 * 1024
_MAC_CHARS = 22


def _mac(local: str) -> str:
    digest = hmac.new(derived_key("widget-session"), local.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode()[:_MAC_CHARS]


def issue_session_token() -> str:
    """A new session: "<random>.<signature>"; the random part names the conversation."""
    local = secrets.token_urlsafe(24)
    return f"{local}.{_mac(local)}"


def session_local(token: Any) -> str | None:
    """The random part of a token this server issued, else None."""
    if not isinstance(token, str) or len(token) > 100 or token.count(".") != 1:
        return None
    local, mac = token.split(".")
    if len(local) != 32 or not hmac.compare_digest(mac.encode(), _mac(local).encode()):
        return None
    return local


def clean_session_token(value: Any) -> str:
    """The client's token when this server issued it, otherwise a new one."""
    return value if session_local(value) else issue_session_token()


def conversation_for(token: str) -> str:
    local = session_local(token)
    if local is None:
        raise conversation_ids.InvalidId("not a session token this server issued")
    return conversation_ids.widget_id(local)


def clean_metadata(value: Any) -> dict[str, str]:
    if not isinstance(value, dict):
        return {}
    return {key: value[key][:MAX_METADATA_CHARS] for key in METADATA_KEYS
            if isinstance(value.get(key), str)}  # fmt: skip


class _BoundedJson:
    """The JSON codec of our socket.io packets: refuses a packet too large or too deep."""

    dumps = staticmethod(json.dumps)

    @staticmethod
    def loads(text: str | bytes, *args: Any, **kwargs: Any) -> Any:
        if len(text) > MAX_PACKET_BYTES or not json_depth_ok(text, MAX_JSON_DEPTH):
            raise ValueError("socket.io packet refused: too large or nested too deep")
        return json.loads(text, *args, **kwargs)


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
        namespace = self.namespace
        redis_url = get_settings().redis_url
        if redis_url:
            # Several Rasa workers: a message for a session may be sent by another worker than
            # the one holding the browser's socket (an adviser's reply, say). Redis relays it.
            import socketio

            sio.manager = socketio.AsyncRedisManager(redis_url, channel="leerloket-socketio")
            sio.manager.set_server(sio)
        sio.eio.max_http_buffer_size = MAX_PACKET_BYTES
        sio.packet_class = type("BoundedPacket", (sio.packet_class,), {"json": _BoundedJson})
        guard: MessageGuard = getattr(self, "guard", None) or MessageGuard()
        handle_packet = sio._handle_eio_message

        async def guarded_packet(eio_sid: str, data: Any) -> None:
            try:
                await handle_packet(eio_sid, data)
            except (ValueError, RecursionError) as error:
                # One line, no traceback and no packet content; the socket is closed.
                logger.warning("widget: refused a socket.io packet (%s)", type(error).__name__)
                await sio.eio.disconnect(eio_sid)

        sio.eio.on("message", guarded_packet)

        async def connect(sid: str, environ: dict[str, Any], auth: Any = None) -> bool:
            if self.jwt_key:
                from rasa.core.channels.channel import decode_bearer_token

                token = auth.get("token") if isinstance(auth, dict) else None
                if not token or not decode_bearer_token(token, self.jwt_key, self.jwt_algorithm):
                    return False
            request = environ.get("sanic.request")
            address = client_address(getattr(request, "ip", None),
                                     environ.get("HTTP_X_FORWARDED_FOR"))  # fmt: skip
            await sio.save_session(sid, {"client": client_key(address)}, namespace=namespace)
            return True

        async def session_request(sid: str, data: Any) -> None:
            token = clean_session_token(
                (data or {}).get("session_id") if isinstance(data, dict) else None
            )
            conversation_id = conversation_for(token)
            state = await sio.get_session(sid, namespace=namespace)
            previous = state.get("conversation")
            if previous and previous != conversation_id:
                await sio.leave_room(sid, previous, namespace=namespace)
            await sio.save_session(sid, {**state, "conversation": conversation_id, "token": token},
                                   namespace=namespace)  # fmt: skip
            await sio.enter_room(sid, conversation_id, namespace=namespace)
            await sio.emit("session_confirm", token, room=sid, namespace=namespace)

        async def handle_message(sid: str, data: Any) -> None:
            if not isinstance(data, dict) or not isinstance(data.get("message"), str):
                return
            state = await sio.get_session(sid, namespace=namespace)
            conversation_id = state.get("conversation")
            token = data.get("session_id")
            if (
                not conversation_id
                or not isinstance(token, str)
                or not hmac.compare_digest(token.encode(), str(state.get("token", "")).encode())
            ):
                # Only the socket that asked for this session, and was given it, may speak in it.
                await sio.emit("session_expired", {}, room=sid, namespace=namespace)
                return
            output = SocketIOOutput(sio, self.bot_message_evt)
            if not await guard.admit(self.name(), conversation_id, data["message"], output):
                return
            metadata = {
                **clean_metadata(data.get(self.metadata_key)),
                "client": state.get("client", ""),
            }
            await on_new_message(UserMessage(data["message"], output, conversation_id,
                                             input_channel=self.name(), metadata=metadata))  # fmt: skip

        sio.on("connect", handler=connect, namespace=namespace)
        sio.on("session_request", handler=session_request, namespace=namespace)
        sio.on(self.user_message_evt, handler=handle_message, namespace=namespace)
        return blueprint
