"""The adviser's working tools on a handoff page: a canned reply of the handoff's region to
fill the reply box, "send a KB answer" in one click (the entry's B1 summary with its source
and the date it was checked), and closing with a B1 recap for the user, who is then asked to
rate the help (bot/handoff/aftercare.py, actions/aftercare.py).

Who may do what is as for replies (docs/security.md): only the adviser who claimed the handoff,
of its region (admins: every region); the canned replies shown are those of the handoff's
region that this adviser may use.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from typing import Any

from aiohttp import web

from bot.config.db import get_engine
from bot.handoff import aftercare, store
from bot.kb.schema import Entry
from bot.web.console import accounts, canned, rasa_api

logger = logging.getLogger(__name__)
MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
          "september", "oktober", "november", "december")  # fmt: skip
SEND_FAILED = (TimeoutError, rasa_api.RasaError, OSError)


def _base():
    from bot.web import console  # the package imports this module: import late

    return console


@lru_cache(maxsize=1)
def _entries() -> tuple[Entry, ...]:
    """The console's KB (bot.kb: the SQL store when loaded, else the files), by title."""
    from bot.kb import load_knowledge_base

    return tuple(sorted(load_knowledge_base().entries(), key=lambda e: e.title.lower()))


def kb_titles() -> list[str]:
    return [entry.title for entry in _entries()]


def find_entry(query: str) -> Entry | None:
    """The entry picked by title (as the list offers it) or id; else the only entry whose
    title contains the query. None when nothing, or more than one, fits."""
    wanted = " ".join(query.split()).lower()
    if not wanted:
        return None
    for entry in _entries():
        if entry.title.lower() == wanted or entry.id == wanted:
            return entry
    matches = [e for e in _entries() if wanted in e.title.lower()]
    return matches[0] if len(matches) == 1 else None


def kb_answer(entry: Entry) -> str:
    """What the user reads: the B1 summary, for an ended scheme what to do now, and the
    source line as the assistant writes it ("Bron: … Gecontroleerd op …")."""
    lines = [entry.summary.strip()]
    if entry.status == "ended":
        lines.append("Let op: deze regeling bestaat niet meer.")
        if entry.what_now.strip():
            lines.append(f"Wat kun je nu doen? {entry.what_now.strip()}")
    if entry.sources:
        source, day = entry.sources[0], entry.checked
        lines.append(f"Bron: {source.name} ({source.url}). "
                     f"Gecontroleerd op {day.day} {MONTHS[day.month - 1]} {day.year}.")  # fmt: skip
    return "\n".join(lines)


def handoff_context(session: accounts.Session, handoff: store.Handoff) -> dict[str, Any]:
    """For handoff.html: the canned replies of the handoff's region, the KB titles, the
    recap template."""
    own = handoff.status == "claimed" and handoff.claimed_by == session.adviser.username
    replies = canned.visible(get_engine(), session.adviser, handoff.region) if own else []
    return {"canned": replies, "kb_titles": kb_titles() if own else [],
            "recap_template": aftercare.RECAP_TEMPLATE}  # fmt: skip


async def _deliver(handoff: store.Handoff, author: str, text: str) -> None:
    """Send `text` as the adviser's reply and record it, as the reply form does."""
    await rasa_api.send_reply(handoff.conversation_id, text)
    store.add_note(get_engine(), handoff.id, author, text, kind="reply")


async def send_kb_answer(request: web.Request) -> web.Response:
    base = _base()
    session, form = await base._require_post(request)
    handoff = base._handoff_for(session, request.match_info["id"])
    base._own(session, handoff)
    entry = find_entry(form.get("entry", "")[:200])
    if entry is None:
        raise base._back(handoff.id, "Kies een onderwerp uit de lijst van de kennisbank.")
    try:
        await _deliver(handoff, session.adviser.username, kb_answer(entry))
    except SEND_FAILED as error:
        logger.error("console: KB answer not delivered: %s", error)
        raise base._back(
            handoff.id, "Het antwoord kon niet worden verstuurd. Probeer het opnieuw."
        ) from error
    raise base._back(handoff.id)


async def close(request: web.Request) -> web.Response:
    """Close with a recap: the recap goes to the user as the adviser's last reply, the handoff
    closes, the bot takes over and asks the user to rate the help."""
    base = _base()
    session, form = await base._require_post(request)
    handoff = base._handoff_for(session, request.match_info["id"])
    base._own(session, handoff)
    outcome = base._text(form, "outcome")
    try:
        recap = aftercare.clean_recap(form.get("recap"))
    except aftercare.RecapError as error:
        raise base._back(handoff.id, str(error)) from error
    try:
        await _deliver(handoff, session.adviser.username, aftercare.recap_message(recap))
    except SEND_FAILED as error:
        logger.error("console: recap not delivered: %s", error)
        raise base._back(
            handoff.id, "De samenvatting kon niet worden verstuurd. Het gesprek is nog open."
        ) from error
    store.close(get_engine(), handoff.id, session.adviser.username, outcome)
    try:
        await rasa_api.resume(handoff.conversation_id, "action_handoff_closed")
    except SEND_FAILED as error:
        logger.error("console: conversation not resumed: %s", error)
        raise base._back(
            handoff.id, "Afgesloten, maar Leerloket kon het gesprek niet overnemen."
        ) from error
    raise web.HTTPFound(f"/console/closed?gesloten={handoff.id}")


def add_routes(app: web.Application) -> None:
    app.router.add_post("/console/handoff/{id}/kb", send_kb_answer)
    app.router.add_post("/console/handoff/{id}/close", close)
