"""/console/antwoorden: the canned replies of the adviser's regions (all regions for admins),
to add, edit and delete. Storage and the region rule: canned.py."""

from __future__ import annotations

from aiohttp import web

from bot.config.db import get_engine
from bot.handoff.region import all_regions
from bot.web.console import accounts, canned
from bot.web.console.session_helpers import render, require

PATH = "/console/antwoorden"
NOTICES = {"toegevoegd": "Het standaardantwoord is toegevoegd.",
           "opgeslagen": "Het standaardantwoord is opgeslagen.",
           "verwijderd": "Het standaardantwoord is verwijderd."}  # fmt: skip


def _base():
    from bot.web import console  # the package imports this module: import late

    return console


def _regions_for(adviser: accounts.Adviser) -> list[str]:
    return all_regions() if adviser.role == "admin" else sorted(adviser.regions)


def _page(session: accounts.Session, status: int = 200, flash: str | None = None,
          form: dict[str, str] | None = None) -> web.Response:  # fmt: skip
    return render("canned.html", status=status, session=session, flash=flash, form=form or {},
                  replies=canned.visible(get_engine(), session.adviser),
                  regions=_regions_for(session.adviser))  # fmt: skip


async def list_page(request: web.Request) -> web.Response:
    session = _base()._conversations_role(require(request))
    return _page(session, flash=NOTICES.get(request.query.get("melding", "")))


async def _posted(request: web.Request) -> tuple[accounts.Session, dict[str, str]]:
    base = _base()
    session, form = await base._require_post(request)
    return base._conversations_role(session), form


def _reply_id(request: web.Request) -> int:
    raw = request.match_info["id"]
    if not raw.isdigit():
        raise web.HTTPNotFound(text="Dit standaardantwoord bestaat niet of is niet van jouw regio.")
    return int(raw)


async def add(request: web.Request) -> web.Response:
    session, form = await _posted(request)
    try:
        canned.add(get_engine(), session.adviser, form.get("region", ""),
                   form.get("title", ""), form.get("text", ""))  # fmt: skip
    except canned.CannedError as error:
        return _page(session, status=400, flash=str(error), form=form)
    raise web.HTTPFound(f"{PATH}?melding=toegevoegd")


async def edit(request: web.Request) -> web.Response:
    session, form = await _posted(request)
    try:
        done = canned.edit(get_engine(), session.adviser, _reply_id(request),
                           form.get("title", ""), form.get("text", ""))  # fmt: skip
    except canned.CannedError as error:
        return _page(session, status=400, flash=str(error))
    if not done:
        raise web.HTTPNotFound(text="Dit standaardantwoord bestaat niet of is niet van jouw regio.")
    raise web.HTTPFound(f"{PATH}?melding=opgeslagen")


async def remove(request: web.Request) -> web.Response:
    session, _ = await _posted(request)
    if not canned.remove(get_engine(), session.adviser, _reply_id(request)):
        raise web.HTTPNotFound(text="Dit standaardantwoord bestaat niet of is niet van jouw regio.")
    raise web.HTTPFound(f"{PATH}?melding=verwijderd")


def add_routes(app: web.Application) -> None:
    app.router.add_get(PATH, list_page)
    app.router.add_post(PATH, add)
    app.router.add_post(PATH + "/{id}", edit)
    app.router.add_post(PATH + "/{id}/verwijder", remove)
