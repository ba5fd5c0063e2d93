"""A stand-in for the Telegram Bot API (https://core.telegram.org/bots/api)."""

from __future__ import annotations

import itertools
import time

from aiohttp import web

from tests.standins.base import Standin, form_or_json


class TelegramStandin(Standin):
    def __init__(self) -> None:
        super().__init__()
        self._ids = itertools.count(1)

    def routes(self, app: web.Application) -> None:
        app.router.add_route("*", "/bot{token}/{method}", self.handle)

    async def handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        payload = await form_or_json(request)
        self.record(method, payload)
        if method == "getMe":
            result: object = {"id": 42, "is_bot": True, "first_name": "Leerloket",
                              "username": "leerloket_test_bot"}  # fmt: skip
        elif method in ("sendMessage", "sendPhoto"):
            result = {"message_id": next(self._ids), "date": int(time.time()),
                      "chat": {"id": int(payload["chat_id"]), "type": "private"},
                      "text": payload.get("text", "")}  # fmt: skip
        elif method == "getUpdates":
            result = []
        else:
            result = True
        return web.json_response({"ok": True, "result": result})
