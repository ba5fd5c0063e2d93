"""Shared by the console pages: sessions, login checks and escaped HTML rendering."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import jinja2
from aiohttp import web

from bot.config.db import get_engine
from bot.web.console import accounts

COOKIE = "leerloket_console"
REASONS = {"asked": "Vroeg om een mens", "fallback": "Bot begreep het niet",
           "sensitive": "Gevoelig onderwerp", "frustration": "Gefrustreerd"}  # fmt: skip
STATUSES = {"open": "Wacht", "claimed": "Opgepakt", "closed": "Afgesloten", "expired": "Verlopen"}

_templates = jinja2.Environment(
    loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=jinja2.select_autoescape(["html"]),
)


def render(template: str, status: int = 200, **context: Any) -> web.Response:
    context.setdefault("reasons", REASONS)
    context.setdefault("statuses", STATUSES)
    html = _templates.get_template(template).render(**context)
    return web.Response(text=html, content_type="text/html", status=status, headers={
        "Content-Security-Policy": "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'unsafe-inline'",
        "X-Frame-Options": "DENY", "Referrer-Policy": "same-origin", "Cache-Control": "no-store",
    })  # fmt: skip


def current_session(request: web.Request) -> accounts.Session | None:
    return accounts.session(get_engine(), request.cookies.get(COOKIE))


def require(request: web.Request) -> accounts.Session:
    session = current_session(request)
    if session is None:
        if request.path.startswith("/console/api") or request.method != "GET":
            raise web.HTTPUnauthorized(text="Log eerst in.")
        raise web.HTTPFound("/console/login")
    return session


def run_in_background(
    app: web.Application, key: web.AppKey, loop: Callable[[web.Application], Awaitable[None]]
) -> None:
    """Run `loop(app)` as a task while the console runs; cancelled at shutdown."""

    async def start(app: web.Application) -> None:
        app[key] = asyncio.create_task(loop(app))

    async def stop(app: web.Application) -> None:
        app[key].cancel()

    app.on_startup.append(start)
    app.on_cleanup.append(stop)
