"""The embeddable chat widget: its script under /widget/, and a demo page at /demo.

The demo page is a made-up municipal page with the one `<script>` tag a municipality would
paste; `?gemeente=<id>` picks which municipality the widget tells the assistant about, and
`?taal=en` shows the page (and starts the widget) in English.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from aiohttp import web

from bot.config.settings import get_settings
from bot.knowledge.questions import kb

STATIC = Path(__file__).parent / "static"
DEMO = (Path(__file__).parent / "templates" / "demo.html").read_text(encoding="utf-8")
DEFAULT_MUNICIPALITY = "zwolle"
DEFAULT_LANGUAGE = "nl"
# The demo page's texts; another language is another table ({name}: the municipality).
PAGE_TEXTS = {
    "nl": {
        "title": "Leren en werken – Gemeente {name} (demo)",
        "not_real": "Voorbeeldpagina – geen echte gemeentesite.",
        "other_language": "English",
        "heading": "Gemeente {name}: leren en werken",
        "note": "Dit is een demo van de Leerloket-chat. De knop rechtsonder opent de chat.",
        "keep_learning": "Blijven leren, ook als volwassene",
        "intro": (
            "Wil je een diploma halen, beter leren lezen of rekenen, of een ander vak leren? "
            "Stel je vraag aan Leerloket. De chat zegt ook waar het antwoord vandaan komt. "
            "Wil je liever een mens spreken? Dat kan ook via de chat."
        ),
        "choose": "Bekijk de demo als gemeente:",
        "show": "Toon",
        "embed_heading": "Zo zet je de chat op je eigen site",
        "embed": "Plak deze regel vlak voor",
        "code_label": "Code om de chat in te bouwen",
    },
    "en": {
        "title": "Learning and work – Municipality of {name} (demo)",
        "not_real": "Example page – not a real municipal website.",
        "other_language": "Nederlands",
        "heading": "Municipality of {name}: learning and work",
        "note": "This is a demo of the Leerloket chat. The button at the bottom right opens the chat.",
        "keep_learning": "Keep learning, also as an adult",
        "intro": (
            "Do you want to get a diploma, read or do sums better, or learn a new trade? "
            "Ask Leerloket your question. The chat also tells you where the answer comes from. "
            "Would you rather talk to a person? You can do that through the chat too."
        ),
        "choose": "Show the demo as municipality:",
        "show": "Show",
        "embed_heading": "How to put the chat on your own website",
        "embed": "Paste this line just before",
        "code_label": "Code to add the chat",
    },
}
_TEXT_RE = re.compile(r"\{\{t:([a-z_]+)\}\}")


def municipalities() -> list[tuple[str, str]]:
    """(id, name) of every municipality the knowledge base has local providers for."""
    return sorted(((p.id, p.name) for p in kb().places()), key=lambda item: item[1])


def demo_html(municipality: str, rasa_public_url: str, language: str = DEFAULT_LANGUAGE) -> str:
    known = dict(municipalities())
    chosen = municipality if municipality in known else DEFAULT_MUNICIPALITY
    lang = language if language in PAGE_TEXTS else DEFAULT_LANGUAGE
    other = next(code for code in PAGE_TEXTS if code != lang)
    name = known.get(chosen, chosen)
    texts = PAGE_TEXTS[lang]
    options = "\n".join(
        f'<option value="{html.escape(mid)}"{" selected" if mid == chosen else ""}>'
        f"{html.escape(label)}</option>"
        for mid, label in known.items()
    )
    page = _TEXT_RE.sub(lambda m: html.escape(texts[m.group(1)].format(name=name)), DEMO)
    return (
        page.replace("{{server}}", html.escape(rasa_public_url))
        .replace("{{municipality}}", html.escape(chosen))
        .replace("{{other_href}}", html.escape(f"/demo?gemeente={chosen}&taal={other}"))
        .replace("{{other_lang}}", other)
        .replace("{{lang}}", lang)
        .replace("{{options}}", options)
    )


async def demo_page(request: web.Request) -> web.Response:
    page = demo_html(
        request.query.get("gemeente", ""),
        get_settings().rasa_public_url,
        request.query.get("taal") or request.query.get("lang") or DEFAULT_LANGUAGE,
    )
    return web.Response(text=page, content_type="text/html", headers={"Cache-Control": "no-store"})


async def index(_request: web.Request) -> web.Response:
    raise web.HTTPFound("/demo")


def add_routes(app: web.Application) -> None:
    app.router.add_get("/", index)
    app.router.add_get("/demo", demo_page)
    app.router.add_static("/widget/", STATIC, show_index=False, append_version=False)
