"""Telegram channel on python-telegram-bot, at /webhooks/telegram/webhook.

Settings come from the environment (TELEGRAM_TOKEN, TELEGRAM_WEBHOOK_SECRET, TELEGRAM_API_BASE);
without a token the channel still loads and its webhook answers 503.
`python -m bot.runtime.channels.telegram poll` forwards updates by long polling, for local use.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import logging
import os
import sys
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.privacy import log_redaction
from bot.runtime.channels import conversation_ids
from bot.runtime.channels.common import HELP_TEXT, READS_TEXT_ONLY, SeenIds, split_text
from bot.runtime.channels.guard import MessageGuard
from bot.runtime.channels.inputs import BadInput, log_failure, parse_json, read_body
from bot.speech.voice_notes import VOICE_NOTE_MARK, answer_telegram_voice, telegram_voice

logger = logging.getLogger(__name__)
MESSAGE_LIMIT = 4096
CALLBACK_DATA_LIMIT = 64  # bytes
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


@dataclass(frozen=True)
class TelegramSettings:
    token: str | None
    webhook_secret: str | None
    api_base: str

    @classmethod
    def from_env(cls) -> TelegramSettings:
        return cls(
            token=os.environ.get("TELEGRAM_TOKEN") or None,
            webhook_secret=os.environ.get("TELEGRAM_WEBHOOK_SECRET") or None,
            api_base=(os.environ.get("TELEGRAM_API_BASE") or "https://api.telegram.org").rstrip(
                "/"
            ),
        )


def secret_ok(expected: str | None, given: str | None) -> bool:
    """Constant-time check of Telegram's secret header; no secret configured means no access."""
    return bool(expected) and given is not None and hmac.compare_digest(expected, given)


class CallbackPayloads:
    """Telegram allows 64 bytes of callback data; longer payloads travel as a short key."""

    def __init__(self) -> None:
        self._by_key: dict[str, str] = {}

    def encode(self, payload: str) -> str:
        if len(payload.encode()) <= CALLBACK_DATA_LIMIT:
            return payload
        key = "k:" + hashlib.sha256(payload.encode()).hexdigest()[:16]
        self._by_key[key] = payload
        return key

    def decode(self, data: str) -> str:
        return self._by_key.get(data, data)


@dataclass(frozen=True)
class Incoming:
    """What an update means for the bot: text to handle, or a fixed reply, or nothing."""

    chat_id: str | None
    text: str | None = None
    reply: str | None = None
    callback_query_id: str | None = None
    forward: bool = True


def interpret(update: Update, payloads: CallbackPayloads) -> Incoming:
    if update.callback_query is not None:
        query = update.callback_query
        chat = query.message.chat.id if query.message else query.from_user.id
        return Incoming(str(chat), text=payloads.decode(query.data or ""),
                        callback_query_id=query.id)  # fmt: skip
    message = update.effective_message
    if message is None or update.effective_chat is None:
        return Incoming(None, forward=False)
    chat_id = str(update.effective_chat.id)
    if message.text:
        command = message.text.split()[0].split("@")[0].lower()
        if command == "/help":
            return Incoming(chat_id, reply=HELP_TEXT, forward=False)
        # /start greets, /stop leaves a running question form: both are Rasa intents.
        commands = {"/start": "/greet", "/stop": "/stop"}
        return Incoming(chat_id, text=commands.get(command, message.text))
    return Incoming(chat_id, reply=READS_TEXT_ONLY, forward=False)


def inline_keyboard(
    buttons: list[dict[str, Any]], payloads: CallbackPayloads
) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(b["title"], callback_data=payloads.encode(b["payload"]))]
            for b in buttons
        ]
    )


class TelegramOutput(OutputChannel):
    @classmethod
    def name(cls) -> str:
        return "telegram"

    def __init__(self, bot: Bot, payloads: CallbackPayloads) -> None:
        self.bot, self.payloads = bot, payloads

    async def _send(
        self, recipient_id: str, text: str, markup: InlineKeyboardMarkup | None = None
    ) -> None:
        chat_id = conversation_ids.telegram_chat(recipient_id)  # "tg:<chat id>" -> chat id
        pieces = split_text(text, MESSAGE_LIMIT) or [""]
        for i, piece in enumerate(pieces):
            last = i == len(pieces) - 1
            await self.bot.send_message(
                chat_id=chat_id, text=piece, reply_markup=markup if last else None
            )

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        await self._send(recipient_id, text)

    async def send_text_with_buttons(self, recipient_id: str, text: str,
                                     buttons: list[dict[str, Any]], **kwargs: Any) -> None:  # fmt: skip
        await self._send(recipient_id, text, inline_keyboard(buttons, self.payloads))

    async def send_image_url(self, recipient_id: str, image: str, **kwargs: Any) -> None:
        await self.bot.send_photo(chat_id=conversation_ids.telegram_chat(recipient_id), photo=image)

    async def send_custom_json(self, recipient_id: str, json_message: dict[str, Any],
                               **kwargs: Any) -> None:  # fmt: skip
        if json_message.get("text"):
            await self._send(recipient_id, str(json_message["text"]))


class TelegramInput(InputChannel):
    @classmethod
    def name(cls) -> str:
        return "telegram"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        return cls(TelegramSettings.from_env())

    def __init__(self, settings: TelegramSettings) -> None:
        self.settings = settings
        self.payloads = CallbackPayloads()
        self.seen = SeenIds("telegram")
        self.guard = MessageGuard()
        self._bot: Bot | None = None

    async def bot(self) -> Bot:
        if self._bot is None:
            bot = Bot(self.settings.token or "", base_url=f"{self.settings.api_base}/bot")
            await bot.initialize()
            self._bot = bot
        return self._bot

    def get_output_channel(self) -> OutputChannel | None:
        if self._bot is None:
            return None
        return TelegramOutput(self._bot, self.payloads)

    async def handle(self, data: dict[str, Any],
                     on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> None:  # fmt: skip
        """One verified update: de-duplicate, answer fixed replies, hand text to Rasa."""
        update_id = str(data.get("update_id", ""))
        if not update_id or not self.seen.first_time(update_id):
            return
        bot = await self.bot()
        update = Update.de_json(data, bot)
        incoming = interpret(update, self.payloads)
        if incoming.callback_query_id:
            await bot.answer_callback_query(incoming.callback_query_id)
        output = TelegramOutput(bot, self.payloads)
        voice = telegram_voice(update)
        if voice is not None and incoming.chat_id:  # a voice note: bot/speech replies to it
            conversation_id = conversation_ids.telegram_id(incoming.chat_id)
            if await self.guard.admit(self.name(), conversation_id, VOICE_NOTE_MARK, output):
                heard = await answer_telegram_voice(voice, self.settings.token or "",
                                                    self.settings.api_base, output, conversation_id)  # fmt: skip
                if heard:  # the transcript, answered like a typed message
                    await on_new_message(UserMessage(heard, output, conversation_id,
                                                     input_channel=self.name()))  # fmt: skip
            return
        if incoming.reply and incoming.chat_id:
            await output.send_text_message(incoming.chat_id, incoming.reply)
        if incoming.forward and incoming.text and incoming.chat_id:
            # The conversation lives in the Telegram namespace: "tg:<chat id>".
            conversation_id = conversation_ids.telegram_id(incoming.chat_id)
            if not await self.guard.admit(self.name(), conversation_id, incoming.text, output):
                return
            await on_new_message(UserMessage(incoming.text, output, conversation_id,
                                             input_channel=self.name()))  # fmt: skip

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        hook = Blueprint("leerloket_telegram", __name__)

        @hook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok", "configured": bool(self.settings.token)})

        @hook.route("/webhook", methods=["POST"], stream=True)
        async def receive(request: Request) -> HTTPResponse:
            if not self.settings.token or not self.settings.webhook_secret:
                return response.text("Telegram is niet ingesteld.", status=503)
            if not secret_ok(self.settings.webhook_secret, request.headers.get(SECRET_HEADER)):
                return response.text("forbidden", status=403)
            try:
                data = parse_json(await read_body(request) or b"{}")
            except BadInput as error:
                return response.text(f"bad request: {error}", status=error.status)
            if not isinstance(data, dict):
                return response.text("bad request", status=400)
            try:
                await self.handle(data, on_new_message)
            except Exception as error:  # Telegram retries on errors: log and accept
                log_failure(
                    logger, f"telegram: update {str(data.get('update_id'))[:20]} failed", error
                )
            return response.text("ok")

        return hook


POLL_RETRY_SECONDS = 5


async def poll(rasa_url: str) -> None:
    """Long polling for local use: forwards text to Rasa's REST channel and answers back.

    A polled chat is a REST conversation (its sender id is the chat id, in the REST
    namespace, not "tg:"), so adviser replies from the console need the webhook. With
    REST_CHANNEL=token the poller sends REST_CHANNEL_TOKEN.
    """
    import aiohttp
    from telegram.error import TelegramError

    settings = TelegramSettings.from_env()
    if not settings.token:
        raise SystemExit("TELEGRAM_TOKEN is not set")
    bot = Bot(settings.token, base_url=f"{settings.api_base}/bot")
    payloads = CallbackPayloads()
    output = TelegramOutput(bot, payloads)
    offset = 0
    async with bot, aiohttp.ClientSession() as http:
        await bot.delete_webhook()
        logger.info("telegram: polling for updates")
        while True:
            try:
                updates = await bot.get_updates(offset=offset, timeout=30)
            except TelegramError:
                logger.exception("telegram: getUpdates failed; trying again")
                await asyncio.sleep(POLL_RETRY_SECONDS)
                continue
            for update in updates:
                offset = update.update_id + 1
                try:
                    await _answer_polled(update, payloads, output, http, rasa_url)
                except Exception:  # one bad update or a Rasa hiccup must not stop polling
                    logger.exception("telegram: update %s failed", update.update_id)


async def _answer_polled(update: Update, payloads: CallbackPayloads, output: TelegramOutput,
                         http: Any, rasa_url: str) -> None:  # fmt: skip
    incoming = interpret(update, payloads)
    if incoming.callback_query_id:
        await output.bot.answer_callback_query(incoming.callback_query_id)
    if incoming.reply and incoming.chat_id:
        await output.send_text_message(incoming.chat_id, incoming.reply)
    if not (incoming.forward and incoming.text and incoming.chat_id):
        return
    body = {"sender": str(incoming.chat_id), "message": incoming.text}
    token = os.environ.get("REST_CHANNEL_TOKEN")
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    async with http.post(f"{rasa_url}/webhooks/rest/webhook", json=body, headers=headers) as reply:
        reply.raise_for_status()
        messages = await reply.json()
    for message in messages:
        if message.get("buttons"):
            await output.send_text_with_buttons(incoming.chat_id, message.get("text", ""),
                                                message["buttons"])  # fmt: skip
        elif message.get("text"):
            await output.send_text_message(incoming.chat_id, message["text"])


if __name__ == "__main__":
    if sys.argv[1:] != ["poll"]:
        raise SystemExit("usage: python -m bot.runtime.channels.telegram poll")
    log_redaction.install()
    logging.basicConfig(level=logging.INFO)
    asyncio.run(poll(os.environ.get("RASA_URL", "http://127.0.0.1:5005")))
