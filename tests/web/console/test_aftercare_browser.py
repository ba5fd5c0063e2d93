"""The working tools and the after-care in Chromium, against the real Rasa stack: an adviser
adds a canned reply for her region and sends it from the reply box, sends a KB answer in one
click, closes with a recap; the user gets the recap and "Hoe vond je de hulp?", votes (once),
and the vote is on the closed list. Screenshots go to var/test-artifacts/ (ignored)."""

from __future__ import annotations

import json
import time
import urllib.request
import uuid

import pytest
from sqlalchemy import create_engine

from bot.handoff import aftercare, store
from bot.web.console import accounts, tools
from tests.support.browser import artifact, chromium_pages

pytestmark = [pytest.mark.server, pytest.mark.browser]
PASSWORD = "geheim-wachtwoord"
CANNED = "Hallo, ik ben adviseur bij het leerloket. Ik lees je vraag nu."
RECAP = "Je zoekt een avondcursus boekhouden in Zwolle.\nJe kijkt naar de lijst die ik stuurde."


@pytest.fixture(scope="module")
def aftercare_console(rasa_stack, web_front):
    engine = create_engine(rasa_stack.env["DATABASE_URL"], future=True)
    if "ria" not in {a.username for a in accounts.list_advisers(engine)}:
        accounts.add_adviser(engine, "ria", PASSWORD, "adviser", ["Regio Zwolle"])
    return web_front, engine


def bot_events(rasa_stack, sender: str) -> list[dict]:
    with urllib.request.urlopen(
        rasa_stack.api(f"/conversations/{sender}/tracker"), timeout=10
    ) as r:
        return [e for e in json.loads(r.read())["events"] if e.get("event") == "bot"]


def wait_for(check, timeout: float = 15, step: float = 0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(step)
    raise AssertionError("timed out")


def said(rasa_stack, sender: str, part: str) -> bool:
    return any(part in (e.get("text") or "") for e in bot_events(rasa_stack, sender))


def test_tools_recap_and_rating(rasa_stack, rest_chat, aftercare_console) -> None:
    url, engine = aftercare_console
    user = f"care-{uuid.uuid4().hex[:8]}"
    entry = tools.find_entry("aftrek-studiekosten")
    with chromium_pages(1) as (ria,):
        ria.goto(f"{url}/console")
        ria.fill("#username", "ria")
        ria.fill("#password", PASSWORD)
        ria.click("button[type=submit]")
        ria.wait_for_url(f"{url}/console")
        ria.click("text=Standaardantwoorden")
        ria.select_option("#nieuw-regio", "Regio Zwolle")
        ria.fill("#nieuw-titel", "Welkom")
        ria.fill("#nieuw-tekst", CANNED)
        ria.click("text=Toevoegen")
        ria.locator(".flash", has_text="is toegevoegd").wait_for()
        ria.screenshot(path=str(artifact("aftercare-canned-replies.png")), full_page=True)

        rest_chat(user, "ik woon in zwolle en zoek een avondcursus boekhouden")
        rest_chat(user, "ik wil een mens spreken")
        handoff = wait_for(lambda: store.active_for(engine, user))
        assert handoff.region == "Regio Zwolle"
        ria.goto(f"{url}/console/handoff/{handoff.id}")
        ria.click("text=Oppakken")
        ria.select_option("#standaard", label="Welkom")
        assert ria.input_value("#reply") == CANNED
        ria.click("text=Verstuur antwoord")
        wait_for(lambda: said(rasa_stack, user, CANNED))

        ria.fill("#kb-zoek", entry.title)
        ria.click("text=Verstuur KB-antwoord")
        wait_for(lambda: said(rasa_stack, user, "Gecontroleerd op"))
        sent = next(e["text"] for e in bot_events(rasa_stack, user) if "Gecontroleerd" in e["text"])
        assert sent == "Adviseur: " + tools.kb_answer(entry)
        ria.locator("#messages .msg.adviser", has_text="Bron:").wait_for()

        ria.fill("#outcome", "Lijst met avondcursussen gestuurd")
        assert aftercare.PLACEHOLDER in ria.input_value("#recap")  # prefilled with the template
        ria.fill("#recap", RECAP)
        ria.screenshot(path=str(artifact("aftercare-tools-and-recap.png")), full_page=True)
        ria.click("text=Afsluiten en teruggeven aan Leerloket")
        ria.locator(
            "#bevestiging", has_text="De samenvatting is naar de gebruiker gestuurd"
        ).wait_for()

        # The user's conversation: the recap as the adviser's last reply, then the question.
        wait_for(lambda: said(rasa_stack, user, "Hoe vond je de hulp?"))
        texts = [e.get("text") or "" for e in bot_events(rasa_stack, user)]
        recap_at = texts.index("Adviseur: " + aftercare.recap_message(RECAP))
        question = bot_events(rasa_stack, user)[texts.index("Hoe vond je de hulp?")]
        assert recap_at < texts.index("Hoe vond je de hulp?")
        assert [b["title"] for b in question["data"]["buttons"]] == ["👍 Goed", "👎 Niet goed"]

        up = question["data"]["buttons"][0]["payload"]
        assert [m.get("text") for m in rest_chat(user, up)] == [aftercare.THANKS["up"]]
        down = question["data"]["buttons"][1]["payload"]
        assert [m.get("text") for m in rest_chat(user, down)] == [aftercare.ALREADY]
        assert aftercare.ratings_for(engine, [handoff.id]) == {handoff.id: "up"}

        ria.goto(f"{url}/console/closed")
        row = ria.locator("#closed tr", has_text=f"#{handoff.id}")
        assert "👍" in row.locator("td.rating").inner_text()
        ria.screenshot(path=str(artifact("aftercare-closed-rating.png")), full_page=True)
    assert "Leerloket" in " ".join(m.get("text", "") for m in rest_chat(user, "hallo"))
