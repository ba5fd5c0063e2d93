"""Fetching a voice note's audio from the channel stand-ins."""

from __future__ import annotations

import pytest

from bot.speech.download import filename_for, telegram_audio, whatsapp_audio
from bot.speech.transcribe import TooLarge, TranscriptionError
from tests.speech.standins import AUDIO


@pytest.mark.parametrize(
    ("content_type", "name"),
    [("audio/ogg; codecs=opus", "voice.ogg"), ("audio/mpeg", "voice.mp3"),
     ("audio/mp4", "voice.m4a"), (None, "voice.ogg"), ("video/weird", "voice.ogg")],
)  # fmt: skip
def test_the_file_name_tells_the_format(content_type, name) -> None:
    assert filename_for(content_type) == name


async def test_telegram_audio(telegram_api) -> None:
    telegram_api.clear()
    audio = await telegram_audio(
        telegram_api.base_url, "test-token", "voice-1", 10_000, "audio/ogg"
    )
    assert (audio.data, audio.filename, audio.content_type) == (AUDIO, "voice.ogg", "audio/ogg")
    with pytest.raises(TooLarge):
        await telegram_audio(telegram_api.base_url, "test-token", "voice-1", 10)


async def test_whatsapp_audio_sends_the_token_to_the_api_and_its_media_url(whatsapp_api) -> None:
    whatsapp_api.clear()
    audio = await whatsapp_audio(whatsapp_api.base_url, "test-wa-token", "media-9", 10_000)
    assert (audio.data, audio.content_type) == (AUDIO, "audio/ogg")
    assert [r for r in whatsapp_api.requests if r[0] == "download"] == [
        ("download", {"id": "media-9", "authorised": True})
    ]


async def test_whatsapp_token_never_goes_to_a_plain_http_address_elsewhere(whatsapp_api) -> None:
    whatsapp_api.clear()
    whatsapp_api.media_url = "http://127.0.0.2:9/somewhere-else"
    with pytest.raises(TranscriptionError, match="not https"):
        await whatsapp_audio(whatsapp_api.base_url, "test-wa-token", "media-9", 10_000)


async def test_whatsapp_wrong_token(whatsapp_api) -> None:
    whatsapp_api.clear()
    with pytest.raises(TranscriptionError, match="no media URL"):
        await whatsapp_audio(whatsapp_api.base_url, "wrong", "media-9", 10_000)
