"""The REST channel (`/webhooks/rest/webhook`) with input checks and the abuse limits.

Same request and reply shape as Rasa's own REST channel, but a bad body gets a clear 4xx,
a refused message a Dutch reply, and a failure inside the assistant a 503 — so a client is
always told when its message was not handled. Message text is never logged.

Who may use it (REST_CHANNEL): `on` (anyone: local use, the default without PostgreSQL),
`token` (only with `Authorization: Bearer <REST_CHANNEL_TOKEN>`: the default with PostgreSQL,
that is in production) or `off`. The sender id is checked and may only name a REST
conversation (`bot/runtime/channels/conversation_ids.py`).
"""

from __future__ import annotations

import hmac
import logging
import os
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.privacy.pseudonym import client_key
from bot.runtime.channels import conversation_ids
from bot.runtime.channels.guard import MessageGuard
from bot.runtime.channels.inputs import (
    BadInput,
    clean_metadata,
    client_address,
    log_failure,
    parse_json,
    read_body,
)

logger = logging.getLogger(__name__)
MAX_SENDER_CHARS = conversation_ids.MAX_REST_CHARS
FAILED = "Er ging iets mis. Je bericht is niet verwerkt. Probeer het over een minuut opnieuw."
MODES = ("on", "token", "off")


class RequestError(BadInput):
    """A request body that cannot be a message; the text says what is wrong."""


def parse_body(raw: bytes) -> tuple[str, str, dict[str, Any] | None]:
    """Conversation id, text and metadata from a REST body, or RequestError."""
    try:
        body = parse_json(raw)
    except BadInput as error:
        raise RequestError(str(error), error.status) from None
    if not isinstance(body, dict):
        raise RequestError("The body must be a JSON object.")
    sender, text, metadata = body.get("sender"), body.get("message"), body.get("metadata")
    try:
        conversation_id = conversation_ids.rest_id(sender)
    except conversation_ids.InvalidId as error:
        raise RequestError(str(error)) from None
    if not isinstance(text, str):
        raise RequestError("'message' must be a string.")
    try:
        cleaned = clean_metadata(metadata)
    except BadInput as error:
        raise RequestError(str(error)) from None
    return conversation_id, text, cleaned if metadata is not None else None


def mode() -> str:
    """REST_CHANNEL, or its default: `token` with PostgreSQL (production), else `on`."""
    raw = os.environ.get("REST_CHANNEL", "").strip().lower()
    if raw in MODES:
        return raw
    if raw:
        logger.warning("rest: REST_CHANNEL=%r is not one of %s: the channel is off", raw, MODES)
        return "off"
    database = os.environ.get("DATABASE_URL") or ""
    return "token" if database.startswith(("postgresql", "postgres:")) else "on"


def authorised(request_header: str | None) -> tuple[bool, int, str]:
    """(allowed, status, reason) for a request with this Authorization header."""
    current = mode()
    if current == "on":
        return True, 200, ""
    if current == "off":
        return False, 403, "The REST channel is off (REST_CHANNEL=off)."
    expected = os.environ.get("REST_CHANNEL_TOKEN") or ""
    given = (request_header or "").removeprefix("Bearer ").strip()
    if not expected:
        return False, 403, "The REST channel needs a token and none is configured."
    if not given or not hmac.compare_digest(expected.encode(), given.encode()):
        return False, 401, "The REST channel needs 'Authorization: Bearer <token>'."
    return True, 200, ""


class GuardedRestInput(InputChannel):
    @classmethod
    def name(cls) -> str:
        return "rest"

    def __init__(self, guard: MessageGuard | None = None) -> None:
        self.guard = guard or MessageGuard()

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        hook = Blueprint("leerloket_rest", __name__)

        @hook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok", "mode": mode()})

        @hook.route("/webhook", methods=["POST"], stream=True)
        async def receive(request: Request) -> HTTPResponse:
            allowed, status, reason = authorised(request.headers.get("authorization"))
            if not allowed:
                logger.warning("rest: refused a request (%s)", status)
                return response.json({"error": reason}, status=status)
            try:
                sender, text, metadata = parse_body(await read_body(request))
            except BadInput as error:
                return response.json({"error": str(error)}, status=error.status)
            verdict = self.guard.check(self.name(), sender, text)
            if not verdict.allowed:
                replies = [{"recipient_id": sender, "text": verdict.reply}] if verdict.reply else []
                return response.json(replies, status=200 if verdict.reply else 429)
            address = client_address(request.ip, request.headers.get("x-forwarded-for"))
            metadata = {**(metadata or {}), "client": client_key(address)}
            collector = CollectingOutputChannel()
            try:
                await on_new_message(UserMessage(text, collector, sender, input_channel=self.name(),
                                                 metadata=metadata))  # fmt: skip
            except Exception as error:
                log_failure(logger, "rest: a message failed", error)
                return response.json({"error": FAILED}, status=503)
            return response.json(collector.messages)

        return hook
