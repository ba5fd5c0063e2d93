"""The whole handoff round trip in Chromium, against the real Rasa server and action server.

A user asks for a person over REST → the handoff appears in the adviser's live queue → the
adviser claims it and replies → the reply is in the user's conversation → the adviser closes →
the bot answers the user again. Screenshots go to var/test-artifacts/ (ignored).
"""

from __future__ import annotations

import json
import time
import urllib.request
import uuid

import pytest
from sqlalchemy import create_engine

from bot.web.console import accounts
from tests.support.browser import artifact, chromium_page

pytestmark = [pytest.mark.server, pytest.mark.browser]


@pytest.fixture(scope="module")
def console(rasa_stack, web_front):
    engine = create_engine(rasa_stack.env["DATABASE_URL"], future=True)
    # The REST user names no place: the handoff is in the "no region" queue, which admins see.
    accounts.add_adviser(engine, "anna", "geheim-wachtwoord", "admin", [])
    return web_front


def tracker_texts(rasa_stack, sender: str) -> list[str]:
    with urllib.request.urlopen(
        rasa_stack.api(f"/conversations/{sender}/tracker"), timeout=10
    ) as r:
        events = json.loads(r.read())["events"]
    return [e.get("text") or "" for e in events if e.get("event") == "bot"]


def test_handoff_round_trip(rasa_stack, rest_chat, console) -> None:
    user = f"user-{uuid.uuid4().hex[:8]}"
    asked_at = time.monotonic()
    reply = " ".join(m.get("text", "") for m in rest_chat(user, "ik wil een mens spreken"))
    assert "adviseur" in reply
    assert rest_chat(user, "ik woon in zwolle en zoek een cursus") == []  # the bot stays quiet

    with chromium_page() as page:
        page.goto(f"{console}/console")
        page.fill("#username", "anna")
        page.fill("#password", "geheim-wachtwoord")
        page.click("button[type=submit]")
        # Each handoff test asks in its own words, so its row is the only one with them.
        row = page.locator("#queue tr", has_text="ik wil een mens spreken")
        row.wait_for(timeout=15_000)
        print(f"handoff visible in the queue {time.monotonic() - asked_at:.1f}s after the request")
        page.screenshot(path=str(artifact("console-queue.png")), full_page=True)

        row.locator("a").click()
        page.click("text=Oppakken")
        page.locator("#messages", has_text="ik woon in zwolle").wait_for(timeout=10_000)
        page.fill("#reply", "Hallo, ik ben Anna. Ik help je met een cursus in Zwolle.")
        page.click("text=Verstuur antwoord")
        page.locator("#messages", has_text="Adviseur: Hallo, ik ben Anna").wait_for(timeout=10_000)
        page.screenshot(path=str(artifact("console-handoff.png")), full_page=True)
        assert "Adviseur: Hallo, ik ben Anna. Ik help je met een cursus in Zwolle." in tracker_texts(
            rasa_stack, user)  # fmt: skip

        page.fill("#outcome", "Doorverwezen naar Taalpunt Zwolle")
        page.fill("#recap", "Je gaat naar Taalpunt Zwolle voor een cursus.")
        page.click("text=Afsluiten en teruggeven aan Leerloket")
        page.wait_for_url(f"{console}/console/closed**")

    assert any("weer met Leerloket" in t for t in tracker_texts(rasa_stack, user))
    again = " ".join(m.get("text", "") for m in rest_chat(user, "hallo"))
    assert "Leerloket" in again
