"""The chat widget in Chromium against the real Rasa server, action server and web front.

Open the demo page, ask by keyboard, click a quick reply, try an HTML payload, reload and
find the history, get a human through the adviser console, scan with axe-core.
Screenshots go to var/test-artifacts/ (ignored).
"""

from __future__ import annotations

import json

import pytest
from sqlalchemy import create_engine

from bot.web.console import accounts
from tests.support.browser import artifact, chromium_page, chromium_pages

pytestmark = [pytest.mark.server, pytest.mark.browser]
WIDGET = "#leerloket-widget"
TIMEOUT = 15_000


def bot_messages(page) -> list[str]:
    return page.locator(f"{WIDGET} .msg.bot").all_inner_texts()


def wait_for_bot_messages(page, count: int) -> None:
    page.wait_for_function(
        "n => document.querySelector('#leerloket-widget').shadowRoot"
        ".querySelectorAll('.msg.bot').length >= n",
        arg=count,
        timeout=TIMEOUT,
    )


def ask(page, text: str) -> None:
    before = len(bot_messages(page))
    page.locator(f"{WIDGET} textarea").fill(text)
    page.keyboard.press("Enter")
    wait_for_bot_messages(page, before + 1)
    page.wait_for_timeout(300)  # a reply may come in several messages


def serious_violations(page) -> list[dict]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]})
    return [v for v in results.response["violations"] if v["impact"] in {"serious", "critical"}]


def test_widget_conversation_history_and_accessibility(web_front) -> None:
    with chromium_page() as page:
        page.goto(f"{web_front}/demo?gemeente=zwolle")
        launcher = page.get_by_role("button", name="Chat met Leerloket")
        launcher.focus()
        page.keyboard.press("Enter")  # keyboard only
        wait_for_bot_messages(page, 1)
        assert "Leerloket" in bot_messages(page)[0]
        assert page.evaluate("document.querySelector('#leerloket-widget').shadowRoot"
                             ".activeElement.id") == "ll-input"  # fmt: skip

        page.get_by_role("button", name="Advies over werk").click()  # in every greeting variant
        wait_for_bot_messages(page, 2)
        assert (
            page.locator(f"{WIDGET} .msg.user").all_inner_texts()[-1].endswith("Advies over werk")
        )
        assert page.get_by_role("button", name="Advies over werk").count() == 0
        page.wait_for_timeout(500)
        print("after the quick reply:", bot_messages(page)[1:])

        ask(page, '<img src=x onerror="window.__xss=1">wat is evc?')
        user_texts = page.locator(f"{WIDGET} .msg.user").all_inner_texts()
        assert any('<img src=x onerror="window.__xss=1">' in t for t in user_texts)
        assert page.evaluate("window.__xss") is None
        assert page.locator(f"{WIDGET} .msg img").count() == 0
        links = page.locator(f"{WIDGET} .msg.bot a")
        assert links.count() >= 1
        assert links.first.get_attribute("href").startswith("https://")
        assert links.first.get_attribute("rel") == "noopener noreferrer"

        shown = page.locator(f"{WIDGET} .msg").count()
        session = page.evaluate(
            "Object.entries(sessionStorage).find(([k]) => k.endsWith(':session'))[1]"
        )
        page.screenshot(path=str(artifact("widget-desktop.png")))

        violations = serious_violations(page)
        assert violations == [], json.dumps([(v["id"], [n["html"][:200] for n in v["nodes"]])
                                             for v in violations], indent=1)  # fmt: skip

        page.reload()
        page.locator(f"{WIDGET} .msg").nth(shown - 1).wait_for(timeout=TIMEOUT)
        assert page.locator(f"{WIDGET} .msg").count() == shown
        assert (
            page.evaluate("Object.entries(sessionStorage).find(([k]) => k.endsWith(':session'))[1]")
            == session
        )
        ask(page, "dank je wel")  # the same conversation goes on after the reload

        page.keyboard.press("Escape")
        assert page.locator(f"{WIDGET} .panel").is_hidden()
        assert page.evaluate("document.querySelector('#leerloket-widget').shadowRoot"
                             ".activeElement.className") == "launcher"  # fmt: skip


def test_widget_at_phone_width(web_front) -> None:
    with chromium_page(width=375, height=740) as page:
        page.goto(f"{web_front}/demo?gemeente=groningen")
        page.get_by_role("button", name="Chat met Leerloket").click()
        wait_for_bot_messages(page, 1)
        box = page.locator(f"{WIDGET} .panel").bounding_box()
        assert box["width"] == 375 and box["x"] == 0  # full screen, nothing cut off
        ask(page, "wie betaalt mijn opleiding?")
        page.screenshot(path=str(artifact("widget-phone.png")))
        assert serious_violations(page) == []


def test_adviser_reply_reaches_the_widget(rasa_stack, web_front) -> None:
    engine = create_engine(rasa_stack.env["DATABASE_URL"], future=True)
    # The widget on Zwolle's page: its handoffs go to advisers of Regio Zwolle.
    accounts.add_adviser(engine, "bram", "ook-geheim-wachtwoord", "adviser", ["Regio Zwolle"])
    with chromium_pages(2) as (user, adviser):
        user.goto(f"{web_front}/demo?gemeente=zwolle")
        user.get_by_role("button", name="Chat met Leerloket").click()
        wait_for_bot_messages(user, 1)
        ask(user, "ik wil een adviseur spreken")
        assert "adviseur" in " ".join(bot_messages(user))

        adviser.goto(f"{web_front}/console")
        adviser.fill("#username", "bram")
        adviser.fill("#password", "ook-geheim-wachtwoord")
        adviser.click("button[type=submit]")
        row = adviser.locator("#queue tr", has_text="ik wil een adviseur spreken")
        row.wait_for(timeout=TIMEOUT)
        row.locator("a").click()
        adviser.click("text=Oppakken")
        adviser.fill("#reply", "Hoi, ik ben Bram van het leerloket. Waar kan ik je mee helpen?")
        adviser.click("text=Verstuur antwoord")

        user.locator(f"{WIDGET} .msg.bot", has_text="Hoi, ik ben Bram").wait_for(timeout=TIMEOUT)
        user.screenshot(path=str(artifact("widget-adviser-reply.png")))
