"""The adviser console without Rasa: accounts, login, CSRF, sessions, regions."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.handoff import contact, store
from bot.web.console import accounts
from bot.web.console.__main__ import main as console_cli
from bot.web.server import create_app
from tests.support.console import console_database


@pytest.fixture
def engine(tmp_path, monkeypatch):
    with console_database(tmp_path / "console.db", monkeypatch) as engine:
        accounts.add_adviser(engine, "anna", "geheim-wachtwoord", "adviser", ["Twente"])
        accounts.add_adviser(engine, "beheer", "nog-geheimer-123", "admin")
        yield engine


def open_handoff(engine, region: str) -> store.Handoff:
    return store.open_handoff(engine, f"user-{region}", "asked", f"Vraag uit {region}",
                              [{"who": "user", "text": "<b>hallo</b>"}], region=region)  # fmt: skip


async def logged_in(client: TestClient, user: str, password: str) -> str:
    response = await client.post("/console/login", data={"username": user, "password": password},
                                 allow_redirects=False)  # fmt: skip
    assert response.status == 302
    page = await (await client.get("/console")).text()
    return re.search(r'name="csrf" value="([^"]+)"', page).group(1)


async def test_passwords_are_hashed_and_checked(engine) -> None:
    stored = accounts.list_advisers(engine)
    assert [a.username for a in stored] == ["anna", "beheer"]
    assert accounts.login(engine, "anna", "fout-wachtwoord") is None
    assert accounts.login(engine, "niemand", "geheim-wachtwoord") is None
    assert accounts.login(engine, "anna", "geheim-wachtwoord")
    with pytest.raises(ValueError, match="at least"):
        accounts.add_adviser(engine, "kort", "kort")


async def test_no_page_or_api_without_login(engine) -> None:
    async with TestClient(TestServer(create_app())) as client:
        for path in ("/console", "/console/handoff/1"):
            response = await client.get(path, allow_redirects=False)
            assert response.status == 302 and response.headers["Location"] == "/console/login"
        assert (await client.get("/console/api/queue")).status == 401
        assert (await client.post("/console/handoff/1/claim", data={})).status == 401


async def test_csrf_is_required_on_every_post(engine) -> None:
    handoff = open_handoff(engine, "Twente")
    async with TestClient(TestServer(create_app())) as client:
        csrf = await logged_in(client, "anna", "geheim-wachtwoord")
        bad = await client.post(f"/console/handoff/{handoff.id}/claim", data={"csrf": "fout"})
        assert bad.status == 403 and store.get(engine, handoff.id).status == "open"
        good = await client.post(f"/console/handoff/{handoff.id}/claim", data={"csrf": csrf},
                                 allow_redirects=False)  # fmt: skip
        assert good.status == 302 and store.get(engine, handoff.id).claimed_by == "anna"


async def test_advisers_see_only_their_region_and_output_is_escaped(engine) -> None:
    twente, zeeland = open_handoff(engine, "Twente"), open_handoff(engine, "Zeeland")
    async with TestClient(TestServer(create_app())) as client:
        await logged_in(client, "anna", "geheim-wachtwoord")
        queue = await (await client.get("/console/api/queue")).json()
        assert [h["id"] for h in queue] == [twente.id]
        assert (await client.get(f"/console/handoff/{zeeland.id}")).status == 404
        page = await (await client.get(f"/console/handoff/{twente.id}")).text()
        assert "&lt;b&gt;hallo&lt;/b&gt;" in page and "<b>hallo</b>" not in page
    async with TestClient(TestServer(create_app())) as client:
        await logged_in(client, "beheer", "nog-geheimer-123")
        queue = await (await client.get("/console/api/queue")).json()
        assert {h["id"] for h in queue} == {twente.id, zeeland.id}


async def test_call_back_requests_are_listed_per_region_and_wiped_when_handled(engine) -> None:
    mine = contact.add(engine, conversation_id="u-1", kind="telefoon", address="0612345678",
                       summary="Vragen: <i>cursus</i> lassen", consent="ja", region="Twente")  # fmt: skip
    other = contact.add(engine, conversation_id="u-2", kind="e-mail", address="z@zeeland.nl",
                        summary="Vragen: taal", consent="ja", region="Zeeland")  # fmt: skip
    async with TestClient(TestServer(create_app())) as client:
        csrf = await logged_in(client, "anna", "geheim-wachtwoord")
        page = await (await client.get("/console")).text()
        assert "0612345678" in page and "z@zeeland.nl" not in page
        assert "&lt;i&gt;cursus&lt;/i&gt;" in page
        url = f"/console/contact/{mine.id}/handled"
        assert (await client.post(url, data={"csrf": "fout"})).status == 403
        assert (await client.post(f"/console/contact/{other.id}/handled",
                                  data={"csrf": csrf})).status == 404  # fmt: skip
        done = await client.post(url, data={"csrf": csrf})
        assert "Het nummer of adres is gewist" in await done.text()
        assert "0612345678" not in await done.text()
        again = await client.post(url, data={"csrf": csrf})
        assert "al afgehandeld" in await again.text()
        shown = await (await client.get("/console?melding=<b>nep</b>")).text()
        assert "nep" not in shown  # only fixed notices
    assert contact.get(engine, mine.id).address is None
    assert contact.get(engine, other.id).address == "z@zeeland.nl"


async def test_sessions_expire_and_logout_ends_them(engine) -> None:
    token = accounts.login(engine, "anna", "geheim-wachtwoord")
    assert accounts.session(engine, token) is not None
    later = accounts.now() + timedelta(hours=accounts.SESSION_HOURS, minutes=1)
    assert accounts.session(engine, token, at=later) is None
    assert accounts.session(engine, token) is None  # the expired session was deleted
    async with TestClient(TestServer(create_app())) as client:
        csrf = await logged_in(client, "anna", "geheim-wachtwoord")
        await client.post("/console/logout", data={"csrf": csrf})
        response = await client.get("/console", allow_redirects=False)
        assert response.status == 302


def test_cli_manages_accounts(engine, monkeypatch, capsys) -> None:
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO("een-lang-wachtwoord\n"))
    assert console_cli(["users", "add", "carla", "--regions", "Zeeland", "--password-stdin"]) == 0
    assert console_cli(["users", "list"]) == 0
    assert "carla\tadviser\tZeeland" in capsys.readouterr().out
    assert console_cli(["users", "remove", "carla"]) == 0
    assert console_cli(["users", "remove", "carla"]) == 1
