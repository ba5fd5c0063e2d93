"""The console in tests: a database of its own, and the web front served from a thread."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from aiohttp import web
from sqlalchemy.engine import Engine

from tests.conftest import free_port, http_ok


@contextmanager
def console_database(
    path: Path, monkeypatch: pytest.MonkeyPatch, insecure_cookie: bool = True
) -> Iterator[Engine]:
    """DATABASE_URL pointed at `path`, the settings and engine caches cleared before and after."""
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{path}")
    if insecure_cookie:
        monkeypatch.setenv("CONSOLE_INSECURE_COOKIE", "1")
    from bot.config.db import get_engine
    from bot.config.settings import get_settings

    get_settings.cache_clear()
    get_engine.cache_clear()
    try:
        yield get_engine()
    finally:
        get_settings.cache_clear()
        get_engine.cache_clear()


def serve_web_front() -> str:
    """The web front (bot.web.server) on a free port in a daemon thread; its base URL."""
    from bot.web.server import create_app

    port, ready = free_port(), threading.Event()

    def serve() -> None:
        loop = asyncio.new_event_loop()
        runner = web.AppRunner(create_app())
        loop.run_until_complete(runner.setup())
        loop.run_until_complete(web.TCPSite(runner, "localhost", port).start())
        ready.set()
        loop.run_forever()

    threading.Thread(target=serve, daemon=True).start()
    ready.wait(10)
    url = f"http://localhost:{port}"
    deadline = time.monotonic() + 10
    while not http_ok(f"{url}/healthz") and time.monotonic() < deadline:
        time.sleep(0.1)
    return url
