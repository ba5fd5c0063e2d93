"""Local stand-ins for voice notes: Telegram and WhatsApp with their media downloads, and a
speech-to-text service in the style of /v1/audio/transcriptions. Each records what it got."""

from __future__ import annotations

import asyncio
from typing import Any

from aiohttp import web

from tests.support.standins.base import Standin, form_or_json
from tests.support.standins.telegram_api import TelegramStandin
from tests.support.standins.whatsapp_api import WhatsAppStandin

AUDIO = b"OggS\x00fake opus voice note" * 10  # what the stand-ins hand out as the recording


class VoiceTelegramStandin(TelegramStandin):
    """Telegram with getFile and the file download (`/file/bot<token>/<file_path>`)."""

    def __init__(self, audio: bytes = AUDIO) -> None:
        super().__init__()
        self.audio = audio
        self.claimed_size: int | None = None  # what getFile says the size is (None: the truth)

    def clear(self) -> None:
        super().clear()
        self.claimed_size = None

    def routes(self, app: web.Application) -> None:
        app.router.add_get("/file/bot{token}/{path:.+}", self.file)
        super().routes(app)

    async def handle(self, request: web.Request) -> web.Response:
        if request.match_info["method"] != "getFile":
            return await super().handle(request)
        payload = await form_or_json(request)
        self.record("getFile", payload)
        result = {"file_id": payload["file_id"], "file_unique_id": "u1",
                  "file_size": self.claimed_size or len(self.audio),
                  "file_path": "voice/file_1.oga"}  # fmt: skip
        return web.json_response({"ok": True, "result": result})

    async def file(self, request: web.Request) -> web.Response:
        self.record("download", {"token": request.match_info["token"],
                                 "path": request.match_info["path"]})  # fmt: skip
        return web.Response(body=self.audio, content_type="audio/ogg")


class VoiceWhatsAppStandin(WhatsAppStandin):
    """WhatsApp with GET /<media id> (a media URL on this stand-in) and the download."""

    def __init__(self, audio: bytes = AUDIO) -> None:
        super().__init__()
        self.audio = audio
        self.media_url: str | None = None  # the URL GET /<media id> gives (None: its own)

    def clear(self) -> None:
        super().clear()
        self.media_url = None

    def routes(self, app: web.Application) -> None:
        app.router.add_get("/media/{media_id}/file", self.file)
        app.router.add_get("/{media_id}", self.media)
        super().routes(app)

    def _authorised(self, request: web.Request) -> bool:
        return request.headers.get("Authorization") == "Bearer test-wa-token"

    async def media(self, request: web.Request) -> web.Response:
        media_id = request.match_info["media_id"]
        self.record("media", {"id": media_id, "authorised": self._authorised(request)})
        if not self._authorised(request):
            return web.json_response(
                {"error": {"message": "Invalid OAuth access token"}}, status=401
            )
        return web.json_response({"messaging_product": "whatsapp", "id": media_id,
                                  "url": self.media_url or f"{self.base_url}/media/{media_id}/file",
                                  "mime_type": "audio/ogg; codecs=opus",
                                  "file_size": str(len(self.audio))})  # fmt: skip

    async def file(self, request: web.Request) -> web.Response:
        self.record("download", {"id": request.match_info["media_id"],
                                 "authorised": self._authorised(request)})  # fmt: skip
        if not self._authorised(request):
            return web.Response(status=401)
        return web.Response(body=self.audio, content_type="audio/ogg")


class SttStandin(Standin):
    """POST /v1/audio/transcriptions: a multipart form with `file` and `model` -> {"text"}.

    `mode`: "ok" (answers `transcript`), "slow" (answers after `delay` seconds), "error"
    (HTTP 500), "no-text" (JSON without text).
    """

    def __init__(self, transcript: str = "wie betaalt mijn opleiding") -> None:
        super().__init__()
        self.transcript = transcript
        self.mode = "ok"
        self.delay = 3.0

    @property
    def url(self) -> str:
        return f"{self.base_url}/v1/audio/transcriptions"

    def routes(self, app: web.Application) -> None:
        app.router.add_post("/v1/audio/transcriptions", self.transcribe)

    async def transcribe(self, request: web.Request) -> web.Response:
        form = await request.post()
        upload: Any = form.get("file")
        self.record("transcriptions", {
            "authorization": request.headers.get("Authorization"),
            "model": form.get("model"),
            "response_format": form.get("response_format"),
            "language": form.get("language"),
            "filename": getattr(upload, "filename", None),
            "content_type": getattr(upload, "content_type", None),
            "audio": upload.file.read() if hasattr(upload, "file") else None,
        })  # fmt: skip
        if self.mode == "slow":
            await asyncio.sleep(self.delay)
        if self.mode == "error":
            return web.json_response({"error": {"message": "model not loaded"}}, status=500)
        if self.mode == "no-text":
            return web.json_response({"segments": []})
        return web.json_response({"text": self.transcript})
