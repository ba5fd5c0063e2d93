"""A working day in Chromium, against the real Rasa stack: two advisers of two regions, a
notification (sound and browser notification, observed by an init script; e-mail to a local
SMTP stand-in) when a handoff arrives, claim, the silent claim back to the queue, an admin's
take-over and reply, closing with a confirmation, the closed list.
Screenshots go to var/test-artifacts/ (ignored)."""

from __future__ import annotations

import json
import time
import urllib.request
import uuid

import pytest
from sqlalchemy import create_engine

from bot.handoff import store
from bot.web.console import accounts, notifications
from tests.conftest import running_web_front
from tests.support.browser import artifact, chromium_pages
from tests.web.console.smtp_standin import SmtpStandin

pytestmark = [pytest.mark.server, pytest.mark.browser]
PASSWORD = "geheim-wachtwoord"
# Notification and AudioContext observed: every call is recorded on the page.
OBSERVE = """
window.__notes = [];
class FakeNotification { constructor(title, options) { window.__notes.push({title, body: options && options.body, at: Date.now()}); } }
FakeNotification.permission = "granted";
FakeNotification.requestPermission = () => Promise.resolve("granted");
window.Notification = FakeNotification;
"""


@pytest.fixture(scope="module")
def workday(rasa_stack):
    smtp = SmtpStandin().start()
    env = {**rasa_stack.env, "RASA_PUBLIC_URL": rasa_stack.rasa_url, "SMTP_HOST": "127.0.0.1",
           "SMTP_PORT": str(smtp.port), "SMTP_FROM": "leerloket@example.org",
           "HANDOFF_CLAIM_REPLY_MINUTES": "0.15"}  # fmt: skip
    with running_web_front(env, rasa_stack.workdir / "web-workday.log") as url:
        engine = create_engine(rasa_stack.env["DATABASE_URL"], future=True)
        for name, role, regions in (("zara", "adviser", ["Regio Zwolle"]),
                                    ("tim", "adviser", ["Twente"]), ("baas", "admin", [])):  # fmt: skip
            if name not in {a.username for a in accounts.list_advisers(engine)}:
                accounts.add_adviser(engine, name, PASSWORD, role, regions)
        notifications.set_email(engine, "zara", "zara@example.org")
        notifications.set_email(engine, "tim", "tim@example.org")
        yield url, smtp, engine
    smtp.stop()


def login(page, url: str, name: str) -> None:
    page.add_init_script(OBSERVE)
    page.goto(f"{url}/console")
    page.fill("#username", name)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{url}/console")


def bot_texts(rasa_stack, sender: str) -> list[str]:
    with urllib.request.urlopen(
        rasa_stack.api(f"/conversations/{sender}/tracker"), timeout=10
    ) as r:
        events = json.loads(r.read())["events"]
    return [e.get("text") or "" for e in events if e.get("event") == "bot"]


def wait_for(check, timeout: float, step: float = 0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(step)
    raise AssertionError("timed out")


def test_a_working_day(rasa_stack, rest_chat, workday) -> None:
    url, smtp, engine = workday
    user = f"day-{uuid.uuid4().hex[:8]}"
    with chromium_pages(3) as (zara, tim, boss):
        for page, name in ((zara, "zara"), (tim, "tim"), (boss, "baas")):
            login(page, url, name)
        time.sleep(1.5)  # the queue streams have sent their first (baseline) event
        rest_chat(user, "ik woon in zwolle en zoek een avondcursus boekhouden")
        asked = time.monotonic()
        assert "adviseur" in " ".join(
            m.get("text", "") for m in rest_chat(user, "ik wil een mens spreken")
        )
        wait_for(lambda: zara.evaluate("window.__notes.length"), 15, 0.05)
        to_notification = time.monotonic() - asked
        wait_for(lambda: smtp.messages, 15)
        to_email = smtp.received_at[0] - asked
        print(f"arrival to browser notification {to_notification:.2f}s, to e-mail {to_email:.2f}s")
        assert "Regio Zwolle" in zara.evaluate("window.__notes[0].title")
        assert smtp.messages[0]["To"] == "zara@example.org"
        assert tim.evaluate("window.__notes.length") == 0  # another region: nothing
        rest_chat(user, "kan dat ook online")  # typed after the handoff
        handoff = store.active_for(engine, user)
        assert handoff is not None and handoff.region == "Regio Zwolle"
        zara.screenshot(path=str(artifact("workday-queue-notified.png")), full_page=True)

        zara.goto(f"{url}/console/handoff/{handoff.id}")
        card = zara.locator("#samenvatting")
        card.locator("text=kan dat ook online").wait_for(timeout=10_000)
        assert "woont in Zwolle (regio Regio Zwolle)" in card.inner_text()
        assert "/" not in "".join(zara.locator("#messages .msg.user").all_inner_texts())
        zara.click("text=Oppakken")
        zara.screenshot(path=str(artifact("workday-handoff-card.png")), full_page=True)
        # Zara does not reply: after the reply time-out the handoff is back in the queue.
        wait_for(lambda: store.get(engine, handoff.id).status == "open", 30, 0.5)
        released = time.monotonic()

        boss.goto(f"{url}/console/handoff/{handoff.id}")
        boss.click("text=Overnemen")
        boss.fill("#note", "Zara reageerde niet; overgenomen.")
        boss.click("text=Notitie opslaan")
        boss.locator("#notities", has_text="overgenomen").wait_for()
        boss.fill("#reply", "Ja, dat kan online. Ik stuur je de lijst.")
        sent = time.monotonic()
        boss.click("text=Verstuur antwoord")
        wait_for(lambda: any("Ik stuur je de lijst" in t for t in bot_texts(rasa_stack, user)), 10)
        print(f"reply to the user's conversation {time.monotonic() - sent:.2f}s; "
              f"released {released - asked:.1f}s after arrival")  # fmt: skip
        boss.locator("#messages .msg.adviser", has_text="Ik stuur je de lijst").wait_for()
        assert "overgenomen" not in boss.locator("#messages").inner_text()  # notes stay apart
        boss.screenshot(path=str(artifact("workday-takeover-reply.png")), full_page=True)

        boss.fill("#outcome", "Lijst met online cursussen gestuurd")
        boss.fill("#recap", "Je krijgt een lijst met online cursussen.")
        boss.click("text=Afsluiten en teruggeven aan Leerloket")
        boss.locator("#bevestiging", has_text=f"Gesprek #{handoff.id} is afgesloten").wait_for()
        boss.fill("#zoek", "online cursussen")
        boss.click("text=Zoek")
        boss.locator("#closed tr", has_text=f"#{handoff.id}").wait_for()
        boss.screenshot(path=str(artifact("workday-closed-list.png")), full_page=True)
        tim.goto(f"{url}/console/closed")
        assert f"#{handoff.id}" not in tim.locator("#closed").inner_text()
    assert any("weer met Leerloket" in t for t in bot_texts(rasa_stack, user))
