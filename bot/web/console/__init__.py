"""The adviser console under /console: login, live queue, claim, reply, notes, close.

No page or API answers without a valid session; every POST needs the session's CSRF token;
all output is escaped (Jinja2 autoescape, textContent in the live scripts).

Who sees what (docs/security.md): an adviser only the handoffs and call-back requests of their
own regions, in every page, stream and API; an admin everything, including the "no region"
queue, and routes items to a region; a policy maker (role `policy`) only the anonymous
insights. Logins are rate-limited and locked after repeated failures (`throttle.py`). Live
streams check the session and the item's visibility before every event, so a logout (or a
handoff routed elsewhere) ends them; a closed handoff shows the conversation up to its close.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

from aiohttp import web
from sqlalchemy.engine import Engine

from bot.config.db import get_engine
from bot.config.settings import get_settings
from bot.handoff import contact, store
from bot.handoff.region import all_regions
from bot.runtime.channels.inputs import client_address
from bot.web.console import (
    accounts,
    canned_page,
    editors,
    insights_page,
    rasa_api,
    throttle,
    tools,
    transcript_view,
    workday,
)
from bot.web.console.session_helpers import COOKIE, render, require, run_in_background

logger = logging.getLogger(__name__)
R = TypeVar("R", store.Handoff, contact.ContactRequest)
STREAM_INTERVAL_SECONDS = 1.0
MAX_TEXT = 2000
MAX_USERNAME = 80
EXPIRE_TASK = web.AppKey("expire_task", asyncio.Task)
# Fixed texts by code, so a link cannot make the console show words of its own.
NOTICES = {"afgehandeld": "Verzoek afgehandeld. Het nummer of adres is gewist.",
           "al-afgehandeld": "Dit verzoek was al afgehandeld.",
           "regio": "Het is doorgezet naar de gekozen regio."}  # fmt: skip
FINISHED = ("closed", "expired")


async def _require_post(request: web.Request) -> tuple[accounts.Session, dict[str, str]]:
    session = require(request)
    form = await request.post()
    if form.get("csrf") != session.csrf:
        raise web.HTTPForbidden(text="Ongeldig formulier (CSRF). Laad de pagina opnieuw.")
    return session, {k: str(v) for k, v in form.items()}


def _conversations_role(session: accounts.Session) -> accounts.Session:
    if not session.adviser.sees_conversations:
        raise web.HTTPForbidden(text="Dit deel van de console is alleen voor adviseurs.")
    return session


def _admin_role(session: accounts.Session) -> accounts.Session:
    if session.adviser.role != "admin":
        raise web.HTTPForbidden(text="Alleen voor beheerders.")
    return session


def _in_region(session: accounts.Session, raw_id: str, get: Callable[[Engine, int], R | None],
               what: str) -> R:  # fmt: skip
    """The item `raw_id` from the URL, if it exists and is of the adviser's region; else 404."""
    _conversations_role(session)
    found = get(get_engine(), int(raw_id)) if raw_id.isdigit() else None
    if found is None or not session.adviser.sees_region(found.region):
        raise web.HTTPNotFound(text=f"{what} bestaat niet of is niet van jouw regio.")
    return found


def _handoff_for(session: accounts.Session, handoff_id: str) -> store.Handoff:
    return _in_region(session, handoff_id, store.get, "Dit gesprek")


def _regions(session: accounts.Session) -> list[str] | None:
    return None if session.adviser.role == "admin" else list(session.adviser.regions)


def _visible_queue(session: accounts.Session) -> list[store.Handoff]:
    return store.queue(get_engine(), _regions(_conversations_role(session)))


def _queue_json(handoffs: list[store.Handoff]) -> list[dict[str, Any]]:
    return [{"id": h.id, "region": h.region, "reason": h.reason, "status": h.status,
             "claimed_by": h.claimed_by, "created": h.created_at.strftime("%d-%m %H:%M"),
             "summary": h.summary} for h in handoffs]  # fmt: skip


def _timestamp(moment: datetime) -> float:
    """Seconds since the epoch; a time read back without a zone (SQLite) is UTC."""
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).timestamp()


async def _messages(handoff: store.Handoff) -> list[dict[str, Any]]:
    """The transcript as the user saw it, from its opening to its close (transcript_view)."""
    return await transcript_view.messages(handoff)


# --- pages -------------------------------------------------------------------------------


async def login_page(request: web.Request) -> web.Response:
    return render("login.html", session=None)


def _address(request: web.Request) -> str:
    return client_address(request.remote, request.headers.get("X-Forwarded-For"))


async def login_submit(request: web.Request) -> web.Response:
    form = await request.post()
    username = str(form.get("username", ""))[:MAX_USERNAME]
    password = str(form.get("password", ""))[:1024]
    address, limits = _address(request), throttle.shared()
    if not limits.allowed(username, address):
        return render("login.html", status=429, session=None, flash=throttle.LOCKED)
    token = accounts.login(get_engine(), username, password)
    if token is None:
        limits.failed(username, address)
        return render(
            "login.html", status=401, session=None, flash="Naam of wachtwoord klopt niet."
        )
    limits.succeeded(username)
    session = accounts.session(get_engine(), token)
    start = "/console/insights" if session and session.adviser.role == "policy" else "/console"
    start = "/console/aanbieders" if session and session.adviser.role == "editor" else start
    response = web.HTTPFound(start)
    insecure = os.environ.get("CONSOLE_INSECURE_COOKIE") == "1"
    response.set_cookie(COOKIE, token, httponly=True, samesite="Strict", secure=not insecure,
                        max_age=accounts.SESSION_HOURS * 3600, path="/console")  # fmt: skip
    raise response


async def logout(request: web.Request) -> web.Response:
    await _require_post(request)
    accounts.logout(get_engine(), request.cookies.get(COOKIE, ""))
    response = web.HTTPFound("/console/login")
    response.del_cookie(COOKIE, path="/console")
    raise response


async def queue_page(request: web.Request) -> web.Response:
    session = require(request)
    if not session.adviser.sees_conversations:
        raise web.HTTPFound(
            "/console/aanbieders" if session.adviser.role == "editor" else "/console/insights"
        )
    admin = session.adviser.role == "admin"
    return render("queue.html", session=session, handoffs=_visible_queue(session),
                  contact_requests=contact.open_requests(get_engine(), _regions(session)),
                  regions=all_regions() if admin else [],
                  flash=NOTICES.get(request.query.get("melding", "")))  # fmt: skip


async def contact_handled(request: web.Request) -> web.Response:
    """The adviser called or mailed back: the request is done and its address wiped."""
    session, _ = await _require_post(request)
    found = _in_region(session, request.match_info["id"], contact.get, "Dit verzoek")
    done = contact.mark_handled(get_engine(), found.id, session.adviser.username)
    raise web.HTTPFound(f"/console?melding={'afgehandeld' if done else 'al-afgehandeld'}")


def _chosen_region(form: dict[str, str]) -> str:
    region = form.get("region", "")
    if region not in all_regions():
        raise web.HTTPBadRequest(text="Kies een regio uit de lijst.")
    return region


async def handoff_region(request: web.Request) -> web.Response:
    """An admin routes a handoff (from the "no region" queue, or elsewhere) to a region."""
    session, form = await _require_post(request)
    _admin_role(session)
    handoff = _handoff_for(session, request.match_info["id"])
    region = _chosen_region(form)
    store.set_region(get_engine(), handoff.id, region)
    logger.info("console: %s routed handoff %s to %s", session.adviser.username, handoff.id,
                region)  # fmt: skip
    raise web.HTTPFound("/console?melding=regio")


async def contact_region(request: web.Request) -> web.Response:
    session, form = await _require_post(request)
    _admin_role(session)
    found = _in_region(session, request.match_info["id"], contact.get, "Dit verzoek")
    contact.set_region(get_engine(), found.id, _chosen_region(form))
    raise web.HTTPFound("/console?melding=regio")


async def queue_api(request: web.Request) -> web.Response:
    return web.json_response(_queue_json(_visible_queue(require(request))))


async def _stream(request: web.Request, event: str, produce: Callable[[], Awaitable[Any]],
                  still_shown: Callable[[accounts.Session], bool] = lambda _: True,
                  last_event: Callable[[], bool] = lambda: False) -> web.StreamResponse:  # fmt: skip
    """Server-sent events. Before every event the session is checked again (logged out,
    expired, password changed: the stream ends) and so is whether the item may still be
    shown to this adviser."""
    token = request.cookies.get(COOKIE)
    response = web.StreamResponse(
        headers={"Content-Type": "text/event-stream", "Cache-Control": "no-store"}
    )
    await response.prepare(request)
    last = None
    try:
        while True:
            session = accounts.session(get_engine(), token)
            if session is None or not still_shown(session):
                await response.write(b"event: ended\ndata: {}\n\n")
                break
            payload = json.dumps(await produce(), ensure_ascii=False, default=str)
            if payload != last:
                await response.write(f"event: {event}\ndata: {payload}\n\n".encode())
                last = payload
            if last_event():
                await response.write(b"event: ended\ndata: {}\n\n")
                break
            await asyncio.sleep(STREAM_INTERVAL_SECONDS)
    except ConnectionResetError:  # the browser went away
        pass
    return response


async def queue_events(request: web.Request) -> web.StreamResponse:
    session = _conversations_role(require(request))

    async def produce() -> list[dict[str, Any]]:
        return _queue_json(_visible_queue(session))

    return await _stream(request, "queue", produce)


async def handoff_page(request: web.Request) -> web.Response:
    session = require(request)
    handoff = _handoff_for(session, request.match_info["id"])
    admin = session.adviser.role == "admin"
    return render("handoff.html", session=session, h=handoff, **await transcript_view.page_context(handoff),
                  notes=store.notes(get_engine(), handoff.id), finished=handoff.status in FINISHED,
                  regions=all_regions() if admin else [],
                  advisers=workday.advisers_for(handoff.region) if admin else [],
                  **tools.handoff_context(session, handoff),
                  flash=request.query.get("melding"))  # fmt: skip


async def handoff_stream(request: web.Request) -> web.StreamResponse:
    session = require(request)
    handoff_id = _handoff_for(session, request.match_info["id"]).id
    current: dict[str, store.Handoff | None] = {"handoff": None}

    def still_shown(now: accounts.Session) -> bool:
        found = store.get(get_engine(), handoff_id)
        current["handoff"] = found
        return found is not None and now.adviser.sees_region(found.region)

    async def produce() -> list[dict[str, str]]:
        found = current["handoff"]
        return await _messages(found) if found is not None else []

    def finished() -> bool:
        found = current["handoff"]
        return found is not None and found.status in FINISHED

    return await _stream(request, "messages", produce, still_shown, finished)


def _back(handoff_id: int, message: str | None = None) -> web.HTTPFound:
    suffix = f"?melding={message}" if message else ""
    return web.HTTPFound(f"/console/handoff/{handoff_id}{suffix}")


async def claim(request: web.Request) -> web.Response:
    session, _ = await _require_post(request)
    handoff = _handoff_for(session, request.match_info["id"])
    if not store.claim(get_engine(), handoff.id, session.adviser.username):
        raise _back(handoff.id, "Een andere adviseur heeft dit gesprek al opgepakt.")
    raise _back(handoff.id)


def _own(session: accounts.Session, handoff: store.Handoff) -> None:
    if handoff.status != "claimed" or handoff.claimed_by != session.adviser.username:
        raise web.HTTPForbidden(text="Pak het gesprek eerst op.")


def _text(form: dict[str, str], name: str) -> str:
    value = form.get(name, "").strip()
    if not value or len(value) > MAX_TEXT:
        raise web.HTTPBadRequest(text=f"Vul een tekst in van hoogstens {MAX_TEXT} tekens.")
    return value


async def reply(request: web.Request) -> web.Response:
    session, form = await _require_post(request)
    handoff = _handoff_for(session, request.match_info["id"])
    _own(session, handoff)
    text = _text(form, "text")
    try:
        await rasa_api.send_reply(handoff.conversation_id, text)
    except (TimeoutError, rasa_api.RasaError, OSError) as error:
        logger.error("console: reply not delivered: %s", error)
        raise _back(
            handoff.id, "Het antwoord kon niet worden verstuurd. Probeer het opnieuw."
        ) from error
    store.add_note(get_engine(), handoff.id, session.adviser.username, text, kind="reply")
    raise _back(handoff.id)


async def note(request: web.Request) -> web.Response:
    session, form = await _require_post(request)
    handoff = _handoff_for(session, request.match_info["id"])
    _own(session, handoff)
    store.add_note(get_engine(), handoff.id, session.adviser.username, _text(form, "text"))
    raise _back(handoff.id)


async def expire_due_handoffs(older_than: timedelta) -> list[store.Handoff]:
    """Close handoffs nobody claimed in time and give them back to the bot, which tells the
    user and offers a call-back or e-mail."""
    expired = store.expire_unclaimed(get_engine(), older_than)
    for handoff in expired:
        try:
            await rasa_api.resume(handoff.conversation_id, "action_handoff_expired")
        except (TimeoutError, rasa_api.RasaError, OSError) as error:
            logger.warning("console: could not resume expired handoff %s: %s", handoff.id, error)
    return expired


async def expire_loop(app: web.Application) -> None:
    """So no user waits forever."""
    timeout = timedelta(minutes=get_settings().handoff_claim_timeout_minutes)
    while True:
        await expire_due_handoffs(timeout)
        await asyncio.sleep(30)


def add_routes(app: web.Application) -> None:
    app.router.add_get("/console/login", login_page)
    app.router.add_post("/console/login", login_submit)
    app.router.add_post("/console/logout", logout)
    app.router.add_get("/console", queue_page)
    app.router.add_get("/console/", queue_page)
    app.router.add_get("/console/api/queue", queue_api)
    app.router.add_get("/console/events", queue_events)
    app.router.add_get("/console/handoff/{id}", handoff_page)
    app.router.add_get("/console/handoff/{id}/stream", handoff_stream)
    app.router.add_post("/console/handoff/{id}/claim", claim)
    app.router.add_post("/console/handoff/{id}/reply", reply)
    app.router.add_post("/console/handoff/{id}/note", note)
    app.router.add_post("/console/handoff/{id}/region", handoff_region)
    app.router.add_post("/console/contact/{id}/handled", contact_handled)
    app.router.add_post("/console/contact/{id}/region", contact_region)
    insights_page.add_routes(app)
    workday.add_routes(app)
    editors.add_routes(app)
    tools.add_routes(app)  # close (with the recap), KB answer
    canned_page.add_routes(app)
    run_in_background(app, EXPIRE_TASK, expire_loop)
