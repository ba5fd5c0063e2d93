"""The console's working-day tools without Rasa: the transcript as the user saw it, the
summary card, routing (silent claims back to the queue, take-over), the closed list and the
notifications (e-mail to a local SMTP stand-in, webhook)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from aiohttp import web
from sqlalchemy import update

from bot.handoff import routing, store
from bot.web.console import accounts, notifications, summary_card, transcript_view
from tests.support.console import console_database
from tests.web.console.smtp_standin import SmtpStandin

# 2026-12-01 13:05 UTC is 14:05 in Amsterdam (winter time).
T0 = datetime(2026, 12, 1, 13, 5, tzinfo=UTC).timestamp()
EVENTS = [
    {"event": "user", "text": '/greet{"municipality":"zwolle"}', "timestamp": T0},
    {"event": "bot", "text": "Waar gaat je vraag over?", "timestamp": T0 + 1,
     "data": {"buttons": [{"title": "Geld voor een opleiding",
                           "payload": '/ask_about{"kb_entry":"stap-budget"}'}]}},
    {"event": "user", "text": '/ask_about{"kb_entry": "stap-budget"}', "timestamp": T0 + 2},
    {"event": "slot", "name": "last_entry", "value": "levenlanglerenkrediet", "timestamp": T0 + 3},
    {"event": "slot", "name": "age", "value": 45, "timestamp": T0 + 3},
    {"event": "slot", "name": "work_situation", "value": "loondienst", "timestamp": T0 + 3},
    {"event": "slot", "name": "municipality", "value": "zwolle", "timestamp": T0 + 3},
    {"event": "user", "text": "ik wil een mens spreken", "timestamp": T0 + 4},
    {"event": "user", "text": "kan ik ook in de avond leren", "timestamp": T0 + 70},
    {"event": "bot", "text": "Adviseur: Ja, dat kan.", "timestamp": T0 + 80},
]  # fmt: skip


def test_transcript_shows_labels_times_and_adviser_never_payloads() -> None:
    lines = transcript_view.lines(EVENTS)
    assert [line["who"] for line in lines] == ["system", "bot", "user", "user", "user", "adviser"]
    assert lines[0]["text"] == "Gesprek gestart"
    assert lines[1]["buttons"] == ["Geld voor een opleiding"]
    assert lines[2] == {**lines[2], "text": "Geld voor een opleiding", "pressed": True}
    assert lines[0]["time"] == "14:05"
    assert lines[5]["text"] == "Ja, dat kan."
    assert not any(line["text"].startswith("/") or "{" in line["text"] for line in lines)


def test_summary_card_in_words() -> None:
    handoff = store.Handoff(1, "widget:x", "socketio", "zwolle", "Regio Zwolle", "asked", "",
                            [], "open", datetime.fromtimestamp(T0 + 4, UTC), None, None, None,
                            None)  # fmt: skip
    card = summary_card.card(handoff, EVENTS)
    assert card["questions"] == ["ik wil een mens spreken", "kan ik ook in de avond leren"]
    assert card["known"] == "45 jaar, werkt in loondienst, woont in Zwolle (regio Regio Zwolle)"
    assert [a["id"] for a in card["answered"]] == ["levenlanglerenkrediet"]
    assert card["answered"][0]["url"].startswith("https://")
    assert card["why"] == "De gebruiker vroeg zelf om een adviseur."


@pytest.fixture
def engine(tmp_path, monkeypatch):
    with console_database(tmp_path / "workday.db", monkeypatch, insecure_cookie=False) as engine:
        accounts.add_adviser(engine, "anna", "geheim-wachtwoord", "adviser", ["Regio Zwolle"])
        accounts.add_adviser(engine, "bram", "geheim-wachtwoord", "adviser", ["Twente"])
        yield engine


def _open(engine, region: str, text: str = "vraag") -> store.Handoff:
    return store.open_handoff(engine, f"rest-{region}-{text}", "asked", text,
                              [{"who": "user", "text": text}], region=region)  # fmt: skip


def test_silent_claim_goes_back_and_admin_takes_over(engine) -> None:
    quiet, answered = _open(engine, "Regio Zwolle", "a"), _open(engine, "Regio Zwolle", "b")
    for handoff in (quiet, answered):
        assert store.claim(engine, handoff.id, "anna")
    store.add_note(engine, answered.id, "anna", "Hallo", kind="reply")
    past = store.now() - timedelta(minutes=30)
    with engine.begin() as conn:
        conn.execute(update(store.handoffs).values(claimed_at=past))
    store.add_note(engine, answered.id, "anna", "Nog een", kind="reply")  # after the claim
    assert routing.release_silent_claims(engine, timedelta(minutes=10)) == [quiet.id]
    assert store.get(engine, quiet.id).status == "open"
    assert store.get(engine, quiet.id).claimed_by is None
    assert routing.assign(engine, quiet.id, "beheer")
    assert store.get(engine, quiet.id).claimed_by == "beheer"


def test_closed_list_by_region_and_search(engine) -> None:
    zwolle, twente = _open(engine, "Regio Zwolle", "boekhouden"), _open(engine, "Twente", "taal")
    for handoff in (zwolle, twente):
        store.claim(engine, handoff.id, "x")
        store.close(engine, handoff.id, "x", "Doorverwezen naar het Taalhuis")
    assert [h.id for h in routing.closed(engine, ["Regio Zwolle"])] == [zwolle.id]
    assert [h.id for h in routing.closed(engine, None, "taal")] == [twente.id, zwolle.id]
    assert [h.id for h in routing.closed(engine, None, "boekhouden")] == [zwolle.id]
    assert [h.id for h in routing.closed(engine, None, f"#{twente.id}")] == [twente.id]


async def test_email_to_the_region_and_webhook_once(engine, monkeypatch) -> None:
    smtp = SmtpStandin().start()
    hooks: list[dict] = []

    async def hook(request: web.Request) -> web.Response:
        hooks.append(await request.json())
        return web.Response(text="ok")

    app = web.Application()
    app.router.add_post("/hook", hook)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]
    monkeypatch.setenv("SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("SMTP_PORT", str(smtp.port))
    monkeypatch.setenv("SMTP_FROM", "leerloket@example.org")
    monkeypatch.setenv("HANDOFF_WEBHOOK_URL", f"http://127.0.0.1:{port}/hook")
    try:
        notifications.set_email(engine, "anna", "anna@example.org")
        notifications.set_email(engine, "bram", "bram@example.org")
        handoff = _open(engine, "Regio Zwolle", "mijn geheime vraag")
        assert await notifications.notify_new(engine) == [handoff.id]
        assert await notifications.notify_new(engine) == []  # once
        await asyncio.sleep(0.2)
        assert len(smtp.messages) == 1
        mail = smtp.messages[0]
        assert mail["To"] == "anna@example.org"
        assert "Regio Zwolle" in mail["Subject"]
        assert "geheime" not in mail.get_payload()  # no user text leaves the console
        assert hooks == [{**hooks[0], "id": handoff.id, "region": "Regio Zwolle"}]
    finally:
        smtp.stop()
        await runner.cleanup()


def test_bad_email_refused() -> None:
    assert notifications.valid_email("anna@example.org")
    for bad in ("anna", "a@b", "a b@c.nl", "a@c.nl\r\nBcc: x@y.nl"):
        assert not notifications.valid_email(bad)
