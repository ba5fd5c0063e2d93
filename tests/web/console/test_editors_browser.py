"""A local content editor in Chromium: adds a provider with a bad web address (the error is
shown next to the field), fixes it, saves; the published provider is in the assistant's place
answer (the answer engine's KB, reloaded from the store as the action server does); undo
takes it out again. The web front runs as its own process on a SQLite database; no Rasa.
Screenshots go to var/test-artifacts/ (ignored)."""

from __future__ import annotations

import os

import pytest
from sqlalchemy import create_engine

from bot.kb import KnowledgeBase, live, store
from bot.kb.files import load_files
from bot.kb.provider_check import BAD
from bot.places import gazetteer
from bot.places.providers import providers_answer
from bot.web.console import accounts
from tests.conftest import ROOT, running_web_front
from tests.support.browser import artifact, chromium_page

pytestmark = [pytest.mark.browser]
PASSWORD = "geheim-wachtwoord"
NAME = "Testaanbieder Taalcafé"


@pytest.fixture
def front(tmp_path):
    database = f"sqlite:///{tmp_path / 'editors.db'}"
    engine = create_engine(database, future=True)
    files = load_files(ROOT / "kb")
    store.save(engine, files.entries, files.places)
    accounts.add_adviser(engine, "redactie-zwolle", PASSWORD, "editor", ["gemeente:zwolle"])
    with running_web_front({**os.environ, "DATABASE_URL": database}, tmp_path / "web.log") as url:
        yield url, engine
    engine.dispose()


class RunningEngine:
    """The answer engine as the action server holds it: built once, with a `kb`."""

    def __init__(self, engine) -> None:
        self.kb = KnowledgeBase(*store.read(engine))


def answer_text(holder: RunningEngine) -> str:
    answer = providers_answer("zwolle", "lezen", holder.kb, gazetteer())
    return " ".join(reply.text for reply in answer.replies)


def test_an_editor_publishes_and_undoes_a_provider(front) -> None:
    url, engine = front
    running = RunningEngine(engine)
    watch = live.PlacesWatch(seconds=0)
    assert NAME not in answer_text(running)
    with chromium_page() as page:
        page.goto(f"{url}/console")
        page.fill("#username", "redactie-zwolle")
        page.fill("#password", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(f"{url}/console/aanbieders")
        page.click('a[href="/console/aanbieders/zwolle"]')
        page.click("#nieuwe-aanbieder")
        page.fill("#name", NAME)
        page.select_option("#type", "taalhuis")
        page.check("input[name=topics][value=lezen]")
        page.check("input[name=topics][value=nederlands]")
        page.fill("#url", "www.taalcafe zonder https")
        page.fill("#note", "Je oefent met een vrijwilliger.")
        page.fill("#source_name", "Voorbeeldbron")
        page.fill("#source_url", "https://example.org/bron")
        page.fill("#checked", "2026-11-30")
        page.click("#opslaan")
        error = page.locator("#fout-url")
        error.wait_for(timeout=10_000)
        assert error.inner_text() == BAD["url"]
        assert page.get_attribute("#url", "aria-invalid") == "true"
        assert "Er is niets opgeslagen" in page.inner_text("[role=alert]")
        page.screenshot(path=str(artifact("editors-bad-url.png")), full_page=True)
        assert not watch.refresh(running, engine)  # nothing was published
        assert NAME not in answer_text(running)

        page.fill("#url", "https://example.org/taalcafe")
        page.click("#opslaan")
        page.wait_for_url(f"{url}/console/aanbieders/zwolle?melding=opgeslagen")
        assert NAME in page.inner_text("#aanbieders")
        assert "redactie-zwolle" in page.inner_text("#versies")
        page.screenshot(path=str(artifact("editors-saved.png")), full_page=True)
        assert watch.refresh(running, engine)  # the running engine reloads its places
        text = answer_text(running)
        assert NAME in text and "Zwolle" in text

        page.click("#ongedaan-maken")
        page.wait_for_url(f"{url}/console/aanbieders/zwolle?melding=ongedaan")
        assert NAME not in page.inner_text("#aanbieders")
        assert "Ongedaan gemaakt: Aanbieder toegevoegd" in page.inner_text("#versies")
        page.screenshot(path=str(artifact("editors-undone.png")), full_page=True)
        assert watch.refresh(running, engine)
        assert NAME not in answer_text(running)
