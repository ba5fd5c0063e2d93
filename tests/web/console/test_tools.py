"""The working tools without Rasa: canned replies per region (storage and who may touch
them), the KB answer's text, closing with a recap (Rasa's API replaced by a recorder) and the
vote on the closed list."""

from __future__ import annotations

import re

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.handoff import aftercare, store
from bot.web.console import accounts, canned, rasa_api, tools
from bot.web.server import create_app
from tests.support.console import console_database

ANNA = accounts.Adviser("anna", "adviser", ("Twente",))
BRAM = accounts.Adviser("bram", "adviser", ("Zeeland",))
BOSS = accounts.Adviser("beheer", "admin", ())
POLICY = accounts.Adviser("beleid", "policy", ())


@pytest.fixture
def engine(tmp_path, monkeypatch):
    with console_database(tmp_path / "tools.db", monkeypatch) as engine:
        accounts.add_adviser(engine, "anna", "geheim-wachtwoord", "adviser", ["Twente"])
        accounts.add_adviser(engine, "beheer", "nog-geheimer-123", "admin")
        yield engine


def test_canned_replies_stay_in_their_region(engine) -> None:
    mine = canned.add(engine, ANNA, "Twente", "Welkom", "Hallo, ik lees je vraag nu.")
    theirs = canned.add(engine, BOSS, "Zeeland", "Taalhuis", "Ga naar het Taalhuis.")
    with pytest.raises(canned.CannedError):
        canned.add(engine, ANNA, "Zeeland", "Niet van mij", "tekst")
    with pytest.raises(canned.CannedError):
        canned.add(engine, POLICY, "Twente", "Beleid", "tekst")
    with pytest.raises(canned.CannedError, match="titel"):
        canned.add(engine, ANNA, "Twente", " ", "tekst")
    assert [r.id for r in canned.visible(engine, ANNA)] == [mine.id]
    assert [r.id for r in canned.visible(engine, BRAM)] == [theirs.id]
    assert {r.id for r in canned.visible(engine, BOSS)} == {mine.id, theirs.id}
    assert canned.visible(engine, POLICY) == []
    assert canned.visible(engine, BOSS, "Twente") == [mine]
    assert canned.get(engine, ANNA, theirs.id) is None
    assert not canned.edit(engine, ANNA, theirs.id, "Gekaapt", "tekst")
    assert not canned.remove(engine, ANNA, theirs.id)
    assert canned.get(engine, BOSS, theirs.id).title == "Taalhuis"
    assert canned.edit(engine, ANNA, mine.id, "Welkom!", "Hallo.\r\nIk lees mee.")
    assert canned.get(engine, ANNA, mine.id).text == "Hallo.\nIk lees mee."
    assert canned.edit(engine, BOSS, mine.id, "Welkom", "Door de beheerder.")
    assert canned.get(engine, ANNA, mine.id).updated_by == "beheer"
    assert canned.remove(engine, ANNA, mine.id) and canned.visible(engine, BOSS) == [
        canned.get(engine, BOSS, theirs.id)]  # fmt: skip


def test_kb_answer_has_summary_source_and_date() -> None:
    entry = tools.find_entry("aftrek-studiekosten")
    assert entry is not None and tools.find_entry(entry.title.upper()) == entry
    assert tools.find_entry("") is None and tools.find_entry("zzz-bestaat-niet") is None
    text = tools.kb_answer(entry)
    assert text.startswith(entry.summary.strip())
    source = entry.sources[0]
    assert f"Bron: {source.name} ({source.url}). Gecontroleerd op " in text
    assert str(entry.checked.year) in text.splitlines()[-1]


async def _login(client: TestClient, user: str, password: str) -> str:
    await client.post("/console/login", data={"username": user, "password": password})
    page = await (await client.get("/console")).text()
    return re.search(r'name="csrf" value="([^"]+)"', page).group(1)


async def test_canned_pages_by_region(engine) -> None:
    other = canned.add(engine, BOSS, "Zeeland", "Zeeuws antwoord", "Alleen voor Zeeland.")
    async with TestClient(TestServer(create_app())) as client:
        csrf = await _login(client, "anna", "geheim-wachtwoord")
        added = await client.post("/console/antwoorden", data={
            "csrf": csrf, "region": "Twente", "title": "Welkom", "text": "Hallo <b>daar</b>"})  # fmt: skip
        page = await added.text()
        assert "is toegevoegd" in page and "Hallo &lt;b&gt;daar&lt;/b&gt;" in page
        assert "Zeeuws antwoord" not in page
        refused = await client.post("/console/antwoorden", data={
            "csrf": csrf, "region": "Zeeland", "title": "x", "text": "y"})  # fmt: skip
        assert refused.status == 400
        for path in (
            f"/console/antwoorden/{other.id}",
            f"/console/antwoorden/{other.id}/verwijder",
        ):
            response = await client.post(path, data={"csrf": csrf, "title": "x", "text": "y"})
            assert response.status == 404
        assert (await client.post("/console/antwoorden", data={"csrf": "fout"})).status == 403
        assert canned.get(engine, BOSS, other.id).title == "Zeeuws antwoord"
        mine = canned.visible(engine, ANNA)[0]
        handoff = store.open_handoff(engine, "rest-twente", "asked", "vraag", [], region="Twente")
        await client.post(f"/console/handoff/{handoff.id}/claim", data={"csrf": csrf})
        page = await (await client.get(f"/console/handoff/{handoff.id}")).text()
        assert 'data-text="Hallo &lt;b&gt;daar&lt;/b&gt;"' in page and "Zeeuws" not in page
        assert aftercare.PLACEHOLDER in page  # the recap template
        removed = await client.post(f"/console/antwoorden/{mine.id}/verwijder", data={"csrf": csrf})
        assert "is verwijderd" in await removed.text() and canned.visible(engine, ANNA) == []


async def test_close_sends_the_recap_then_asks_for_a_rating(engine, monkeypatch) -> None:
    calls: list[tuple] = []

    async def send_reply(conversation_id: str, text: str) -> list:
        calls.append(("reply", conversation_id, text))
        return []

    async def resume(conversation_id: str, announce: str = "") -> None:
        calls.append(("resume", conversation_id, announce))

    monkeypatch.setattr(rasa_api, "send_reply", send_reply)
    monkeypatch.setattr(rasa_api, "resume", resume)
    handoff = store.open_handoff(engine, "rest-twente", "asked", "vraag", [], region="Twente")
    async with TestClient(TestServer(create_app())) as client:
        csrf = await _login(client, "anna", "geheim-wachtwoord")
        await client.post(f"/console/handoff/{handoff.id}/claim", data={"csrf": csrf})
        entry = tools.find_entry("aftrek-studiekosten")
        await client.post(
            f"/console/handoff/{handoff.id}/kb", data={"csrf": csrf, "entry": entry.title}
        )
        assert calls == [("reply", "rest-twente", tools.kb_answer(entry))]
        unknown = await client.post(f"/console/handoff/{handoff.id}/kb",
                                    data={"csrf": csrf, "entry": "bestaat niet"})  # fmt: skip
        assert "Kies een onderwerp" in await unknown.text() and len(calls) == 1
        template = await client.post(f"/console/handoff/{handoff.id}/close", data={
            "csrf": csrf, "outcome": "klaar", "recap": aftercare.RECAP_TEMPLATE})  # fmt: skip
        assert (
            "vul in" in await template.text() and store.get(engine, handoff.id).status == "claimed"
        )
        done = await client.post(f"/console/handoff/{handoff.id}/close", data={
            "csrf": csrf, "outcome": "klaar", "recap": "Je belt DUO. Daarna mail je mij."})  # fmt: skip
        assert "De samenvatting is naar de gebruiker gestuurd" in await done.text()
        assert calls[1:] == [
            ("reply", "rest-twente", aftercare.recap_message("Je belt DUO. Daarna mail je mij.")),
            ("resume", "rest-twente", "action_handoff_closed")]  # fmt: skip
        assert store.get(engine, handoff.id).status == "closed"
        assert [n["kind"] for n in store.notes(engine, handoff.id)] == ["reply", "reply"]
        assert aftercare.rate(engine, "rest-twente", "up") == "stored"
        closed = await (await client.get("/console/closed")).text()
        assert "👍" in closed
