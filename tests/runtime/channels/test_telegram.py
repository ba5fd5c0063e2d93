"""Telegram: parsing and security without Rasa, and the whole path through the real server."""

from __future__ import annotations

import asyncio
import itertools
import json
import subprocess
import time
import urllib.error
import urllib.request

import pytest
from telegram import Bot, Update

from bot.runtime.channels.common import HELP_TEXT, READS_TEXT_ONLY
from bot.runtime.channels.telegram import CallbackPayloads, inline_keyboard, interpret, secret_ok
from tests.conftest import ROOT, VENV_BIN

_ids = itertools.count(int(time.time()))
USER = {"id": 777, "is_bot": False, "first_name": "Test"}
CHAT = {"id": 777, "type": "private"}


def message_update(**message) -> dict:
    return {"update_id": next(_ids),
            "message": {"message_id": 1, "date": int(time.time()), "chat": CHAT, "from": USER, **message}}  # fmt: skip


def callback_update(data: str) -> dict:
    return {"update_id": next(_ids), "callback_query": {
        "id": "cb-1", "from": USER, "chat_instance": "x", "data": data,
        "message": {"message_id": 2, "date": int(time.time()), "chat": CHAT, "text": "vraag"}}}  # fmt: skip


def parsed(data: dict):
    return interpret(Update.de_json(data, Bot("123:abc")), CallbackPayloads())


def test_secret_check() -> None:
    assert secret_ok("geheim", "geheim")
    assert not secret_ok("geheim", "fout") and not secret_ok("geheim", None)
    assert not secret_ok(None, "iets")


@pytest.mark.parametrize(
    ("message", "text", "reply"),
    [
        ({"text": "hallo"}, "hallo", None),
        ({"text": "/start"}, "/greet", None),
        ({"text": "/stop"}, "/stop", None),
        ({"text": "/help"}, None, HELP_TEXT),
        (
            {"photo": [{"file_id": "f", "file_unique_id": "u", "width": 1, "height": 1}]},
            None,
            READS_TEXT_ONLY,
        ),
        ({"voice": {"file_id": "f", "file_unique_id": "u", "duration": 3}}, None, READS_TEXT_ONLY),
        (
            {
                "sticker": {
                    "file_id": "f",
                    "file_unique_id": "u",
                    "width": 1,
                    "height": 1,
                    "is_animated": False,
                    "is_video": False,
                    "type": "regular",
                }
            },
            None,
            READS_TEXT_ONLY,
        ),
        ({"document": {"file_id": "f", "file_unique_id": "u"}}, None, READS_TEXT_ONLY),
    ],
)
def test_updates_are_interpreted(message, text, reply) -> None:
    incoming = parsed(message_update(**message))
    assert incoming.chat_id == "777"
    assert (incoming.text if incoming.forward else None) == text
    assert incoming.reply == reply


def test_callback_query_becomes_its_payload() -> None:
    incoming = parsed(callback_update("/ask_funding"))
    assert (incoming.text, incoming.callback_query_id) == ("/ask_funding", "cb-1")


def test_long_payloads_fit_telegrams_64_bytes() -> None:
    payloads = CallbackPayloads()
    long = '/ask_about{"kb_entry":"subsidie-praktijkleren-derde-leerweg-extra-lang"}'
    keyboard = inline_keyboard([{"title": "Subsidie", "payload": long}], payloads)
    data = keyboard.inline_keyboard[0][0].callback_data
    assert len(data.encode()) <= 64 and payloads.decode(data) == long


# --- through the real Rasa server -------------------------------------------------------------


def post_update(rasa_stack, update: dict, secret: str | None = "test-secret") -> int:
    headers = {"Content-Type": "application/json"}
    if secret is not None:
        headers["X-Telegram-Bot-Api-Secret-Token"] = secret
    request = urllib.request.Request(f"{rasa_stack.rasa_url}/webhooks/telegram/webhook",
                                     data=json.dumps(update).encode(), headers=headers)  # fmt: skip
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.mark.server
def test_webhook_to_rasa_to_telegram_with_buttons(rasa_stack) -> None:
    telegram = rasa_stack.telegram
    telegram.clear()
    assert post_update(rasa_stack, message_update(text="hallo")) == 200
    _, sent = telegram.wait_for(
        lambda r: r[0] == "sendMessage" and "Leerloket" in r[1].get("text", "")
    )
    assert str(sent["chat_id"]) == "777"
    buttons = [b for row in sent["reply_markup"]["inline_keyboard"] for b in row]
    assert {"text": "Wie betaalt mijn opleiding?", "callback_data": "/ask_funding"} in buttons

    telegram.clear()
    assert post_update(rasa_stack, callback_update("/ask_capabilities")) == 200
    telegram.wait_for(lambda r: r[0] == "answerCallbackQuery")
    telegram.wait_for(lambda r: r[0] == "sendMessage" and "vier dingen" in r[1].get("text", ""))


@pytest.mark.server
@pytest.mark.parametrize("secret", ["fout", None])
def test_wrong_or_missing_secret_is_rejected(rasa_stack, secret) -> None:
    telegram = rasa_stack.telegram
    telegram.clear()
    assert post_update(rasa_stack, message_update(text="hallo"), secret=secret) == 403
    time.sleep(1)
    assert not [r for r in telegram.requests if r[0] == "sendMessage"]


@pytest.mark.server
def test_a_replayed_update_is_handled_once(rasa_stack) -> None:
    telegram = rasa_stack.telegram
    telegram.clear()
    update = message_update(text="ben jij een robot")
    assert post_update(rasa_stack, update) == 200
    assert post_update(rasa_stack, update) == 200
    telegram.wait_for(lambda r: r[0] == "sendMessage")
    time.sleep(1.5)
    assert len([r for r in telegram.requests if r[0] == "sendMessage"]) == 1


@pytest.mark.server
def test_photo_gets_a_friendly_reply(rasa_stack) -> None:
    telegram = rasa_stack.telegram
    telegram.clear()
    photo = [{"file_id": "f", "file_unique_id": "u", "width": 1, "height": 1}]
    assert post_update(rasa_stack, message_update(photo=photo)) == 200
    telegram.wait_for(lambda r: r[0] == "sendMessage" and r[1].get("text") == READS_TEXT_ONLY)


@pytest.mark.server
def test_adviser_reply_reaches_the_telegram_user(rasa_stack, console_rasa) -> None:
    telegram = rasa_stack.telegram
    chat = {"id": 778, "type": "private", "first_name": "Piet"}
    telegram.clear()
    assert (
        post_update(rasa_stack, message_update(text="ik wil een medewerker spreken", chat=chat))
        == 200
    )
    telegram.wait_for(lambda r: r[0] == "sendMessage" and "adviseur" in r[1].get("text", ""))
    # A Telegram conversation is "tg:<chat id>" (bot/runtime/channels/conversation_ids.py).
    asyncio.run(console_rasa.send_reply("tg:778", "Hoi Piet, ik ben Anna van het leerloket."))
    _, sent = telegram.wait_for(lambda r: r[0] == "sendMessage" and "Anna" in r[1].get("text", ""))
    assert str(sent["chat_id"]) == "778"
    asyncio.run(console_rasa.resume("tg:778"))
    telegram.wait_for(
        lambda r: r[0] == "sendMessage" and "weer met Leerloket" in r[1].get("text", "")
    )


@pytest.mark.server
def test_polling_mode_answers_without_a_webhook(rasa_stack) -> None:
    telegram = rasa_stack.telegram
    telegram.clear()
    chat = {"id": 779, "type": "private", "first_name": "Fatima"}
    log = rasa_stack.workdir / "telegram-poll.log"
    with open(log, "w") as out:
        poller = subprocess.Popen([str(VENV_BIN / "python"), "-m", "bot.runtime.channels.telegram", "poll"],
                                  cwd=ROOT, env=rasa_stack.env, stdout=out, stderr=subprocess.STDOUT)  # fmt: skip
    try:
        telegram.wait_for(lambda r: r[0] == "deleteWebhook")
        telegram.queue_update(message_update(text="hallo", chat=chat))
        telegram.queue_update(message_update(sticker={"file_id": "s", "file_unique_id": "u",
            "width": 1, "height": 1, "is_animated": False, "is_video": False, "type": "regular"},
            chat=chat))  # fmt: skip
        telegram.wait_for(lambda r: r[0] == "sendMessage" and r[1].get("chat_id") in (779, "779")
                          and "Leerloket" in r[1].get("text", "") and "reply_markup" in r[1], timeout=30)  # fmt: skip
        telegram.wait_for(lambda r: r[0] == "sendMessage" and r[1].get("text") == READS_TEXT_ONLY)
        deadline = time.monotonic() + 10
        while telegram.pending_updates and time.monotonic() < deadline:
            time.sleep(0.1)
        assert telegram.pending_updates == []  # both confirmed by the next offset
        assert poller.poll() is None, log.read_text()
    finally:
        poller.terminate()
        poller.wait(timeout=10)
