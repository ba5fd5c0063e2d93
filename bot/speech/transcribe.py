"""Speech to text over HTTP, in the style of the `/v1/audio/transcriptions` API.

The request is a multipart form with the audio as `file` and the `model` name; the answer is
JSON with the transcript in `text`. Self-hosted Whisper servers offer this API. Nothing is sent
anywhere unless STT_URL and STT_MODEL are set; STT_TOKEN, when set, goes as a bearer token.
The audio is held in memory for the one request and never stored.
"""

from __future__ import annotations

from dataclasses import dataclass

import httpx

from bot.config.settings import Settings, get_settings

MAX_TRANSCRIPT_CHARS = 10_000  # a bigger answer is not a voice note's transcript


class TranscriptionError(Exception):
    """The audio could not be turned into text (the reason is in the message, never the audio)."""


class NotConfigured(TranscriptionError):
    pass


class TooLarge(TranscriptionError):
    pass


@dataclass(frozen=True)
class SpeechSettings:
    url: str | None
    model: str | None
    token: str | None = None
    timeout_seconds: float = 30.0
    max_bytes: int = 10_000_000

    @property
    def configured(self) -> bool:
        return bool(self.url and self.model)

    @classmethod
    def from_settings(cls, settings: Settings | None = None) -> SpeechSettings:
        settings = settings or get_settings()
        return cls(
            url=settings.stt_url,
            model=settings.stt_model,
            token=settings.stt_token,
            timeout_seconds=float(settings.stt_timeout_seconds),
            max_bytes=settings.stt_max_bytes,
        )


@dataclass(frozen=True)
class Audio:
    data: bytes
    filename: str  # the service reads the format from the extension: voice.ogg, audio.m4a
    content_type: str = "application/octet-stream"


async def transcribe(
    audio: Audio, speech: SpeechSettings | None = None, language: str | None = None
) -> str:
    """The transcript of `audio`; raises TranscriptionError (never returns an empty text).

    `language` is an optional ISO 639-1 hint ("nl"); without it the service detects it.
    """
    speech = speech or SpeechSettings.from_settings()
    if not speech.configured or speech.url is None or speech.model is None:
        raise NotConfigured("speech to text is not configured (STT_URL, STT_MODEL)")
    if not audio.data:
        raise TranscriptionError("the audio is empty")
    if len(audio.data) > speech.max_bytes:
        raise TooLarge(f"the audio has {len(audio.data)} bytes; the limit is {speech.max_bytes}")
    form = {"model": speech.model, "response_format": "json"}
    if language:
        form["language"] = language
    headers = {"Authorization": f"Bearer {speech.token}"} if speech.token else {}
    try:
        async with httpx.AsyncClient(
            timeout=speech.timeout_seconds, follow_redirects=False
        ) as client:
            reply = await client.post(
                speech.url,
                data=form,
                files={"file": (audio.filename, audio.data, audio.content_type)},
                headers=headers,
            )
    except httpx.TimeoutException as error:
        raise TranscriptionError(f"no transcript within {speech.timeout_seconds:g} s") from error
    except httpx.HTTPError as error:
        raise TranscriptionError(
            f"the speech service is not reachable: {type(error).__name__}"
        ) from error
    if reply.status_code != 200:
        raise TranscriptionError(f"the speech service answered HTTP {reply.status_code}")
    try:
        body = reply.json()
    except ValueError as error:
        raise TranscriptionError("the speech service did not answer JSON") from error
    text = body.get("text") if isinstance(body, dict) else None
    if not isinstance(text, str) or len(text) > MAX_TRANSCRIPT_CHARS:
        raise TranscriptionError("the speech service's answer has no usable `text`")
    text = " ".join(text.split())
    if not text:
        raise TranscriptionError("the transcript is empty")
    return text
