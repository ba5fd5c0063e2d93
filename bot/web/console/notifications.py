"""Telling advisers that a handoff is waiting: e-mail to the advisers of its region, an
optional webhook, and (in the browser) a sound and a notification (static/notify.js).

Nothing a user typed leaves the console this way: the e-mail and the webhook carry the
handoff's number, region, reason and a link only (docs/security.md: personal data stays in
the console, behind the login).

Environment: SMTP_HOST, SMTP_PORT (default 25), SMTP_USER, SMTP_PASSWORD, SMTP_FROM,
SMTP_STARTTLS=1 to upgrade the connection; HANDOFF_WEBHOOK_URL; CONSOLE_PUBLIC_URL for the
link. Advisers give their address on /console/meldingen.
"""

from __future__ import annotations

import asyncio
import logging
import os
import smtplib
import time
from email.message import EmailMessage
from typing import Any

import aiohttp
from sqlalchemy import Column, DateTime, Integer, MetaData, String, Table, delete, insert, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from bot.handoff import store
from bot.web.console import accounts
from bot.web.console.summary_card import WHY

logger = logging.getLogger(__name__)
metadata = MetaData()
adviser_emails = Table(
    "adviser_emails", metadata,
    Column("username", String(80), primary_key=True),
    Column("email", String(254), nullable=False),
)  # fmt: skip
handoff_notified = Table(
    "handoff_notified", metadata,
    Column("handoff_id", Integer, primary_key=True),
    Column("notified_at", DateTime(timezone=True), nullable=False),
)  # fmt: skip
MAX_EMAIL = 254


def create_tables(engine: Engine) -> None:
    metadata.create_all(engine)


def valid_email(address: str) -> bool:
    local, at, domain = address.partition("@")
    return bool(at and local and "." in domain and len(address) <= MAX_EMAIL
                and not any(c in address for c in " \r\n<>,;"))  # fmt: skip


def set_email(engine: Engine, username: str, email: str | None) -> None:
    create_tables(engine)
    with engine.begin() as conn:
        conn.execute(delete(adviser_emails).where(adviser_emails.c.username == username))
        if email:
            conn.execute(insert(adviser_emails).values(username=username, email=email))


def email_of(engine: Engine, username: str) -> str | None:
    create_tables(engine)
    with engine.connect() as conn:
        return conn.execute(
            select(adviser_emails.c.email).where(adviser_emails.c.username == username)
        ).scalar()


def recipients(engine: Engine, region: str | None) -> list[str]:
    """The addresses of the advisers who see this handoff: its region's advisers, or for the
    "no region" queue the admins."""
    create_tables(engine)
    with engine.connect() as conn:
        rows = conn.execute(select(adviser_emails.c.username, adviser_emails.c.email)).all()
    addresses = {row.username: row.email for row in rows}
    people = [a for a in accounts.list_advisers(engine)
              if (a.role == "adviser" and region in a.regions) or (a.role == "admin" and not region)]  # fmt: skip
    return sorted({addresses[a.username] for a in people if a.username in addresses})


def _claim_notification(engine: Engine, handoff_id: int) -> bool:
    """True once per handoff, whichever process or restart asks."""
    try:
        with engine.begin() as conn:
            conn.execute(insert(handoff_notified).values(handoff_id=handoff_id,
                                                         notified_at=store.now()))  # fmt: skip
    except IntegrityError:
        return False
    return True


def _link(handoff_id: int) -> str:
    base = os.environ.get("CONSOLE_PUBLIC_URL", "").rstrip("/")
    return f"{base}/console/handoff/{handoff_id}"


def email_message(handoff: store.Handoff, to: list[str]) -> EmailMessage:
    region = handoff.region or "zonder regio"
    message = EmailMessage()
    message["Subject"] = f"Leerloket: een gesprek wacht op een adviseur ({region}, #{handoff.id})"
    message["From"] = os.environ.get("SMTP_FROM") or "leerloket@localhost"
    message["To"] = ", ".join(to)
    message.set_content(
        f"Er wacht een gesprek op een adviseur in regio {region}.\n"
        f"Waarom: {WHY.get(handoff.reason, handoff.reason)}\n\n"
        f"Open het gesprek in de console (log eerst in): {_link(handoff.id)}\n\n"
        "Deze e-mail bevat geen gegevens van de gebruiker.\n"
    )
    return message


def send_email(message: EmailMessage) -> None:
    host = os.environ["SMTP_HOST"]
    port = int(os.environ.get("SMTP_PORT") or 25)
    with smtplib.SMTP(host, port, timeout=15) as smtp:
        if os.environ.get("SMTP_STARTTLS") == "1":
            smtp.starttls()
        if os.environ.get("SMTP_USER"):
            smtp.login(os.environ["SMTP_USER"], os.environ.get("SMTP_PASSWORD", ""))
        smtp.send_message(message)


def webhook_body(handoff: store.Handoff) -> dict[str, Any]:
    return {"event": "handoff_waiting", "id": handoff.id, "region": handoff.region,
            "reason": handoff.reason, "created_at": handoff.created_at.isoformat(),
            "url": _link(handoff.id)}  # fmt: skip


async def post_webhook(url: str, body: dict[str, Any]) -> None:
    timeout = aiohttp.ClientTimeout(total=10)
    async with aiohttp.ClientSession(timeout=timeout) as session, session.post(url, json=body) as r:
        if r.status >= 400:
            logger.warning("notifications: webhook answered %s", r.status)


async def notify(engine: Engine, handoff: store.Handoff) -> None:
    if os.environ.get("SMTP_HOST"):
        to = recipients(engine, handoff.region)
        if to:
            try:
                await asyncio.to_thread(send_email, email_message(handoff, to))
                logger.info("notifications: handoff %s mailed to %d advisers", handoff.id, len(to))
            except (OSError, smtplib.SMTPException) as error:
                logger.warning("notifications: e-mail failed: %s", type(error).__name__)
    url = os.environ.get("HANDOFF_WEBHOOK_URL")
    if url:
        try:
            await post_webhook(url, webhook_body(handoff))
        except (OSError, aiohttp.ClientError, TimeoutError) as error:
            logger.warning("notifications: webhook failed: %s", type(error).__name__)


async def notify_new(engine: Engine) -> list[int]:
    """Every open handoff not yet announced is announced, once."""
    create_tables(engine)
    if not (os.environ.get("SMTP_HOST") or os.environ.get("HANDOFF_WEBHOOK_URL")):
        return []  # nothing to send with: leave the job to a process that can
    done = []
    for handoff in store.queue(engine, None):
        if handoff.status == "open" and _claim_notification(engine, handoff.id):
            started = time.monotonic()
            await notify(engine, handoff)
            logger.info("notifications: handoff %s announced in %.2fs", handoff.id,
                        time.monotonic() - started)  # fmt: skip
            done.append(handoff.id)
    return done
