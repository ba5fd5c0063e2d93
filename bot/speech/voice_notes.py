"""What a voice note on WhatsApp or Telegram gets: a short reply, and with speech to text the
transcript, shown back and answered like a typed message.

Without STT_URL/STT_MODEL the reply says the assistant cannot listen yet, asks to type, and
offers "Bel mij" (the handoff's call-back) at once; nothing is downloaded or sent anywhere.
With them, the audio is fetched from the channel, transcribed, shown back ("Ik hoorde: …")
and returned, so the channel passes it on as the user's message. The "Bel mij" button comes
with every reply, so a wrong transcript is never a dead end.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from bot.handoff.messages import CALL_ME
from bot.language import choose, languages
from bot.replies import Button, Reply
from bot.speech import download
from bot.speech.transcribe import Audio, SpeechSettings, TooLarge, TranscriptionError, transcribe

logger = logging.getLogger(__name__)

# What the abuse guard counts for a voice note (one message, before anything is fetched).
VOICE_NOTE_MARK = "[spraakbericht]"


@dataclass(frozen=True)
class VoiceTexts:
    not_configured: str
    failed: str
    heard: str  # {transcript} is filled in
    call_me: str


# Another language is another entry (the default language's texts are used when one is missing).
TEXTS = {
    "nl": VoiceTexts(
        not_configured=(
            "Ik kan nog niet naar spraakberichten luisteren. Typ je vraag in een bericht. "
            "Is typen lastig? Kies dan 'Bel mij'. Dan belt een adviseur je terug."
        ),
        failed=(
            "Het lukte niet om je spraakbericht te beluisteren. Typ je vraag in een bericht. "
            "Of kies 'Bel mij'. Dan belt een adviseur je terug."
        ),
        heard=(
            "Ik hoorde: “{transcript}”\n"
            "Klopt dat niet? Typ je vraag dan. Of kies 'Bel mij'. Dan belt een adviseur je terug."
        ),
        call_me="Bel mij",
    ),
    "en": VoiceTexts(
        not_configured=(
            "I cannot listen to voice messages yet. Please type your question in a message. "
            "Is typing hard for you? Then choose 'Call me'. An adviser will call you back."
        ),
        failed=(
            "I could not listen to your voice message. Please type your question in a message. "
            "Or choose 'Call me'. An adviser will call you back."
        ),
        heard=(
            "I heard: “{transcript}”\n"
            "Is that not right? Then please type your question. Or choose 'Call me'. "
            "An adviser will call you back."
        ),
        call_me="Call me",
    ),
}

Fetch = Callable[[int], Awaitable[Audio]]  # max bytes -> the audio
Send = Callable[[Reply], Awaitable[None]]


def texts(language: str | None) -> VoiceTexts:
    return TEXTS.get(language or "") or TEXTS[languages().default]


def reply(language: str | None, kind: str, transcript: str = "") -> Reply:
    """The reply of `kind` ("not_configured", "failed", "heard"), with the call-back button."""
    words = texts(language)
    text = getattr(words, kind).format(transcript=transcript)
    return Reply(text, (Button(words.call_me, CALL_ME.payload),))


def clean_transcript(text: str, max_chars: int) -> str:
    """One line, no leading "/" (that would be read as a button payload), at most `max_chars`."""
    text = " ".join(text.split()).lstrip("/ ")
    if len(text) > max_chars:
        text = text[:max_chars].rsplit(" ", 1)[0]
    return text


def channel_language(code: str | None) -> str | None:
    """A channel's language tag ("en-GB") as a supported language code, or None."""
    primary = (code or "").split("-")[0].lower()
    return primary if primary in languages().codes else None


async def answer_voice_note(fetch: Fetch, send: Send, language: str | None = None,
                            speech: SpeechSettings | None = None,
                            max_chars: int | None = None) -> str | None:  # fmt: skip
    """Reply to a voice note; return the transcript to answer as the user's message, or None.

    `language` is what the channel knows of the user's language (Telegram's app language).
    """
    speech = speech or SpeechSettings.from_settings()
    language = language if language in languages().codes else languages().default
    if not speech.configured:
        await send(reply(language, "not_configured"))
        return None
    try:
        heard = await transcribe(await fetch(speech.max_bytes), speech)
    except TranscriptionError as error:
        logger.info("speech: a voice note was not transcribed: %s", error)
        await send(reply(language, "failed"))
        return None
    if max_chars is None:
        from bot.config.settings import get_settings

        max_chars = get_settings().max_message_chars
    heard = clean_transcript(heard, max_chars)
    if not heard:
        await send(reply(language, "failed"))
        return None
    await send(reply(choose(heard, language), "heard", heard))
    return heard


# --- the channels' hooks -----------------------------------------------------------------------


@dataclass(frozen=True)
class TelegramVoice:
    file_id: str
    file_size: int | None
    mime_type: str | None
    language: str | None


def telegram_voice(update: Any) -> TelegramVoice | None:
    """The voice note (or audio file) in a Telegram update, or None."""
    message = getattr(update, "effective_message", None)
    media = (
        (getattr(message, "voice", None) or getattr(message, "audio", None)) if message else None
    )
    if media is None or not getattr(media, "file_id", None):
        return None
    user = getattr(update, "effective_user", None)
    return TelegramVoice(
        file_id=media.file_id,
        file_size=getattr(media, "file_size", None),
        mime_type=getattr(media, "mime_type", None),
        language=channel_language(getattr(user, "language_code", None)),
    )


def _buttons(answer: Reply) -> list[dict[str, str]]:
    return [{"title": b.title, "payload": b.payload} for b in answer.buttons]


async def answer_telegram_voice(voice: TelegramVoice, token: str, api_base: str, output: Any,
                                chat_id: str) -> str | None:  # fmt: skip
    """Reply in the chat (through the channel's output); the transcript to pass on, or None."""

    async def fetch(max_bytes: int) -> Audio:
        if voice.file_size and voice.file_size > max_bytes:
            raise TooLarge(f"the voice note is over the limit of {max_bytes} bytes")
        return await download.telegram_audio(api_base, token, voice.file_id, max_bytes,
                                             voice.mime_type)  # fmt: skip

    async def send(answer: Reply) -> None:
        await output.send_text_with_buttons(chat_id, answer.text, _buttons(answer))

    return await answer_voice_note(fetch, send, voice.language)


async def answer_whatsapp_voice(media_id: str, api_base: str, token: str, output: Any,
                                sender: str) -> str | None:  # fmt: skip
    """The same for WhatsApp (no language hint: WhatsApp does not tell the user's language)."""

    async def fetch(max_bytes: int) -> Audio:
        return await download.whatsapp_audio(api_base, token, media_id, max_bytes)

    async def send(answer: Reply) -> None:
        await output.send_text_with_buttons(sender, answer.text, _buttons(answer))

    return await answer_voice_note(fetch, send)
