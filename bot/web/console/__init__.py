"""The adviser console under /console: login, live queue, claim, reply, notes, close.

No page or API answers without a valid session; every POST needs the session's CSRF token;
all output is escaped (Jinja2 autoescape, textContent in the live scripts).
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
from collections.abc import Callable
from datetime import timedelta
from typing import Any, TypeVar

from aiohttp import web
from sqlalchemy.engine import Engine

from bot.config.db import get_engine
from bot.config.settings import get_settings
from bot.handoff import contact, store
from bot.privacy.redaction import redact
from bot.web.console import accounts, insights_page, rasa_api
from bot.web.console.session_helpers import COOKIE, render, require

logger = logging.getLogger(__name__)
R = TypeVar("R", store.Handoff, contact.ContactRequest)
STREAM_INTERVAL_SECONDS = 1.0
MAX_TEXT = 2000
EXPIRE_TASK = web.AppKey("expire_task", asyncio.Task)
# Fixed texts by code, so a link cannot make the console show words of its own.
NOTICES = {"afgehandeld": "Verzoek afgehandeld. Het nummer of adres is gewist.",
           "al-afgehandeld": "Dit verzoek was al afgehandeld."}  # fmt: skip


async def _require_post(request: web.Request) -> tuple[accounts.Session, dict[str, str]]:
    session = require(request)
    form = await request.post()
    if form.get("csrf") != session.csrf:
        raise web.HTTPForbidden(text="Ongeldig formulier (CSRF). Laad de pagina opnieuw.")
    return session, {k: str(v) for k, v in form.items()}


def _in_region(session: accounts.Session, raw_id: str, get: Callable[[Engine, int], R | None],
               what: str) -> R:  # fmt: skip
    """The item `raw_id` from the URL, if it exists and is of the adviser's region; else 404."""
    found = get(get_engine(), int(raw_id)) if raw_id.isdigit() else None
    if found is None or not session.adviser.sees_region(found.region):
        raise web.HTTPNotFound(text=f"{what} bestaat niet of is niet van jouw regio.")
    return found


def _handoff_for(session: accounts.Session, handoff_id: str) -> store.Handoff:
    return _in_region(session, handoff_id, store.get, "Dit gesprek")


def _visible_queue(session: accounts.Session) -> list[store.Handoff]:
    return store.queue(get_engine(), _regions(session))


def _queue_json(handoffs: list[store.Handoff]) -> list[dict[str, Any]]:
    return [{"id": h.id, "region": h.region, "reason": h.reason, "status": h.status,
             "claimed_by": h.claimed_by, "created": h.created_at.strftime("%d-%m %H:%M"),
             "summary": h.summary} for h in handoffs]  # fmt: skip


async def _messages(handoff: store.Handoff) -> list[dict[str, str]]:
    """The handoff's transcript, then every message since, live from Rasa's tracker."""
    messages = list(handoff.transcript)
    try:
        events = await rasa_api.conversation_events(handoff.conversation_id)
    except (rasa_api.RasaError, OSError, asyncio.TimeoutError) as error:
        logger.warning("console: tracker not available: %s", error)
        return messages
    since = handoff.created_at.timestamp()
    messages += [
        {"who": e["event"], "text": redact(e.get("text") or "")}
        for e in events
        if e.get("event") in ("user", "bot") and e.get("text") and (e.get("timestamp") or 0) > since
    ]
    return messages


# --- pages -------------------------------------------------------------------------------


async def login_page(request: web.Request) -> web.Response:
    return render("login.html", session=None)


async def login_submit(request: web.Request) -> web.Response:
    form = await request.post()
    token = accounts.login(
        get_engine(), str(form.get("username", "")), str(form.get("password", ""))
    )
    if token is None:
        return render(
            "login.html", status=401, session=None, flash="Naam of wachtwoord klopt niet."
        )
    response = web.HTTPFound("/console")
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


def _regions(session: accounts.Session) -> list[str] | None:
    return None if session.adviser.role == "admin" else list(session.adviser.regions)


async def queue_page(request: web.Request) -> web.Response:
    session = require(request)
    return render("queue.html", session=session, handoffs=_visible_queue(session),
                  contact_requests=contact.open_requests(get_engine(), _regions(session)),
                  flash=NOTICES.get(request.query.get("melding", "")))  # fmt: skip


async def contact_handled(request: web.Request) -> web.Response:
    """The adviser called or mailed back: the request is done and its address wiped."""
    session, _ = await _require_post(request)
    found = _in_region(session, request.match_info["id"], contact.get, "Dit verzoek")
    done = contact.mark_handled(get_engine(), found.id, session.adviser.username)
    raise web.HTTPFound(f"/console?melding={'afgehandeld' if done else 'al-afgehandeld'}")


async def queue_api(request: web.Request) -> web.Response:
    return web.json_response(_queue_json(_visible_queue(require(request))))


async def _stream(request: web.Request, event: str, produce) -> web.StreamResponse:
    response = web.StreamResponse(
        headers={"Content-Type": "text/event-stream", "Cache-Control": "no-store"}
    )
    await response.prepare(request)
    last = None
    while True:
        payload = json.dumps(await produce(), ensure_ascii=False, default=str)
        if payload != last:
            await response.write(f"event: {event}\ndata: {payload}\n\n".encode())
            last = payload
        await asyncio.sleep(STREAM_INTERVAL_SECONDS)


async def queue_events(request: web.Request) -> web.StreamResponse:
    session = require(request)

    async def produce() -> list[dict[str, Any]]:
        return _queue_json(_visible_queue(session))

    return await _stream(request, "queue", produce)


async def handoff_page(request: web.Request) -> web.Response:
    session = require(request)
    handoff = _handoff_for(session, request.match_info["id"])
    return render("handoff.html", session=session, h=handoff, messages=await _messages(handoff),
                   notes=store.notes(get_engine(), handoff.id), flash=request.query.get("melding"))  # fmt: skip


async def handoff_stream(request: web.Request) -> web.StreamResponse:
    session = require(request)
    handoff = _handoff_for(session, request.match_info["id"])

    async def produce() -> list[dict[str, str]]:
        return await _messages(handoff)

    return await _stream(request, "messages", produce)


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
    except (rasa_api.RasaError, OSError, asyncio.TimeoutError) as error:
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


async def close(request: web.Request) -> web.Response:
    session, form = await _require_post(request)
    handoff = _handoff_for(session, request.match_info["id"])
    _own(session, handoff)
    store.close(get_engine(), handoff.id, session.adviser.username, _text(form, "outcome"))
    try:
        await rasa_api.resume(handoff.conversation_id)
    except (rasa_api.RasaError, OSError, asyncio.TimeoutError) as error:
        logger.error("console: conversation not resumed: %s", error)
        raise _back(
            handoff.id, "Afgesloten, maar Leerloket kon het gesprek niet overnemen."
        ) from error
    raise web.HTTPFound("/console")


async def expire_due_handoffs(older_than: timedelta) -> list[store.Handoff]:
    """Close handoffs nobody claimed in time and give them back to the bot, which tells the
    user and offers a call-back or e-mail."""
    expired = store.expire_unclaimed(get_engine(), older_than)
    for handoff in expired:
        try:
            await rasa_api.resume(handoff.conversation_id, "action_handoff_expired")
        except (rasa_api.RasaError, OSError, asyncio.TimeoutError) as error:
            logger.warning("console: could not resume expired handoff %s: %s", handoff.id, error)
    return expired


async def expire_loop(app: web.Application) -> None:
    """So no user waits forever."""
    timeout = timedelta(minutes=get_settings().handoff_claim_timeout_minutes)
    while True:
        await expire_due_handoffs(timeout)
        await asyncio.sleep(30)


async def _start_background(app: web.Application) -> None:
    app[EXPIRE_TASK] = asyncio.create_task(expire_loop(app))


async def _stop_background(app: web.Application) -> None:
    app[EXPIRE_TASK].cancel()


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
    app.router.add_post("/console/handoff/{id}/close", close)
    app.router.add_post("/console/contact/{id}/handled", contact_handled)
    insights_page.add_routes(app)
    app.on_startup.append(_start_background)
    app.on_cleanup.append(_stop_background)
