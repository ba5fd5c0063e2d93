"""A small HTTP server in a background thread that records every request it answers."""

from __future__ import annotations

import asyncio
import json
import socket
import threading
import time
from collections.abc import Callable
from typing import Any

from aiohttp import web


class Standin:
    def __init__(self) -> None:
        self.requests: list[tuple[str, dict[str, Any]]] = []
        self.base_url = ""
        self._loop: asyncio.AbstractEventLoop | None = None
        self._runner: web.AppRunner | None = None
        self._ready = threading.Event()

    def routes(self, app: web.Application) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def record(self, method: str, payload: dict[str, Any]) -> None:
        self.requests.append((method, payload))

    def start(self) -> None:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        self.base_url = f"http://127.0.0.1:{port}"
        threading.Thread(target=self._serve, args=(port,), daemon=True).start()
        if not self._ready.wait(10):
            raise RuntimeError("stand-in did not start")

    def _serve(self, port: int) -> None:
        self._loop = asyncio.new_event_loop()
        app = web.Application()
        self.routes(app)
        self._runner = web.AppRunner(app)
        self._loop.run_until_complete(self._runner.setup())
        self._loop.run_until_complete(web.TCPSite(self._runner, "127.0.0.1", port).start())
        self._ready.set()
        self._loop.run_forever()

    def stop(self) -> None:
        if self._loop is not None:
            self._loop.call_soon_threadsafe(self._loop.stop)

    def clear(self) -> None:
        self.requests.clear()

    def wait_for(self, predicate: Callable[[tuple[str, dict[str, Any]]], bool],
                 timeout: float = 15.0) -> tuple[str, dict[str, Any]]:  # fmt: skip
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for item in list(self.requests):
                if predicate(item):
                    return item
            time.sleep(0.05)
        raise AssertionError(f"no matching request in {timeout}s; got {self.requests!r}")


async def form_or_json(request: web.Request) -> dict[str, Any]:
    """Telegram clients send form fields with JSON values; Graph API clients send JSON."""
    if request.content_type == "application/json":
        return await request.json()
    data = {}
    for key, value in (await request.post()).items():
        try:
            data[key] = json.loads(value)
        except (TypeError, ValueError):
            data[key] = value
    return data
