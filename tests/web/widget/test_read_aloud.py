"""Read aloud in the widget, in Chromium, with the speech API observed (a recording
speechSynthesis): the speaker button, "Lees alles voor", voices per language, keyboard and
screen-reader behaviour, and no button where the browser has no voice."""

from __future__ import annotations

import pytest

from tests.support.browser import artifact
from tests.web.widget.conftest import TIMEOUT, WIDGET
from tests.web.widget.fakes import DUTCH_VOICE, ENGLISH_VOICE, FLEMISH_VOICE, GREETING

pytestmark = pytest.mark.browser
ALL_VOICES = [ENGLISH_VOICE, FLEMISH_VOICE, DUTCH_VOICE]


def spoken(page) -> list[dict]:
    return page.evaluate("window.__speech.spoken")


def cancels(page) -> int:
    return page.evaluate("window.__speech.cancels")


def finish(page) -> None:
    page.evaluate("window.__speech.finish()")


def bot_says(page, *messages: dict) -> None:
    before = page.locator(f"{WIDGET} .msg.bot").count()
    for message in messages:
        page.evaluate("m => window.__ll.fire('bot_uttered', m)", message)
    texts = [m for m in messages if m.get("text")]
    if texts:
        page.locator(f"{WIDGET} .msg.bot").nth(before + len(texts) - 1).wait_for(timeout=TIMEOUT)


def ask(page, text: str, *replies: dict) -> None:
    """Type `text` and send it; the assistant answers with `replies`."""
    before = page.locator(f"{WIDGET} .msg.bot").count()
    page.evaluate("m => window.__ll.next.push(...m)", list(replies))
    page.locator(f"{WIDGET} textarea").fill(text)
    page.locator(f"{WIDGET} textarea").press("Enter")
    count = len([r for r in replies if r.get("text")])
    if count:
        page.locator(f"{WIDGET} .msg.bot").nth(before + count - 1).wait_for(timeout=TIMEOUT)
    page.wait_for_timeout(100)  # a message without text may follow


def announced(page) -> str:
    page.wait_for_timeout(120)  # the announcement is set just after it is cleared
    return page.locator(f"{WIDGET} .panel > [aria-live].sr").inner_text()


def test_speaker_button_reads_in_a_dutch_voice_and_stops_on_a_second_press(open_widget) -> None:
    page = open_widget(ALL_VOICES)
    speaker = page.get_by_role("button", name="Lees voor")
    assert speaker.count() == 1 and speaker.is_visible()
    assert speaker.get_attribute("aria-pressed") == "false"
    described = speaker.get_attribute("aria-describedby")
    assert page.locator(f"{WIDGET} #{described}").inner_text().endswith(GREETING["text"])

    speaker.focus()
    page.keyboard.press("Enter")  # by keyboard
    assert spoken(page) == [
        {"text": GREETING["text"], "lang": "nl-NL", "voice": "Dutch (Netherlands)"}
    ]
    stop = page.get_by_role("button", name="Stop")
    assert stop.get_attribute("aria-pressed") == "true"
    assert announced(page) == "Ik lees het bericht voor."
    page.screenshot(path=str(artifact("widget-read-aloud.png")))

    before = cancels(page)
    page.keyboard.press("Space")  # the same button, pressed again: stop
    assert cancels(page) == before + 1
    assert speaker.get_attribute("aria-pressed") == "false" and speaker.inner_text() == "Lees voor"
    assert announced(page) == "Voorlezen is gestopt."

    page.keyboard.press("Enter")
    assert len(spoken(page)) == 2
    finish(page)  # the end of the message resets the button
    assert speaker.get_attribute("aria-pressed") == "false"


def test_a_long_message_is_read_in_pieces_without_web_addresses_spelled_out(open_widget) -> None:
    page = open_widget([DUTCH_VOICE])
    sentence = (
        "Je kunt geld lenen bij DUO voor je lesgeld of collegegeld als je tussen 30 en 55 bent. "
    )
    long_text = (
        sentence * 4 + "Kijk op https://www.duo.nl/particulier/levenlanglerenkrediet/ voor meer."
    )
    bot_says(page, {"text": long_text})
    page.locator(f"{WIDGET} .speak").nth(1).click()
    parts = []
    for _ in range(10):
        parts.append(spoken(page)[-1]["text"])
        finish(page)
        if page.locator(f"{WIDGET} .speak").nth(1).get_attribute("aria-pressed") == "false":
            break
    assert len(parts) >= 2 and all(len(p) <= 200 for p in parts)
    assert parts[-1].endswith("Kijk op duo.nl voor meer.")
    assert not any("https" in p for p in parts)


def test_speakers_are_reachable_by_keyboard(open_widget) -> None:
    page = open_widget([DUTCH_VOICE])
    page.locator(f"{WIDGET} .log").focus()
    page.keyboard.press("Tab")
    active = page.evaluate(
        "document.querySelector('#leerloket-widget').shadowRoot.activeElement.className"
    )
    assert active == "speak"


def test_read_everything_aloud_reads_each_new_message_in_order(open_widget) -> None:
    page = open_widget([DUTCH_VOICE, ENGLISH_VOICE])
    setting = page.get_by_label("Lees alles voor")
    assert setting.is_visible()
    setting.check()
    assert spoken(page) == []  # turning it on does not read the old messages
    first = "Een opleiding kan op veel manieren betaald worden."
    second = "Wil je weten wat bij jou past? Kies een onderwerp."
    page.evaluate("m => window.__ll.next.push(...m)", [{"text": first}, {"text": second}])
    page.locator(f"{WIDGET} textarea").fill("wie betaalt mijn opleiding")
    page.keyboard.press("Enter")
    page.wait_for_function("window.__speech.spoken.length >= 1", timeout=TIMEOUT)
    assert spoken(page)[0] == {"text": first, "lang": "nl-NL", "voice": "Dutch (Netherlands)"}
    assert page.locator(f"{WIDGET} .speak[aria-pressed=true]").count() == 1
    finish(page)
    assert [s["text"] for s in spoken(page)] == [first, second]
    finish(page)
    assert page.locator(f"{WIDGET} .speak[aria-pressed=true]").count() == 0

    page.reload()  # the setting is kept for the session
    page.locator(f"{WIDGET} .msg.bot").first.wait_for(timeout=TIMEOUT)
    assert page.get_by_label("Lees alles voor").is_checked()
    page.get_by_label("Lees alles voor").uncheck()
    bot_says(page, {"text": "Dit wordt niet voorgelezen."})
    page.wait_for_timeout(400)
    assert spoken(page) == []


def test_an_english_message_is_read_in_an_english_voice(open_widget) -> None:
    page = open_widget(ALL_VOICES)
    # Rasa's socket.io channel sends a response's text first, then its custom data.
    ask(page, "english please", {"text": "OK!"}, {"lang": "en"})
    page.locator(f"{WIDGET} .msg.bot[lang=en]").wait_for(timeout=TIMEOUT)
    assert page.locator(f"{WIDGET} .msg.bot").first.get_attribute("lang") == "nl"  # earlier turn
    page.get_by_role("button", name="Read aloud").nth(1).click()
    assert spoken(page)[-1] == {"text": "OK!", "lang": "en-GB", "voice": "English (UK)"}
    page.get_by_role("button", name="Stop").click()
    page.get_by_role("button", name="Read aloud").first.click()  # the Dutch greeting: Dutch
    assert spoken(page)[-1]["lang"] == "nl-NL"


def test_no_voices_no_buttons_until_a_voice_arrives(open_widget) -> None:
    page = open_widget([])  # speechSynthesis exists, getVoices() is empty
    assert page.locator(f"{WIDGET} .speak").count() == 1
    assert page.locator(f"{WIDGET} .speak").is_hidden()
    assert page.locator(f"{WIDGET} .tools").is_hidden()
    page.evaluate("v => window.__speech.setVoices(v)", [])  # voiceschanged, still nothing
    assert page.locator(f"{WIDGET} .speak").is_hidden()
    page.evaluate("v => window.__speech.setVoices(v)", [DUTCH_VOICE])  # a voice after all
    assert page.locator(f"{WIDGET} .speak").is_visible()
    assert page.get_by_label("Lees alles voor").is_visible()


def test_a_browser_without_speech_synthesis_shows_no_speaker(open_widget) -> None:
    page = open_widget(None)
    assert page.locator(f"{WIDGET} .speak").is_hidden()
    assert page.locator(f"{WIDGET} .tools").is_hidden()
    assert page.get_by_role("button", name="Lees voor").count() == 0
    bot_says(page, {"text": "Nog een bericht."})
    assert page.locator(f"{WIDGET} .speak:visible").count() == 0


def test_only_messages_with_a_voice_get_a_speaker(open_widget) -> None:
    page = open_widget([ENGLISH_VOICE])  # no Dutch voice
    bot_says(page, {"text": "You can learn Dutch for free at a Taalhuis.", "lang": "en"})
    speakers = page.locator(f"{WIDGET} .speak")
    assert speakers.nth(0).is_hidden()  # the Dutch greeting
    assert speakers.nth(1).is_visible()
    assert page.locator(f"{WIDGET} .tools").is_visible()
