"""The widget's own texts follow the conversation's language (Dutch, English), from the bot's
`lang` or from the text; the widget and the demo page pass axe-core in both languages."""

from __future__ import annotations

import json

import pytest

from tests.support.browser import artifact
from tests.web.widget.conftest import TIMEOUT, WIDGET
from tests.web.widget.fakes import DUTCH_VOICE, ENGLISH_VOICE
from tests.web.widget.test_read_aloud import ask

pytestmark = pytest.mark.browser
VOICES = [DUTCH_VOICE, ENGLISH_VOICE]
ENGLISH_GREETING = {
    "text": "Hi! I am Leerloket. I help you with questions about learning and work. "
    "What would you like to know?",
    "quick_replies": [
        {"content_type": "text", "title": "Who pays for my course?", "payload": "/ask_funding"},
        {"content_type": "text", "title": "Advice about work", "payload": "/ask_career"},
    ],
    "lang": "en",
}
ENGLISH_ANSWER = {
    "text": "You can borrow money from DUO for your course fees. Read more on "
    "https://duo.nl/particulier/levenlanglerenkrediet/ (checked 1 December 2026).",
    "quick_replies": [{"title": "How do I apply?", "payload": "/ask_how_to_apply"}],
}


def labels(page) -> dict:
    return page.evaluate(
        """() => {
        const r = document.querySelector('#leerloket-widget').shadowRoot;
        const q = (s) => r.querySelector(s);
        return {
          lang: q('.panel').getAttribute('lang'),
          placeholder: q('textarea').placeholder,
          input: q('label[for=ll-input]').textContent,
          send: q('form button').textContent,
          restart: q('header button').textContent,
          close: q('header button:last-child').getAttribute('aria-label'),
          readAll: q('.tools label').textContent,
          log: q('.log').getAttribute('aria-label'),
          speakers: [...r.querySelectorAll('.speak')].map((b) => b.textContent),
          replies: [...r.querySelectorAll('.replies')].map((g) => g.getAttribute('aria-label')),
          who: [...r.querySelectorAll('.who')].map((s) => s.textContent),
        };
      }"""
    )


DUTCH = {"lang": "nl", "placeholder": "Typ je vraag…", "input": "Typ je vraag", "send": "Stuur",
         "restart": "Nieuw gesprek", "close": "Chat sluiten", "readAll": "Lees alles voor",
         "log": "Gesprek"}  # fmt: skip
ENGLISH = {"lang": "en", "placeholder": "Type your question…", "input": "Type your question",
           "send": "Send", "restart": "New chat", "close": "Close chat",
           "readAll": "Read everything aloud", "log": "Chat"}  # fmt: skip


def assert_labels(page, expected: dict, speak: str, replies: str, you: str) -> None:
    found = labels(page)
    assert {k: found[k] for k in expected} == expected
    assert set(found["speakers"]) == {speak}
    assert set(found["replies"]) <= {replies}
    assert you in found["who"]


def test_labels_follow_the_conversation_language(open_widget) -> None:
    page = open_widget(VOICES)
    assert_labels(page, DUTCH, "Lees voor", "Kies een antwoord", "Leerloket: ")

    # No `lang` from the bot: the widget reads it from the text.
    ask(page, "english please", {"text": "Sure. From now on I will answer you in English. "
                                         "What would you like to know?",
                                 "quick_replies": [{"title": "Funding", "payload": "/ask_funding"}]})  # fmt: skip
    assert_labels(page, ENGLISH, "Read aloud", "Choose an answer", "You: ")
    sent = page.evaluate("window.__ll.emitted.filter(e => e[0] === 'user_uttered').pop()[1]")
    assert sent["message"] == "english please" and sent["metadata"]["lang"] == "nl"

    ask(page, "ok", {"text": "OK."})  # too short to tell: the language stays
    assert labels(page)["lang"] == "en"
    assert page.locator(f"{WIDGET} .msg.bot").last.get_attribute("lang") == "en"

    page.keyboard.press("Escape")
    assert page.locator(f"{WIDGET} .launcher").inner_text() == "Chat with Leerloket"
    page.reload()  # kept for the session
    assert page.locator(f"{WIDGET} .launcher").inner_text() == "Chat with Leerloket"
    page.locator(f"{WIDGET} .launcher").click()

    # The bot says the language: that wins.
    ask(page, "Nederlands graag", {"text": "Goed. Ik praat weer Nederlands met je.", "lang": "nl"})
    assert_labels(page, DUTCH, "Lees voor", "Kies een antwoord", "Jij: ")


def test_new_conversation_goes_back_to_the_pages_language(open_widget) -> None:
    page = open_widget(VOICES)
    ask(page, "in english", {"text": "OK."}, {"lang": "en"})
    assert labels(page)["lang"] == "en"
    page.get_by_role("button", name="New chat").click()
    page.locator(f"{WIDGET} .msg.bot").first.wait_for(timeout=TIMEOUT)
    assert labels(page)["lang"] == "nl"


def test_an_english_page_starts_the_widget_in_english(open_widget) -> None:
    page = open_widget(VOICES, path="/demo?gemeente=zwolle&taal=en", greeting=ENGLISH_GREETING)
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == "Municipality of Zwolle: learning and work"
    assert_labels(page, ENGLISH, "Read aloud", "Choose an answer", "Leerloket: ")
    greet = page.evaluate("window.__ll.emitted.find(e => e[0] === 'user_uttered')[1]")
    assert (
        greet["message"] == '/greet{"municipality":"zwolle"}' and greet["metadata"]["lang"] == "en"
    )


def serious_violations(page) -> list[dict]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]})
    return [v for v in results.response["violations"] if v["impact"] in {"serious", "critical"}]


def explain(violations: list[dict]) -> str:
    return json.dumps([(v["id"], [n["html"][:200] for n in v["nodes"]]) for v in violations],
                      indent=1)  # fmt: skip


@pytest.mark.parametrize(
    ("language", "path", "greeting", "question", "answer"),
    [
        ("nl", "/demo?gemeente=zwolle", None, "kan ik lenen voor een opleiding",
         {"text": "Ja, bij DUO kun je geld lenen voor lesgeld. Lees meer op "
                  "https://duo.nl/particulier/levenlanglerenkrediet/ (gecheckt op 1 december 2026).",
          "quick_replies": [{"title": "Hoe vraag ik dat aan?", "payload": "/ask_how_to_apply"}]}),
        ("en", "/demo?gemeente=zwolle&taal=en", ENGLISH_GREETING, "can i borrow money for a course",
         ENGLISH_ANSWER),
    ],
)  # fmt: skip
@pytest.mark.parametrize("width", [1280, 375])
def test_widget_and_demo_page_pass_axe(open_widget, language, path, greeting, question, answer,
                                       width) -> None:  # fmt: skip
    page = open_widget(VOICES, path=path, greeting=greeting, width=width, height=740)
    ask(page, question, answer)
    page.get_by_role("button", name="Lees voor" if language == "nl" else "Read aloud").last.click()
    assert labels(page)["lang"] == language
    assert page.locator(f"{WIDGET} .speak:visible").count() == 2
    assert page.locator(f"{WIDGET} .replies button:visible").count() >= 1
    page.screenshot(path=str(artifact(f"widget-{language}-{width}.png")))
    violations = serious_violations(page)
    assert violations == [], explain(violations)
    page.keyboard.press("Escape")  # the demo page with the chat closed
    violations = serious_violations(page)
    assert violations == [], explain(violations)
