"""The embeddable chat widget: its script under /widget/, and a demo page at /demo.

The demo page is a made-up municipal page with the one `<script>` tag a municipality would
paste; `?gemeente=<id>` picks which municipality the widget tells the assistant about.
"""

from __future__ import annotations

import html
from pathlib import Path

from aiohttp import web

from bot.config.settings import get_settings
from bot.knowledge.questions import kb

STATIC = Path(__file__).parent / "static"
DEMO = (Path(__file__).parent / "templates" / "demo.html").read_text(encoding="utf-8")
DEFAULT_MUNICIPALITY = "zwolle"


def municipalities() -> list[tuple[str, str]]:
    """(id, name) of every municipality the knowledge base has local providers for."""
    return sorted(((p.id, p.name) for p in kb().places()), key=lambda item: item[1])


def demo_html(municipality: str, rasa_public_url: str) -> str:
    known = dict(municipalities())
    chosen = municipality if municipality in known else DEFAULT_MUNICIPALITY
    options = "\n".join(
        f'<option value="{html.escape(mid)}"{" selected" if mid == chosen else ""}>'
        f"{html.escape(name)}</option>"
        for mid, name in known.items()
    )
    return (
        DEMO.replace("{{server}}", html.escape(rasa_public_url))
        .replace("{{municipality}}", html.escape(chosen))
        .replace("{{municipality_name}}", html.escape(known.get(chosen, chosen)))
        .replace("{{options}}", options)
    )


async def demo_page(request: web.Request) -> web.Response:
    page = demo_html(request.query.get("gemeente", ""), get_settings().rasa_public_url)
    return web.Response(text=page, content_type="text/html", headers={"Cache-Control": "no-store"})


async def index(_request: web.Request) -> web.Response:
    raise web.HTTPFound("/demo")


def add_routes(app: web.Application) -> None:
    app.router.add_get("/", index)
    app.router.add_get("/demo", demo_page)
    app.router.add_static("/widget/", STATIC, show_index=False, append_version=False)
