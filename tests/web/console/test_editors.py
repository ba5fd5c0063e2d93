"""Local content editors in the console, without Rasa: scope (403 elsewhere), the check on
save with Dutch errors per field, nothing saved on an error, versions and undo."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.kb import place_versions, store
from bot.kb.files import load_files
from bot.kb.provider_check import BAD
from bot.web.console import accounts
from bot.web.console.__main__ import main as console_cli
from bot.web.server import create_app
from tests.support.console import console_database

ROOT = Path(__file__).resolve().parents[3]
FILES = load_files(ROOT / "kb")
PASSWORD = "geheim-wachtwoord"
FORM = {"name": "Testaanbieder Taalcafé", "type": "taalhuis", "topics": "lezen",
        "address": "", "hours": "", "url": "https://example.org/taalcafe", "note": "",
        "source_name": "Voorbeeldbron", "source_url": "https://example.org/bron",
        "checked": "2026-11-30"}  # fmt: skip


@pytest.fixture
def engine(tmp_path, monkeypatch):
    with console_database(tmp_path / "console.db", monkeypatch) as engine:
        store.save(engine, FILES.entries, FILES.places)
        accounts.add_adviser(engine, "zwolle", PASSWORD, "editor", ["gemeente:zwolle"])
        accounts.add_adviser(engine, "twente", PASSWORD, "editor", ["Twente"])
        accounts.add_adviser(engine, "anna", PASSWORD, "adviser", ["Regio Zwolle"])
        yield engine


async def login(client: TestClient, user: str) -> str:
    response = await client.post("/console/login", data={"username": user, "password": PASSWORD},
                                 allow_redirects=False)  # fmt: skip
    assert response.status == 302
    page = await (await client.get(response.headers["Location"])).text()
    found = re.search(r'name="csrf" value="([^"]+)"', page)
    return found.group(1) if found else ""


def basis(engine, place_id: str) -> str:
    found = place_versions.history(engine, place_id, limit=1)
    return str(found[0].id if found else 0)


def test_the_cli_adds_an_editor_of_a_municipality(engine, capsys, monkeypatch) -> None:
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO(PASSWORD + "\n"))
    code = console_cli(["users", "add", "kampen", "--role", "editor",
                        "--municipalities", "zwolle", "--password-stdin"])  # fmt: skip
    assert code == 0 and "gemeente:zwolle" in capsys.readouterr().out
    editor = next(a for a in accounts.list_advisers(engine) if a.username == "kampen")
    assert editor.may_edit("zwolle", "Regio Zwolle") and not editor.may_edit("enschede", "Twente")
    assert not editor.sees_conversations and not editor.sees_insights


async def test_an_editor_of_zwolle_cannot_edit_enschede(engine) -> None:
    async with TestClient(TestServer(create_app())) as client:
        csrf = await login(client, "zwolle")
        page = await (await client.get("/console/aanbieders")).text()
        assert "/console/aanbieders/zwolle" in page and "enschede" not in page
        assert (await client.get("/console/aanbieders/enschede")).status == 403
        assert (await client.get("/console/aanbieders/enschede/nieuw")).status == 403
        before = place_versions.read_place(engine, "enschede")
        for path in ("enschede/nieuw", "enschede/0/verwijderen", "enschede/ongedaan"):
            response = await client.post(f"/console/aanbieders/{path}",
                                         data={**FORM, "csrf": csrf, "basis": "0"})  # fmt: skip
            assert response.status == 403, path
        assert place_versions.read_place(engine, "enschede") == before
        assert (await client.get("/console", allow_redirects=False)).headers[
            "Location"
        ] == "/console/aanbieders"
        assert (await client.get("/console/api/queue")).status == 403
    async with TestClient(TestServer(create_app())) as client:
        await login(client, "twente")  # a region's editor: its municipalities
        assert (await client.get("/console/aanbieders/enschede")).status == 200
        assert (await client.get("/console/aanbieders/zwolle")).status == 403
    async with TestClient(TestServer(create_app())) as client:
        await login(client, "anna")  # an adviser is no editor
        assert (await client.get("/console/aanbieders/zwolle")).status == 403


async def test_save_checks_undo_restores(engine) -> None:
    before = place_versions.read_place(engine, "zwolle")
    async with TestClient(TestServer(create_app())) as client:
        csrf = await login(client, "zwolle")
        data = {**FORM, "csrf": csrf, "basis": basis(engine, "zwolle"), "url": "www.kapot"}
        response = await client.post("/console/aanbieders/zwolle/nieuw", data=data)
        page = await response.text()
        assert response.status == 400 and "Er is niets opgeslagen" in page
        assert re.search(r'id="fout-url">' + re.escape(BAD["url"]), page)
        assert 'value="www.kapot"' in page  # what was typed stays in the form
        assert place_versions.read_place(engine, "zwolle") == before
        assert place_versions.version(engine) == 0
        data["url"] = "https://example.org/taalcafe"
        response = await client.post("/console/aanbieders/zwolle/nieuw", data=data,
                                     allow_redirects=False)  # fmt: skip
        assert response.status == 302
        after = place_versions.read_place(engine, "zwolle")
        assert after.providers[-1].name == FORM["name"] and after.providers[-1].topics == ("lezen",)
        page = await (await client.get("/console/aanbieders/zwolle")).text()
        assert "Aanbieder toegevoegd: Testaanbieder Taalcafé" in page and "Ongedaan maken" in page
        stale = await client.post("/console/aanbieders/zwolle/0", data={**data, "basis": "0"})
        assert stale.status == 409  # saved on an older version: refused
        response = await client.post("/console/aanbieders/zwolle/ongedaan", data={"csrf": csrf},
                                     allow_redirects=False)  # fmt: skip
        assert response.status == 302
        assert place_versions.read_place(engine, "zwolle") == before
        history = place_versions.history(engine, "zwolle")
        assert [v.author for v in history[:2]] == ["zwolle", "zwolle"]
        bad_csrf = await client.post("/console/aanbieders/zwolle/ongedaan", data={"csrf": "x"})
        assert bad_csrf.status == 403
