"""The console's working-day tools: closed conversations (with search and the confirmation
after closing), notification settings and the browser's notifier script, take-over and
reassignment by admins, and the background loop that announces new handoffs and puts
silent claims back in the queue (bot/handoff/routing.py).

Who sees what is as everywhere in the console (docs/security.md): advisers only their
regions, admins all, policy makers none of this.
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

from aiohttp import web

from bot.config.db import get_engine
from bot.handoff import aftercare, routing, store
from bot.web.console import accounts, notifications
from bot.web.console.session_helpers import render, require, run_in_background
from bot.web.console.transcript_view import local_time, timestamp

logger = logging.getLogger(__name__)
LOOP_SECONDS = 2.0
LOOP_TASK = web.AppKey("workday_task", asyncio.Task)
STATIC = Path(__file__).parent / "static"


def _base():
    from bot.web import console  # the package imports this module: import late

    return console


async def closed_page(request: web.Request) -> web.Response:
    base = _base()
    session = base._conversations_role(require(request))
    search = request.query.get("zoek", "")[:100]
    rows = routing.closed(get_engine(), base._regions(session), search)
    just = request.query.get("gesloten", "")
    closed_now = None
    if just.isdigit():
        found = store.get(get_engine(), int(just))
        if found is not None and session.adviser.sees_region(found.region):
            closed_now = found
    items = [{"h": h, "closed": local_time(timestamp(h.closed_at), True) if h.closed_at else "",
              "created": local_time(timestamp(h.created_at), True)} for h in rows]  # fmt: skip
    ratings = aftercare.ratings_for(get_engine(), [h.id for h in rows])
    return render("closed.html", session=session, items=items, search=search,
                  closed_now=closed_now, ratings=ratings, symbols=aftercare.SYMBOLS)  # fmt: skip


async def settings_page(request: web.Request) -> web.Response:
    session = _base()._conversations_role(require(request))
    email = notifications.email_of(get_engine(), session.adviser.username) or ""
    return render("notify_settings.html", session=session, email=email,
                  flash=request.query.get("melding"))  # fmt: skip


async def settings_submit(request: web.Request) -> web.Response:
    base = _base()
    session, form = await base._require_post(request)
    base._conversations_role(session)
    email = form.get("email", "").strip()
    if email and not notifications.valid_email(email):
        return render("notify_settings.html", status=400, session=session, email=email,
                      flash="Dit e-mailadres klopt niet.")  # fmt: skip
    notifications.set_email(get_engine(), session.adviser.username, email or None)
    raise web.HTTPFound("/console/meldingen?melding=Opgeslagen.")


async def notify_script(request: web.Request) -> web.Response:
    require(request)
    return web.Response(text=(STATIC / "notify.js").read_text(encoding="utf-8"),
                        content_type="application/javascript",
                        headers={"Cache-Control": "no-store"})  # fmt: skip


async def take_over(request: web.Request) -> web.Response:
    """An admin takes over a handoff (from an adviser who left, or from the queue)."""
    base = _base()
    session, _ = await base._require_post(request)
    base._admin_role(session)
    handoff = base._handoff_for(session, request.match_info["id"])
    routing.assign(get_engine(), handoff.id, session.adviser.username)
    logger.info("console: %s took over handoff %s", session.adviser.username, handoff.id)
    raise base._back(handoff.id, "Je hebt het gesprek overgenomen.")


async def reassign(request: web.Request) -> web.Response:
    """An admin gives a handoff to an adviser who sees its region."""
    base = _base()
    session, form = await base._require_post(request)
    base._admin_role(session)
    handoff = base._handoff_for(session, request.match_info["id"])
    chosen = next((a for a in accounts.list_advisers(get_engine())
                   if a.username == form.get("adviser")), None)  # fmt: skip
    if chosen is None or not chosen.sees_conversations or not chosen.sees_region(handoff.region):
        raise web.HTTPBadRequest(text="Kies een adviseur van deze regio.")
    routing.assign(get_engine(), handoff.id, chosen.username)
    raise base._back(handoff.id, f"Het gesprek is doorgegeven aan {chosen.username}.")


def advisers_for(region: str | None) -> list[str]:
    """Who an admin can give a handoff of `region` to."""
    return [a.username for a in accounts.list_advisers(get_engine())
            if a.sees_conversations and a.sees_region(region)]  # fmt: skip


async def tick() -> None:
    engine = get_engine()
    released = routing.release_silent_claims(engine)
    for handoff_id in released:
        logger.info("routing: handoff %s back in the queue (no reply in time)", handoff_id)
    await notifications.notify_new(engine)


async def loop(app: web.Application) -> None:
    while True:
        try:
            await tick()
        except Exception as error:  # keep the loop alive; the next tick retries
            logger.warning("workday loop: %s", type(error).__name__)
        await asyncio.sleep(LOOP_SECONDS)


def add_routes(app: web.Application) -> None:
    app.router.add_get("/console/closed", closed_page)
    app.router.add_get("/console/meldingen", settings_page)
    app.router.add_post("/console/meldingen", settings_submit)
    app.router.add_get("/console/notify.js", notify_script)
    app.router.add_post("/console/handoff/{id}/takeover", take_over)
    app.router.add_post("/console/handoff/{id}/assign", reassign)
    run_in_background(app, LOOP_TASK, loop)
