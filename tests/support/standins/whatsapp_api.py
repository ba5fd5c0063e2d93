"""A stand-in for the WhatsApp Cloud API (Graph API /{phone-number-id}/messages)."""

from __future__ import annotations

import itertools

from aiohttp import web

from tests.support.standins.base import Standin


class WhatsAppStandin(Standin):
    def __init__(self) -> None:
        super().__init__()
        self._ids = itertools.count(1)

    def routes(self, app: web.Application) -> None:
        app.router.add_post("/{phone_number_id}/messages", self.handle)

    async def handle(self, request: web.Request) -> web.Response:
        if request.headers.get("Authorization") != "Bearer test-wa-token":
            return web.json_response(
                {"error": {"message": "Invalid OAuth access token"}}, status=401
            )
        body = await request.json()
        self.record(request.match_info["phone_number_id"], body)
        return web.json_response({"messaging_product": "whatsapp",
                                  "contacts": [{"input": body.get("to"), "wa_id": body.get("to")}],
                                  "messages": [{"id": f"wamid.test{next(self._ids)}"}]})  # fmt: skip
