"""Voice notes on Telegram and WhatsApp, through the channels' own handlers and local
stand-ins of their APIs and of a speech-to-text service (no Rasa needed)."""

from __future__ import annotations

import itertools
import json
import time

import pytest

from bot.handoff.messages import CALL_ME
from bot.runtime.channels.telegram import TelegramInput, TelegramSettings
from bot.runtime.channels.whatsapp import WhatsAppInput, WhatsAppSettings, inbound_messages
from bot.speech.voice_notes import TEXTS, clean_transcript, telegram_voice
from bot.text.readability import measure
from tests.speech.standins import AUDIO

_ids = itertools.count(int(time.time() * 1000))
HEARD = "wie betaalt mijn opleiding"


def voice_update(language: str | None = "nl", **voice) -> dict:
    user = {"id": 777, "is_bot": False, "first_name": "Test"}
    if language:
        user["language_code"] = language
    note = {"file_id": "voice-1", "file_unique_id": "u", "duration": 4, "mime_type": "audio/ogg",
            "file_size": len(AUDIO), **voice}  # fmt: skip
    return {"update_id": next(_ids), "message": {
        "message_id": 1, "date": int(time.time()), "chat": {"id": 777, "type": "private"},
        "from": user, "voice": note}}  # fmt: skip


def audio_envelope(sender: str = "31600000001") -> dict:
    message = {"from": sender, "id": f"wamid.v{next(_ids)}", "timestamp": str(int(time.time())),
               "type": "audio", "audio": {"id": "media-1", "mime_type": "audio/ogg; codecs=opus",
                                          "voice": True}}  # fmt: skip
    value = {"messaging_product": "whatsapp", "metadata": {"phone_number_id": "1234567890"},
             "messages": [message]}  # fmt: skip
    return {"object": "whatsapp_business_account",
            "entry": [{"id": "1", "changes": [{"field": "messages", "value": value}]}]}  # fmt: skip


class Rasa:
    """Stands in for Rasa's on_new_message: keeps what the channel passes on."""

    def __init__(self) -> None:
        self.messages: list = []

    async def __call__(self, message) -> None:
        self.messages.append(message)


def sent_texts(standin) -> list[dict]:
    return [payload for method, payload in standin.requests if method == "sendMessage"]


def keyboard(payload: dict) -> list[dict]:
    markup = payload["reply_markup"]
    markup = json.loads(markup) if isinstance(markup, str) else markup
    return [button for row in markup["inline_keyboard"] for button in row]


async def telegram_voice_note(telegram_api, update: dict) -> Rasa:
    telegram_api.clear()
    channel = TelegramInput(TelegramSettings("test-token", "test-secret", telegram_api.base_url))
    rasa = Rasa()
    await channel.handle(update, rasa)
    return rasa


# --- Telegram -----------------------------------------------------------------------------------


async def test_telegram_without_speech_to_text_offers_a_call_back_and_sends_nothing(
    telegram_api, stt
) -> None:
    rasa = await telegram_voice_note(telegram_api, voice_update())
    [reply] = sent_texts(telegram_api)
    assert reply["text"] == TEXTS["nl"].not_configured and str(reply["chat_id"]) == "777"
    assert keyboard(reply) == [{"text": "Bel mij", "callback_data": CALL_ME.payload}]
    methods = [method for method, _ in telegram_api.requests]
    assert "getFile" not in methods and "download" not in methods  # the audio is not fetched
    assert stt.requests == []  # and nothing goes to a speech service
    assert rasa.messages == []


async def test_telegram_english_app_gets_the_english_reply(telegram_api, stt) -> None:
    await telegram_voice_note(telegram_api, voice_update(language="en-GB"))
    [reply] = sent_texts(telegram_api)
    assert reply["text"] == TEXTS["en"].not_configured
    assert keyboard(reply) == [{"text": "Call me", "callback_data": CALL_ME.payload}]


async def test_telegram_voice_note_is_transcribed_shown_and_answered(
    settings_env, telegram_api, stt
) -> None:
    settings_env(STT_URL=stt.url, STT_MODEL="whisper-test", STT_TOKEN="stt-secret")
    rasa = await telegram_voice_note(telegram_api, voice_update())
    [(_, asked)] = [r for r in telegram_api.requests if r[0] == "getFile"]
    assert asked["file_id"] == "voice-1"
    [(_, fetched)] = [r for r in telegram_api.requests if r[0] == "download"]
    assert fetched == {"token": "test-token", "path": "voice/file_1.oga"}
    [(_, transcribed)] = stt.requests
    assert transcribed["audio"] == AUDIO and transcribed["model"] == "whisper-test"
    assert transcribed["filename"] == "voice.ogg"
    assert transcribed["authorization"] == "Bearer stt-secret"
    [reply] = sent_texts(telegram_api)
    assert reply["text"].startswith(f"Ik hoorde: “{HEARD}”")
    assert keyboard(reply) == [{"text": "Bel mij", "callback_data": CALL_ME.payload}]
    [message] = rasa.messages  # answered like a typed message
    assert (message.text, message.sender_id, message.input_channel) == (HEARD, "tg:777", "telegram")


async def test_an_english_transcript_is_shown_back_in_english(
    settings_env, telegram_api, stt
) -> None:
    settings_env(STT_URL=stt.url, STT_MODEL="whisper-test")
    stt.transcript = "who pays for my dutch course"
    rasa = await telegram_voice_note(telegram_api, voice_update(language=None))
    [reply] = sent_texts(telegram_api)
    assert reply["text"].startswith("I heard: “who pays for my dutch course”")
    assert [m.text for m in rasa.messages] == ["who pays for my dutch course"]
    assert stt.requests[0][1]["authorization"] is None  # no STT_TOKEN: no header


@pytest.mark.parametrize("mode", ["error", "no-text", "slow"])
async def test_telegram_when_transcribing_fails(settings_env, telegram_api, stt, mode) -> None:
    settings_env(STT_URL=stt.url, STT_MODEL="whisper-test", STT_TIMEOUT_SECONDS="1")
    stt.mode, stt.delay = mode, 2.5
    rasa = await telegram_voice_note(telegram_api, voice_update())
    [reply] = sent_texts(telegram_api)
    assert reply["text"] == TEXTS["nl"].failed
    assert keyboard(reply) == [{"text": "Bel mij", "callback_data": CALL_ME.payload}]
    assert rasa.messages == []


async def test_a_voice_note_over_the_limit_is_not_fetched(settings_env, telegram_api, stt) -> None:
    settings_env(STT_URL=stt.url, STT_MODEL="whisper-test", STT_MAX_BYTES=str(len(AUDIO) - 1))
    rasa = await telegram_voice_note(telegram_api, voice_update())
    assert [r for r in telegram_api.requests if r[0] in ("getFile", "download")] == []
    assert stt.requests == [] and rasa.messages == []
    assert sent_texts(telegram_api)[0]["text"] == TEXTS["nl"].failed


async def test_getfiles_size_over_the_limit_stops_the_download(
    settings_env, telegram_api, stt
) -> None:
    settings_env(STT_URL=stt.url, STT_MODEL="whisper-test", STT_MAX_BYTES=str(len(AUDIO) - 1))
    await telegram_voice_note(telegram_api, voice_update(file_size=10))  # the update says small
    assert [r[0] for r in telegram_api.requests if r[0] in ("getFile", "download")] == ["getFile"]
    assert stt.requests == []


async def test_a_download_bigger_than_announced_is_cut_off(settings_env, telegram_api, stt) -> None:
    settings_env(STT_URL=stt.url, STT_MODEL="whisper-test", STT_MAX_BYTES=str(len(AUDIO) - 1))
    telegram_api.clear()
    telegram_api.claimed_size = 10  # getFile says small too; the bytes are not
    channel = TelegramInput(TelegramSettings("test-token", "test-secret", telegram_api.base_url))
    rasa = Rasa()
    await channel.handle(voice_update(file_size=10), rasa)
    assert [r[0] for r in telegram_api.requests if r[0] in ("getFile", "download")] == [
        "getFile", "download"]  # fmt: skip
    assert stt.requests == [] and rasa.messages == []
    assert sent_texts(telegram_api)[0]["text"] == TEXTS["nl"].failed


def test_only_voice_and_audio_messages_are_voice_notes() -> None:
    from telegram import Bot, Update

    bot = Bot("123:abc")
    assert telegram_voice(Update.de_json(voice_update(), bot)).language == "nl"
    text = voice_update()
    del text["message"]["voice"]
    text["message"]["text"] = "hallo"
    assert telegram_voice(Update.de_json(text, bot)) is None


def test_a_transcript_cannot_pose_as_a_button_payload() -> None:
    assert clean_transcript(' /request_human{"x":1}  ', 100) == 'request_human{"x":1}'
    assert clean_transcript("een twee drie vier", 12) == "een twee"


# --- WhatsApp -----------------------------------------------------------------------------------


def whatsapp_channel(whatsapp_api) -> WhatsAppInput:
    whatsapp_api.clear()
    return WhatsAppInput(WhatsAppSettings("test-wa-token", "1234567890", "test-app-secret",
                                          "test-verify", whatsapp_api.base_url, None, "nl"))  # fmt: skip


def interactive(whatsapp_api) -> list[dict]:
    return [body for method, body in whatsapp_api.requests if method == "1234567890"]


def test_an_audio_message_carries_its_media_id() -> None:
    [message] = inbound_messages(audio_envelope())
    assert (message.text, message.audio_id) == (None, "media-1")


async def test_whatsapp_without_speech_to_text_offers_a_call_back_and_sends_nothing(
    whatsapp_api, stt
) -> None:
    channel, rasa = whatsapp_channel(whatsapp_api), Rasa()
    await channel.handle(audio_envelope(), rasa)
    [body] = interactive(whatsapp_api)
    assert body["to"] == "31600000001" and body["interactive"]["type"] == "button"
    assert body["interactive"]["body"]["text"] == TEXTS["nl"].not_configured
    [button] = body["interactive"]["action"]["buttons"]
    assert button["reply"] == {"id": CALL_ME.payload, "title": "Bel mij"}
    assert [m for m, _ in whatsapp_api.requests if m in ("media", "download")] == []
    assert stt.requests == [] and rasa.messages == []


async def test_whatsapp_voice_note_is_transcribed_shown_and_answered(
    settings_env, whatsapp_api, stt
) -> None:
    settings_env(STT_URL=stt.url, STT_MODEL="whisper-test")
    channel, rasa = whatsapp_channel(whatsapp_api), Rasa()
    await channel.handle(audio_envelope(), rasa)
    fetched = [(m, p) for m, p in whatsapp_api.requests if m in ("media", "download")]
    assert fetched == [("media", {"id": "media-1", "authorised": True}),
                       ("download", {"id": "media-1", "authorised": True})]  # fmt: skip
    [(_, transcribed)] = stt.requests
    assert transcribed["audio"] == AUDIO and transcribed["filename"] == "voice.ogg"
    [body] = interactive(whatsapp_api)
    assert body["interactive"]["body"]["text"].startswith(f"Ik hoorde: “{HEARD}”")
    [message] = rasa.messages
    assert message.text == HEARD and message.sender_id.startswith("wa:")


# --- the texts ----------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["not_configured", "failed", "heard"])
def test_the_dutch_texts_are_b1(kind) -> None:
    text = getattr(TEXTS["nl"], kind).format(transcript="wie betaalt mijn opleiding")
    assert not measure(text).problems(), measure(text)


def test_every_language_has_every_text() -> None:
    from bot.language import supported

    assert set(TEXTS) == set(supported())
