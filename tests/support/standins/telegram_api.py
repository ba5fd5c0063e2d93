"""A stand-in for the Telegram Bot API (https://core.telegram.org/bots/api)."""

from __future__ import annotations

import asyncio
import itertools
import time

from aiohttp import web

from tests.support.standins.base import Standin, form_or_json


class TelegramStandin(Standin):
    def __init__(self) -> None:
        super().__init__()
        self._ids = itertools.count(1)
        self.pending_updates: list[dict] = []  # what getUpdates hands out (polling mode)

    def queue_update(self, update: dict) -> None:
        self.pending_updates.append(update)

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
            # Like Telegram: an offset confirms every update below it; a short long-poll.
            offset = int(payload.get("offset") or 0)
            self.pending_updates[:] = [u for u in self.pending_updates if u["update_id"] >= offset]
            deadline = time.monotonic() + min(float(payload.get("timeout") or 0), 1.0)
            while not self.pending_updates and time.monotonic() < deadline:
                await asyncio.sleep(0.05)
            result = list(self.pending_updates)
        else:
            result = True
        return web.json_response({"ok": True, "result": result})
