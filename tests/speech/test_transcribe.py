"""Speech to text against a local stand-in of a /v1/audio/transcriptions service."""

from __future__ import annotations

import socket
import time

import pytest

from bot.speech.transcribe import (
    Audio,
    NotConfigured,
    SpeechSettings,
    TooLarge,
    TranscriptionError,
    transcribe,
)
from tests.speech.standins import AUDIO, SttStandin

VOICE = Audio(AUDIO, "voice.ogg", "audio/ogg")


def speech(stt: SttStandin, **changes) -> SpeechSettings:
    values = {"url": stt.url, "model": "whisper-test", "token": "stt-secret",
              "timeout_seconds": 5.0, "max_bytes": 100_000, **changes}  # fmt: skip
    return SpeechSettings(**values)


async def test_sends_the_audio_and_the_model_as_a_form_and_reads_the_text(stt) -> None:
    stt.transcript = "  wie betaalt\n mijn opleiding  "
    assert await transcribe(VOICE, speech(stt)) == "wie betaalt mijn opleiding"
    [(_, sent)] = stt.requests
    assert sent["model"] == "whisper-test" and sent["response_format"] == "json"
    assert sent["audio"] == AUDIO and sent["filename"] == "voice.ogg"
    assert sent["content_type"] == "audio/ogg"
    assert sent["authorization"] == "Bearer stt-secret"
    assert sent["language"] is None  # the service detects the language itself


async def test_a_language_hint_and_no_token(stt) -> None:
    await transcribe(VOICE, speech(stt, token=None), language="nl")
    [(_, sent)] = stt.requests
    assert sent["language"] == "nl" and sent["authorization"] is None


async def test_nothing_is_sent_when_not_configured(stt) -> None:
    with pytest.raises(NotConfigured):
        await transcribe(VOICE, SpeechSettings(url=None, model=None))
    with pytest.raises(NotConfigured):
        await transcribe(VOICE, speech(stt, model=None))
    assert stt.requests == []


async def test_settings_come_from_the_environment(settings_env, stt) -> None:
    assert not SpeechSettings.from_settings().configured
    settings_env(STT_URL=stt.url, STT_MODEL="m", STT_TIMEOUT_SECONDS="7", STT_MAX_BYTES="99")
    found = SpeechSettings.from_settings()
    assert found.configured and (found.url, found.model, found.token) == (stt.url, "m", None)
    assert (found.timeout_seconds, found.max_bytes) == (7.0, 99)


async def test_too_large_audio_is_refused_before_sending(stt) -> None:
    with pytest.raises(TooLarge):
        await transcribe(VOICE, speech(stt, max_bytes=len(AUDIO) - 1))
    with pytest.raises(TranscriptionError):
        await transcribe(Audio(b"", "voice.ogg"), speech(stt))
    assert stt.requests == []


@pytest.mark.parametrize("mode", ["error", "no-text"])
async def test_a_failing_service_is_an_error(stt, mode) -> None:
    stt.mode = mode
    with pytest.raises(TranscriptionError):
        await transcribe(VOICE, speech(stt))


async def test_an_empty_transcript_is_an_error(stt) -> None:
    stt.transcript = "   "
    with pytest.raises(TranscriptionError, match="empty"):
        await transcribe(VOICE, speech(stt))


async def test_a_slow_service_times_out(stt) -> None:
    stt.mode, stt.delay = "slow", 3.0
    started = time.monotonic()
    with pytest.raises(TranscriptionError, match="no transcript within"):
        await transcribe(VOICE, speech(stt, timeout_seconds=0.5))
    assert time.monotonic() - started < 2.5


async def test_an_unreachable_service_is_an_error() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # closed again: nothing listens there
    with pytest.raises(TranscriptionError, match="not reachable"):
        await transcribe(VOICE, SpeechSettings(url=f"http://127.0.0.1:{port}/v1", model="m"))
