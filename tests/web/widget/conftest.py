"""The widget served by the real web-front routes, and one Chromium for a module's tests."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator

import pytest

from tests.support.browser import ARGS, CHROMIUM
from tests.web.widget.fakes import NO_SPEECH, socket_script, speech_script, widget_server

WIDGET = "#leerloket-widget"
TIMEOUT = 10_000


@pytest.fixture(scope="module")
def widget_url() -> Iterator[str]:
    with widget_server() as server:
        yield server.base_url


@pytest.fixture(scope="module")
def chromium() -> Iterator:
    from playwright.sync_api import sync_playwright

    if not shutil.which("chromium"):
        pytest.fail("Chromium is missing: `make test` installs it (scripts/ensure_browser.sh).")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def open_widget(chromium, widget_url) -> Iterator[Callable]:
    """open_widget(voices=[...] | None, path=..., greeting=...) -> a page with the chat open
    and the greeting shown; voices=None is a browser without speech synthesis."""
    contexts = []

    def open_(voices: list[dict] | None = (), path: str = "/demo?gemeente=zwolle",
              greeting: dict | None = None, width: int = 1280, height: int = 800):  # fmt: skip
        context = chromium.new_context(viewport={"width": width, "height": height}, locale="nl-NL")
        contexts.append(context)
        context.add_init_script(socket_script(greeting))
        context.add_init_script(NO_SPEECH if voices is None else speech_script(list(voices)))
        page = context.new_page()
        page.goto(widget_url + path)
        page.locator(f"{WIDGET} .launcher").click()
        page.locator(f"{WIDGET} .msg.bot").first.wait_for(timeout=TIMEOUT)
        return page

    yield open_
    for context in contexts:
        context.close()
