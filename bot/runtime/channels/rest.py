"""The REST channel (`/webhooks/rest/webhook`) with input checks and the abuse limits.

Same request and reply shape as Rasa's own REST channel, but a bad body gets a clear 400,
a refused message a Dutch reply, and a failure inside the assistant a 503 — so a client is
always told when its message was not handled. Message text is never logged.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.runtime.channels.guard import MessageGuard

logger = logging.getLogger(__name__)
MAX_SENDER_CHARS = 128
FAILED = "Er ging iets mis. Je bericht is niet verwerkt. Probeer het over een minuut opnieuw."


class RequestError(ValueError):
    """A request body that cannot be a message; the text says what is wrong."""


def parse_body(raw: bytes) -> tuple[str, str, dict[str, Any] | None]:
    """Sender, text and metadata from a REST body, or RequestError."""
    try:
        body = json.loads(raw or b"")
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise RequestError("The body must be JSON.") from error
    if not isinstance(body, dict):
        raise RequestError("The body must be a JSON object.")
    sender, text, metadata = body.get("sender"), body.get("message"), body.get("metadata")
    if not isinstance(sender, str) or not sender.strip() or len(sender) > MAX_SENDER_CHARS:
        raise RequestError(
            f"'sender' must be a non-empty string of at most {MAX_SENDER_CHARS} characters."
        )
    if not isinstance(text, str):
        raise RequestError("'message' must be a string.")
    if metadata is not None and not isinstance(metadata, dict):
        raise RequestError("'metadata' must be a JSON object.")
    return sender, text, metadata


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
            return response.json({"status": "ok"})

        @hook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            try:
                sender, text, metadata = parse_body(request.body)
            except RequestError as error:
                return response.json({"error": str(error)}, status=400)
            verdict = self.guard.check(self.name(), sender, text)
            if not verdict.allowed:
                replies = [{"recipient_id": sender, "text": verdict.reply}] if verdict.reply else []
                return response.json(replies, status=200 if verdict.reply else 429)
            collector = CollectingOutputChannel()
            try:
                await on_new_message(UserMessage(text, collector, sender, input_channel=self.name(),
                                                 metadata=metadata))  # fmt: skip
            except Exception:
                logger.exception("rest: message from a sender failed (text not logged)")
                return response.json({"error": FAILED}, status=503)
            return response.json(collector.messages)

        return hook
