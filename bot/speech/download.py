"""Fetch a voice note's audio from the channel that received it, with a size limit.

Telegram: getFile gives a `file_path`, the bytes are at <api base>/file/bot<token>/<file_path>.
WhatsApp: GET <api base>/<media id> gives a short-lived `url`, fetched with the same token.
Only called when speech to text is configured.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import httpx

from bot.speech.transcribe import Audio, TooLarge, TranscriptionError

DOWNLOAD_TIMEOUT_SECONDS = 15.0
EXTENSIONS = {"audio/ogg": "ogg", "audio/mpeg": "mp3", "audio/mp4": "m4a", "audio/aac": "aac",
              "audio/amr": "amr", "audio/wav": "wav", "audio/x-wav": "wav", "audio/webm": "webm"}  # fmt: skip


def filename_for(content_type: str | None, default: str = "ogg") -> str:
    """A file name whose extension tells the speech service the format ("voice.ogg")."""
    base = (content_type or "").split(";")[0].strip().lower()
    return f"voice.{EXTENSIONS.get(base, default)}"


async def _fetch(client: httpx.AsyncClient, url: str, max_bytes: int,
                 headers: dict[str, str] | None = None) -> tuple[bytes, str | None]:  # fmt: skip
    """The body of `url`, refused as soon as it passes `max_bytes`."""
    async with client.stream("GET", url, headers=headers) as reply:
        if reply.status_code != 200:
            raise TranscriptionError(f"the audio download answered HTTP {reply.status_code}")
        declared = reply.headers.get("Content-Length")
        if declared and declared.isdigit() and int(declared) > max_bytes:
            raise TooLarge(f"the audio has {declared} bytes; the limit is {max_bytes}")
        chunks, size = [], 0
        async for chunk in reply.aiter_bytes():
            size += len(chunk)
            if size > max_bytes:
                raise TooLarge(f"the audio is over the limit of {max_bytes} bytes")
            chunks.append(chunk)
        return b"".join(chunks), reply.headers.get("Content-Type")


def _too_big(size: object, max_bytes: int) -> bool:
    try:
        return int(str(size)) > max_bytes
    except ValueError:
        return False


async def telegram_audio(api_base: str, token: str, file_id: str, max_bytes: int,
                         mime_type: str | None = None) -> Audio:  # fmt: skip
    api_base = api_base.rstrip("/")
    try:
        async with httpx.AsyncClient(timeout=DOWNLOAD_TIMEOUT_SECONDS) as client:
            reply = await client.post(f"{api_base}/bot{token}/getFile", json={"file_id": file_id})
            body = reply.json() if reply.status_code == 200 else {}
            result = body.get("result") if isinstance(body, dict) else None
            if not isinstance(result, dict):
                raise TranscriptionError("Telegram did not find the voice note")
            path = result.get("file_path")
            if not isinstance(path, str) or not path or ".." in path:
                raise TranscriptionError("Telegram gave no file path for the voice note")
            if _too_big(result.get("file_size", 0), max_bytes):
                raise TooLarge(f"the voice note is over the limit of {max_bytes} bytes")
            data, content_type = await _fetch(
                client, f"{api_base}/file/bot{token}/{path}", max_bytes
            )
    except (httpx.HTTPError, ValueError) as error:  # ValueError: an answer that is not JSON
        raise TranscriptionError(
            f"the voice note could not be fetched: {type(error).__name__}"
        ) from error
    kind = mime_type or content_type
    return Audio(data, filename_for(kind), (kind or "audio/ogg").split(";")[0])


def _same_origin(url: str, base: str) -> bool:
    a, b = urlsplit(url), urlsplit(base)
    return (a.scheme, a.netloc) == (b.scheme, b.netloc)


async def whatsapp_audio(api_base: str, token: str, media_id: str, max_bytes: int) -> Audio:
    api_base = api_base.rstrip("/")
    auth = {"Authorization": f"Bearer {token}"}
    try:
        async with httpx.AsyncClient(timeout=DOWNLOAD_TIMEOUT_SECONDS) as client:
            reply = await client.get(f"{api_base}/{media_id}", headers=auth)
            body = reply.json() if reply.status_code == 200 else {}
            url = body.get("url") if isinstance(body, dict) else None
            if not isinstance(url, str):
                raise TranscriptionError("WhatsApp gave no media URL for the voice note")
            # The token goes only to an https address or to the API's own origin (a stand-in).
            if urlsplit(url).scheme != "https" and not _same_origin(url, api_base):
                raise TranscriptionError("WhatsApp's media URL is not https")
            if _too_big(body.get("file_size", 0), max_bytes):
                raise TooLarge(f"the voice note is over the limit of {max_bytes} bytes")
            data, content_type = await _fetch(client, url, max_bytes, headers=auth)
    except (httpx.HTTPError, ValueError) as error:  # ValueError: an answer that is not JSON
        raise TranscriptionError(
            f"the voice note could not be fetched: {type(error).__name__}"
        ) from error
    kind = body.get("mime_type") if isinstance(body.get("mime_type"), str) else content_type
    return Audio(data, filename_for(kind), (kind or "audio/ogg").split(";")[0].strip())
