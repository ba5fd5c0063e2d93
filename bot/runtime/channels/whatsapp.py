"""WhatsApp channel on Meta's Cloud API, at /webhooks/whatsapp/webhook.

GET answers Meta's verification; POST bodies must carry a valid X-Hub-Signature-256 (HMAC-SHA256
of the raw body with the app secret). Settings come from WHATSAPP_* environment variables;
without them the channel still loads and its webhook answers 503.

A sender's phone number is personal data: the conversation id is `wa:<keyed HMAC of the
number>` (`conversation_ids.whatsapp_id`), and the number itself is kept, encrypted, only to
reply (`bot/privacy/reply_addresses.py`), deleted with the conversation.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import httpx
from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.privacy import reply_addresses
from bot.runtime.channels import conversation_ids
from bot.runtime.channels.common import READS_TEXT_ONLY, SeenIds, shorten, split_text
from bot.runtime.channels.guard import MessageGuard
from bot.runtime.channels.inputs import BadInput, log_failure, parse_json, read_body
from bot.speech.voice_notes import VOICE_NOTE_MARK, answer_whatsapp_voice

logger = logging.getLogger(__name__)
MESSAGE_LIMIT = 4096
MAX_REPLY_BUTTONS = 3
MAX_LIST_ROWS = 10
BUTTON_TITLE_LIMIT = 20
ROW_TITLE_LIMIT = 24
ID_LIMIT = 256
SERVICE_WINDOW_SECONDS = 24 * 3600
MAX_BODY_BYTES = 256 * 1024
REMEMBER_EVERY_SECONDS = 3600  # how often a known sender's stored number is refreshed


@dataclass(frozen=True)
class WhatsAppSettings:
    token: str | None
    phone_number_id: str | None
    app_secret: str | None
    verify_token: str | None
    api_base: str
    template_name: str | None
    template_lang: str

    @classmethod
    def from_env(cls) -> WhatsAppSettings:
        env = os.environ.get
        return cls(
            token=env("WHATSAPP_TOKEN") or None,
            phone_number_id=env("WHATSAPP_PHONE_NUMBER_ID") or None,
            app_secret=env("WHATSAPP_APP_SECRET") or None,
            verify_token=env("WHATSAPP_VERIFY_TOKEN") or None,
            api_base=(env("WHATSAPP_API_BASE") or "https://graph.facebook.com/v21.0").rstrip("/"),
            template_name=env("WHATSAPP_TEMPLATE_NAME") or None,
            template_lang=env("WHATSAPP_TEMPLATE_LANG") or "nl",
        )

    @property
    def configured(self) -> bool:
        return bool(self.token and self.phone_number_id and self.app_secret and self.verify_token)


def signature_ok(app_secret: str | None, body: bytes, header: str | None) -> bool:
    """Meta's X-Hub-Signature-256: "sha256=" + HMAC-SHA256(app secret, raw body)."""
    if not app_secret or not header or not header.startswith("sha256="):
        return False
    expected = hmac.new(app_secret.encode(), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, header.removeprefix("sha256="))


@dataclass(frozen=True)
class Inbound:
    message_id: str
    sender: str
    text: str | None  # None: not text (image, audio, …)
    audio_id: str | None = None  # the media id of a voice note or audio file


def _items(value: Any) -> list[dict[str, Any]]:
    """The JSON objects in a list, tolerating anything else Meta (or an attacker) might send."""
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _field(value: Any, *path: str) -> Any:
    for key in path:
        value = value.get(key) if isinstance(value, dict) else None
    return value


def inbound_messages(payload: dict[str, Any]) -> list[Inbound]:
    """User messages in a webhook body; status callbacks (sent, read, …) are left out."""
    found = []
    for entry in _items(payload.get("entry")):
        for change in _items(entry.get("changes")):
            for message in _items(_field(change, "value", "messages")):
                kind = message.get("type")
                text = None
                if kind == "text":
                    text = _field(message, "text", "body")
                elif kind == "interactive":
                    text = _field(message, "interactive", "button_reply", "id") or _field(
                        message, "interactive", "list_reply", "id"
                    )
                elif kind == "button":
                    text = _field(message, "button", "payload")
                audio_id = _field(message, "audio", "id") if kind == "audio" else None
                sender, message_id = message.get("from"), message.get("id")
                if (
                    isinstance(sender, str)
                    and isinstance(message_id, str)
                    and sender
                    and message_id
                ):
                    found.append(
                        Inbound(
                            message_id,
                            sender,
                            text if isinstance(text, str) else None,
                            audio_id if isinstance(audio_id, str) and audio_id else None,
                        )
                    )
    return found


def message_bodies(recipient: str, text: str, buttons: list[dict[str, Any]] | None) -> list[dict]:
    """Graph API bodies: reply buttons (≤3), a list (4–10), or numbered text beyond that."""
    base = {"messaging_product": "whatsapp", "to": recipient}
    buttons = buttons or []
    if len(buttons) > MAX_LIST_ROWS:
        lines = [f"{i}. {b['title']}" for i, b in enumerate(buttons, start=1)]
        text = text + "\n\n" + "\n".join(lines)
        buttons = []
    pieces = split_text(text, MESSAGE_LIMIT) or [""]
    bodies = [{**base, "type": "text", "text": {"body": p}} for p in pieces[:-1]]
    last = pieces[-1]
    if not buttons:
        return [*bodies, {**base, "type": "text", "text": {"body": last}}]
    if len(buttons) <= MAX_REPLY_BUTTONS:
        action = {"buttons": [{"type": "reply", "reply": {
            "id": b["payload"][:ID_LIMIT], "title": shorten(b["title"], BUTTON_TITLE_LIMIT)}} for b in buttons]}  # fmt: skip
        interactive = {"type": "button", "body": {"text": last}, "action": action}
    else:
        rows = [
            {"id": b["payload"][:ID_LIMIT], "title": shorten(b["title"], ROW_TITLE_LIMIT)}
            for b in buttons
        ]
        interactive = {"type": "list", "body": {"text": last},
                       "action": {"button": "Kies", "sections": [{"title": "Kies", "rows": rows}]}}  # fmt: skip
    return [*bodies, {**base, "type": "interactive", "interactive": interactive}]


@dataclass(frozen=True)
class DeliveryResult:
    delivered: bool
    detail: str  # "sent", "template", or why it was refused


class ServiceWindow:
    """When each user last wrote: free-form replies are allowed for 24 hours after that.

    Keyed by conversation id (the pseudonym), never by the number."""

    def __init__(self) -> None:
        self._last: dict[str, float] = {}
        self._redis = None
        from bot.config.settings import get_settings

        if get_settings().redis_url:
            import redis

            self._redis = redis.Redis.from_url(get_settings().redis_url)

    def touch(self, sender: str, at: float | None = None) -> None:
        moment = at or time.time()
        self._last[sender] = moment
        if self._redis is not None:
            self._redis.set(f"leerloket:wa-window:{sender}", moment, ex=SERVICE_WINDOW_SECONDS)

    def is_open(self, sender: str, at: float | None = None) -> bool:
        last = self._last.get(sender)
        if last is None and self._redis is not None:
            stored = self._redis.get(f"leerloket:wa-window:{sender}")
            last = float(stored) if stored else None
        return last is not None and (at or time.time()) - last < SERVICE_WINDOW_SECONDS


class WhatsAppOutput(OutputChannel):
    @classmethod
    def name(cls) -> str:
        return "whatsapp"

    def __init__(self, settings: WhatsAppSettings, window: ServiceWindow,
                 numbers: dict[str, str] | None = None) -> None:  # fmt: skip
        self.settings, self.window = settings, window
        self.numbers = numbers if numbers is not None else {}

    def phone_number(self, recipient: str) -> str | None:
        """The number to send to: from memory or the reply-address store for a `wa:`
        conversation id; a bare number (tools, tests) is used as it is."""
        if not recipient.startswith("wa:"):
            return recipient
        if recipient not in self.numbers:
            from bot.config.db import get_engine

            found = reply_addresses.lookup(get_engine(), recipient)
            if found is None:
                return None
            self.numbers[recipient] = found
        return self.numbers[recipient]

    async def _post(self, body: dict[str, Any]) -> None:
        url = f"{self.settings.api_base}/{self.settings.phone_number_id}/messages"
        async with httpx.AsyncClient(timeout=15) as client:
            reply = await client.post(url, json=body,
                                      headers={"Authorization": f"Bearer {self.settings.token}"})  # fmt: skip
        reply.raise_for_status()

    async def deliver(self, recipient: str, text: str,
                      buttons: list[dict[str, Any]] | None = None) -> DeliveryResult:  # fmt: skip
        """Send within the 24-hour window; outside it only a configured template may go."""
        number = self.phone_number(recipient)
        if number is None:
            return DeliveryResult(False, "geen nummer bekend voor dit gesprek (gewist?)")
        if self.window.is_open(recipient):
            for body in message_bodies(number, text, buttons):
                await self._post(body)
            return DeliveryResult(True, "sent")
        if self.settings.template_name:
            await self._post({"messaging_product": "whatsapp", "to": number, "type": "template",
                              "template": {"name": self.settings.template_name,
                                           "language": {"code": self.settings.template_lang}}})  # fmt: skip
            return DeliveryResult(True, "template")
        return DeliveryResult(
            False, "buiten 24-uursvenster: de gebruiker moet eerst zelf een bericht sturen"
        )

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        await self._refuse_loudly(await self.deliver(recipient_id, text), recipient_id)

    async def send_text_with_buttons(self, recipient_id: str, text: str,
                                     buttons: list[dict[str, Any]], **kwargs: Any) -> None:  # fmt: skip
        await self._refuse_loudly(await self.deliver(recipient_id, text, buttons), recipient_id)

    async def _refuse_loudly(self, result: DeliveryResult, recipient: str) -> None:
        if not result.delivered:
            # Rasa reports a failed action to the caller (the console shows it): never drop silently.
            raise DeliveryRefused(
                f"WhatsApp-bericht aan {recipient[-4:].rjust(8, '*')} niet verstuurd: {result.detail}"
            )


class DeliveryRefused(RuntimeError):
    pass


class WhatsAppInput(InputChannel):
    @classmethod
    def name(cls) -> str:
        return "whatsapp"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        return cls(WhatsAppSettings.from_env())

    def __init__(self, settings: WhatsAppSettings) -> None:
        self.settings = settings
        self.seen = SeenIds("whatsapp")
        self.guard = MessageGuard()
        self.window = ServiceWindow()
        self.numbers: dict[str, str] = {}  # conversation id -> number, this process's senders
        self._remembered: dict[str, float] = {}

    def get_output_channel(self) -> OutputChannel | None:
        if not self.settings.configured:
            return None
        return WhatsAppOutput(self.settings, self.window, self.numbers)

    def conversation_of(self, sender: str) -> str:
        """The sender's conversation id; its number is kept (encrypted) to reply."""
        conversation_id = conversation_ids.whatsapp_id(sender)
        self.numbers[conversation_id] = sender
        now = time.time()
        if now - self._remembered.get(conversation_id, 0.0) > REMEMBER_EVERY_SECONDS:
            from bot.config.db import get_engine

            reply_addresses.remember(get_engine(), conversation_id, self.name(), sender)
            self._remembered[conversation_id] = now
            if len(self._remembered) > 50_000:
                self._remembered.clear()
                self.numbers.clear()
                self.numbers[conversation_id] = sender
        return conversation_id

    async def handle(self, payload: dict[str, Any],
                     on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> None:  # fmt: skip
        output = WhatsAppOutput(self.settings, self.window, self.numbers)
        for message in inbound_messages(payload):
            if not self.seen.first_time(message.message_id):
                continue
            try:
                conversation_id = self.conversation_of(message.sender)
            except conversation_ids.InvalidId:
                logger.warning("whatsapp: a message from a sender that is not a number, ignored")
                continue
            self.window.touch(conversation_id)
            if message.audio_id:  # a voice note: bot/speech replies to it
                if await self.guard.admit(self.name(), conversation_id, VOICE_NOTE_MARK, output):
                    heard = await answer_whatsapp_voice(message.audio_id, self.settings.api_base,
                                                        self.settings.token or "", output,
                                                        conversation_id)  # fmt: skip
                    if heard:  # the transcript, answered like a typed message
                        await on_new_message(UserMessage(heard, output, conversation_id,
                                                         input_channel=self.name()))  # fmt: skip
                continue
            if message.text is None:
                await output.send_text_message(conversation_id, READS_TEXT_ONLY)
                continue
            if not await self.guard.admit(self.name(), conversation_id, message.text, output):
                continue
            await on_new_message(UserMessage(message.text, output, conversation_id,
                                             input_channel=self.name()))  # fmt: skip

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        hook = Blueprint("leerloket_whatsapp", __name__)

        @hook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok", "configured": self.settings.configured})

        @hook.route("/webhook", methods=["GET"])
        async def verify(request: Request) -> HTTPResponse:
            args = request.args
            if (self.settings.verify_token and args.get("hub.mode") == "subscribe"
                    and hmac.compare_digest(args.get("hub.verify_token") or "", self.settings.verify_token)):  # fmt: skip
                return response.text(args.get("hub.challenge") or "")
            return response.text("forbidden", status=403)

        @hook.route("/webhook", methods=["POST"], stream=True)
        async def receive(request: Request) -> HTTPResponse:
            if not self.settings.configured:
                return response.text("WhatsApp is niet ingesteld.", status=503)
            try:
                body = await read_body(request, MAX_BODY_BYTES)
            except BadInput as error:
                return response.text(f"bad request: {error}", status=error.status)
            if not signature_ok(self.settings.app_secret, body,
                                request.headers.get("X-Hub-Signature-256")):  # fmt: skip
                return response.text("forbidden", status=403)
            try:
                payload = parse_json(body or b"{}", MAX_BODY_BYTES)
            except BadInput as error:
                return response.text(f"bad request: {error}", status=error.status)
            if not isinstance(payload, dict):
                return response.text("bad request", status=400)
            try:
                await self.handle(payload, on_new_message)
            except Exception as error:  # Meta retries on errors: log and accept
                log_failure(logger, "whatsapp: webhook failed", error)
            return response.text("ok")

        return hook


async def send_adviser_reply(sender_id: str, text: str) -> DeliveryResult:
    """For tools outside Rasa: deliver a reply (to a `wa:` conversation id, or a bare
    number), respecting the 24-hour window."""
    output = WhatsAppOutput(WhatsAppSettings.from_env(), ServiceWindow())
    return await output.deliver(sender_id, text)
