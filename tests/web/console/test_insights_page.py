"""The insights page on seeded conversations: numbers, suppression, export, a screenshot."""

from __future__ import annotations

from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.web.console import accounts
from bot.web.server import create_app
from tests.insights.test_report import seeded_engine
from tests.support.browser import artifact, chromium_page
from tests.support.console import console_database, serve_web_front
from tests.web.console.test_console import logged_in


@pytest.fixture
async def seeded(tmp_path, monkeypatch):
    engine = await seeded_engine(tmp_path)
    with console_database(Path(engine.url.database), monkeypatch) as db:
        accounts.add_adviser(db, "beheer", "nog-geheimer-123", "admin")
        accounts.add_adviser(db, "anna", "geheim-wachtwoord", "adviser", ["Twente"])
        yield db


async def test_admin_sees_the_seeded_numbers_and_advisers_do_not(seeded) -> None:
    async with TestClient(TestServer(create_app())) as client:
        await logged_in(client, "anna", "geheim-wachtwoord")
        assert (await client.get("/console/insights")).status == 403
    async with TestClient(TestServer(create_app())) as client:
        await logged_in(client, "beheer", "nog-geheimer-123")
        page = await (await client.get("/console/insights?gemeente=zwolle")).text()
        assert "<th>Gesprekken</th><td>7</td>" in page
        assert "kan ik rijles krijgen (6×)" in page
        assert "Levenlanglerenkrediet" in page
        goes = await (await client.get("/console/insights?gemeente=goes")).text()
        assert "<th>Gesprekken</th><td>&lt;5</td>" in goes
        csv = await (await client.get("/console/insights/export.csv?gemeente=zwolle")).text()
        assert "zwolle,alle maanden,conversations,,7" in csv
        chart = await client.get("/console/insights/chart.png?gemeente=zwolle")
        assert chart.content_type == "image/png" and (await chart.read())[:4] == b"\x89PNG"
        assert (await client.get("/console/insights?periode=gisteren")).status == 400


@pytest.mark.browser
def test_insights_page_screenshot(seeded) -> None:
    url = serve_web_front()
    with chromium_page(1280, 1100) as page:
        page.goto(f"{url}/console/login")
        page.fill("#username", "beheer")
        page.fill("#password", "nog-geheimer-123")
        page.click("button[type=submit]")
        page.wait_for_load_state()
        assert "/console/login" not in page.url, "the admin was not logged in"
        page.goto(f"{url}/console/insights?gemeente=zwolle")
        page.locator("text=kan ik rijles krijgen").wait_for()
        assert page.locator("h2").inner_text().startswith("Inzichten: Zwolle")
        row = page.locator("tr", has=page.locator("th", has_text="Gesprekken")).first
        assert row.locator("td").inner_text() == "7"
        chart = page.locator("img[src^='/console/insights/chart.png']")
        chart.wait_for()
        assert chart.evaluate("img => img.complete && img.naturalWidth > 0"), "chart not shown"
        assert page.locator("form.filters").is_visible()
        screen = artifact("insights-zwolle.png")
        page.screenshot(path=str(screen), full_page=True)
        page.emulate_media(media="print")
        # Printed, the page keeps the numbers and drops the filters and the way back.
        assert not page.locator("form.filters").is_visible()
        assert not page.locator("p.noprint").is_visible()
        assert row.is_visible()
        printed = artifact("insights-zwolle-print.png")
        page.screenshot(path=str(printed), full_page=True)
    for shot in (screen, printed):
        assert shot.read_bytes()[:4] == b"\x89PNG", shot
