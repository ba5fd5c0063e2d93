"""Local content editors: the providers of their own municipalities, in a form.

Role `editor` (accounts.py): the municipalities named in their scope (`gemeente:<id>`) and the
municipalities of their regions; admins may edit all. Another municipality answers 403.
On save the provider is checked as `python -m bot.kb check` does (bot/kb/provider_check.py);
every problem is shown next to its field and nothing is saved. A saved change is a new
version with who and when (bot/kb/place_versions.py) and can be undone; the running assistant
picks it up within seconds (bot/kb/live.py); `python -m bot.kb export-places` writes the
places back to kb/places/ for review and commit.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import date
from typing import Any

from aiohttp import web

from bot.config.db import get_engine
from bot.kb import place_versions, store
from bot.kb.places_yaml import provider_mapping
from bot.kb.provider_check import check_provider
from bot.kb.schema import Place
from bot.web.console import accounts
from bot.web.console.session_helpers import render, require
from bot.web.console.transcript_view import local_time, timestamp

logger = logging.getLogger(__name__)
TYPE_LABELS = {"taalhuis": "Taalhuis", "library": "Bibliotheek", "digital_help": "Digitale hulp",
               "leerwerkloket": "Leerwerkloket", "werkcentrum": "Werkcentrum",
               "mbo": "Mbo-school", "adult_education": "Cursussen voor volwassenen",
               "uwv": "UWV", "other": "Anders"}  # fmt: skip
TOPIC_LABELS = {"lezen": "Lezen", "schrijven": "Schrijven", "rekenen": "Rekenen",
                "digitaal": "Computer en internet", "nederlands": "Nederlands leren",
                "mbo_diploma": "Mbo-diploma", "hbo": "Hbo", "engels": "Engels",
                "vak": "Een vak leren", "loopbaan": "Loopbaan en werk"}  # fmt: skip
TEXT_FIELDS = ("name", "address", "hours", "url", "note", "source_name", "source_url")
NOTICES = {"opgeslagen": "Opgeslagen. Leerloket gebruikt het binnen een minuut.",
           "verwijderd": "De aanbieder is verwijderd.",
           "ongedaan": "De vorige versie staat terug.",
           "niets": "Er is niets om ongedaan te maken."}  # fmt: skip
STALE_FORM = "Iemand anders heeft deze gemeente net aangepast. Open de aanbieder opnieuw."


def today() -> date:
    return date.today()


def _editor(request: web.Request) -> accounts.Session:
    session = require(request)
    if not session.adviser.edits_places:
        raise web.HTTPForbidden(text="Dit deel van de console is alleen voor redacteuren.")
    return session


def _place(session: accounts.Session, place_id: str) -> Place:
    place = place_versions.read_place(get_engine(), place_id)
    if place is None:
        raise web.HTTPNotFound(text="Deze gemeente staat niet in de kennisbank.")
    if not session.adviser.may_edit(place.id, place.region):
        raise web.HTTPForbidden(
            text="Je mag alleen de aanbieders van je eigen gemeenten aanpassen."
        )
    return place


async def _post(request: web.Request) -> tuple[accounts.Session, Any]:
    session = _editor(request)
    form = await request.post()
    if form.get("csrf") != session.csrf:
        raise web.HTTPForbidden(text="Ongeldig formulier (CSRF). Laad de pagina opnieuw.")
    return session, form


def _basis(place_id: str) -> int:
    """The newest version of the place: a form saved on an older one is refused."""
    found = place_versions.history(get_engine(), place_id, limit=1)
    return found[0].id if found else 0


def _index(place: Place, raw: str) -> int | None:
    if raw == "nieuw":
        return None
    if not raw.isdigit() or int(raw) >= len(place.providers):
        raise web.HTTPNotFound(text="Deze aanbieder bestaat niet (meer).")
    return int(raw)


async def places_page(request: web.Request) -> web.Response:
    session = _editor(request)
    engine = get_engine()
    places = place_versions.read_places(engine) if store.has_kb(engine) else []
    mine = [p for p in places if session.adviser.may_edit(p.id, p.region)]
    return render("editor_places.html", session=session, places=mine, loaded=bool(places))


async def place_page(request: web.Request) -> web.Response:
    session = _editor(request)
    place = _place(session, request.match_info["place"])
    versions = place_versions.history(get_engine(), place.id)
    rows = [{"v": v, "when": local_time(timestamp(v.created_at), True)} for v in versions]
    return render("editor_place.html", session=session, place=place, versions=rows,
                  can_undo=bool(versions) and versions[0].parent is not None,
                  types=TYPE_LABELS, basis=_basis(place.id),
                  flash=NOTICES.get(request.query.get("melding", "")))  # fmt: skip


def _values(place: Place, index: int | None) -> dict[str, Any]:
    if index is None:
        return {"type": "", "topics": [], "checked": today().isoformat()}
    data = provider_mapping(place.providers[index])
    first = data["sources"][0] if data["sources"] else {"name": "", "url": ""}
    return {**{k: v or "" for k, v in data.items() if k in TEXT_FIELDS}, "type": data["type"],
            "topics": data["topics"], "checked": data["checked"].isoformat(),
            "source_name": first["name"], "source_url": first["url"]}  # fmt: skip


def _form_page(session: accounts.Session, place: Place, index: int | None, values: dict,
               errors: dict | None = None, notices: dict | None = None, status: int = 200,
               flash: str | None = None) -> web.Response:  # fmt: skip
    return render("editor_form.html", status=status, session=session, place=place,
                  index="nieuw" if index is None else index, values=values,
                  errors=errors or {}, notices=notices or {}, types=TYPE_LABELS,
                  topics=TOPIC_LABELS, basis=_basis(place.id), flash=flash)  # fmt: skip


async def form_page(request: web.Request) -> web.Response:
    session = _editor(request)
    place = _place(session, request.match_info["place"])
    index = _index(place, request.match_info["index"])
    return _form_page(session, place, index, _values(place, index))


def _mapping(form: Any, old: dict[str, Any] | None) -> dict[str, Any]:
    """The form as a provider in the file form; phone, e-mail and further sources kept."""
    text = {name: str(form.get(name, "")).strip() for name in TEXT_FIELDS}
    source = {"name": text["source_name"], "url": text["source_url"]}
    extra = (old or {}).get("sources", [])[1:]
    return {
        "type": str(form.get("type", "")),
        "name": text["name"],
        "topics": [str(t) for t in form.getall("topics", [])],
        **{name: text[name] or None for name in ("address", "url", "hours", "note")},
        "phone": (old or {}).get("phone"),
        "email": (old or {}).get("email"),
        "sources": ([source] if source["name"] or source["url"] else []) + extra,
        "checked": str(form.get("checked", "")).strip() or None,
    }


async def save(request: web.Request) -> web.Response:
    session, form = await _post(request)
    place = _place(session, request.match_info["place"])
    index = _index(place, request.match_info["index"])
    values = {name: str(form.get(name, "")) for name in (*TEXT_FIELDS, "type", "checked")}
    values["topics"] = [str(t) for t in form.getall("topics", [])]
    if str(form.get("basis", "")) != str(_basis(place.id)):
        return _form_page(session, place, index, values, status=409, flash=STALE_FORM)
    old = provider_mapping(place.providers[index]) if index is not None else None
    checked = check_provider(_mapping(form, old), place.id, today())
    if not checked.ok or checked.provider is None:
        flash = "Er is nog iets niet goed. Kijk bij de rode meldingen. Er is niets opgeslagen."
        return _form_page(session, place, index, values, checked.errors, checked.notices,
                          status=400, flash=flash)  # fmt: skip
    providers = list(place.providers)
    if index is None:
        providers.append(checked.provider)
        summary = f"Aanbieder toegevoegd: {checked.provider.name}"
    else:
        providers[index] = checked.provider
        summary = f"Aanbieder aangepast: {checked.provider.name}"
    place_versions.publish(get_engine(), replace(place, providers=tuple(providers)),
                           session.adviser.username, summary)  # fmt: skip
    logger.info("console: %s edited the providers of %s", session.adviser.username, place.id)
    raise web.HTTPFound(f"/console/aanbieders/{place.id}?melding=opgeslagen")


async def remove(request: web.Request) -> web.Response:
    session, form = await _post(request)
    place = _place(session, request.match_info["place"])
    index = _index(place, request.match_info["index"])
    if index is None or str(form.get("basis", "")) != str(_basis(place.id)):
        raise web.HTTPConflict(text=STALE_FORM)
    gone = place.providers[index]
    providers = place.providers[:index] + place.providers[index + 1 :]
    place_versions.publish(get_engine(), replace(place, providers=providers),
                           session.adviser.username, f"Aanbieder verwijderd: {gone.name}")  # fmt: skip
    raise web.HTTPFound(f"/console/aanbieders/{place.id}?melding=verwijderd")


async def undo(request: web.Request) -> web.Response:
    session, _ = await _post(request)
    place = _place(session, request.match_info["place"])
    done = place_versions.undo(get_engine(), place.id, session.adviser.username)
    raise web.HTTPFound(f"/console/aanbieders/{place.id}?melding={'ongedaan' if done else 'niets'}")


def add_routes(app: web.Application) -> None:
    app.router.add_get("/console/aanbieders", places_page)
    app.router.add_get("/console/aanbieders/{place}", place_page)
    app.router.add_post("/console/aanbieders/{place}/ongedaan", undo)
    app.router.add_get("/console/aanbieders/{place}/{index}", form_page)
    app.router.add_post("/console/aanbieders/{place}/{index}", save)
    app.router.add_post("/console/aanbieders/{place}/{index}/verwijderen", remove)
