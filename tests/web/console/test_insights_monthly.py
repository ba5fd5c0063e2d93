"""The monthly insights page on seeded data: who may see it, the figures, both CSV exports, the
trend chart and the print view; in Chromium with screenshots (var/test-artifacts/)."""

from __future__ import annotations

import csv
import io
import urllib.request
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.web.console import accounts
from bot.web.server import create_app
from tests.insights.test_monthly import seeded_engine
from tests.support.browser import artifact, chromium_page
from tests.support.console import console_database, serve_web_front
from tests.web.console.test_console import logged_in

POLICY = ("beleid", "beleid-wachtwoord-1")


@pytest.fixture
async def seeded(tmp_path, monkeypatch):
    engine = await seeded_engine(tmp_path)
    with console_database(Path(engine.url.database), monkeypatch) as db:
        accounts.add_adviser(db, *POLICY, "policy")
        accounts.add_adviser(db, "anna", "geheim-wachtwoord", "adviser", ["Regio Zwolle"])
        yield db


async def test_policy_maker_sees_figures_advisers_do_not(seeded) -> None:
    async with TestClient(TestServer(create_app())) as client:
        await logged_in(client, "anna", "geheim-wachtwoord")
        for path in ("maanden", "afdruk", "maanden.csv", "onvervuld.csv", "trend.png"):
            assert (await client.get(f"/console/insights/{path}")).status == 403, path
    async with TestClient(TestServer(create_app())) as client:
        await logged_in(client, *POLICY)
        page = await (await client.get("/console/insights/maanden?regio=Regio+Zwolle")).text()
        assert "<td>Regio Zwolle</td>" in page and "<td>11</td>" in page
        assert "Kampen <small>(Regio Zwolle)</small>" in page and "kampen" not in page
        assert (await client.get("/console/insights/maanden?regio=Atlantis")).status == 400
        assert (await client.get("/console/insights/maanden?periode=nov")).status == 400
        months = await (await client.get("/console/insights/maanden.csv?periode=2026-11")).text()
        assert "Regio Zwolle,2026-11,11,6,5,6.0,30.0" in months
        unmet = await (await client.get("/console/insights/onvervuld.csv")).text()
        rows = list(csv.reader(io.StringIO(unmet)))
        assert ["gemeente", "Kampen", "Regio Zwolle", "alle maanden", "5", "<5", "5",
                "Rekenen (5)"] in [[*r[:7], r[7].capitalize()] for r in rows]  # fmt: skip
        chart = await client.get("/console/insights/trend.png?regio=Regio+Zwolle")
        assert (await chart.read())[:4] == b"\x89PNG"
        names = await (await client.get("/console/insights")).text()
        assert ">Kampen</option>" in names


@pytest.mark.browser
def test_monthly_page_csv_and_print_view_in_chromium(seeded) -> None:
    url = serve_web_front()
    with chromium_page(1280, 1000) as page:
        page.goto(f"{url}/console/login")
        page.fill("#username", POLICY[0])
        page.fill("#password", POLICY[1])
        page.click("button[type=submit]")
        page.wait_for_url(f"{url}/console/insights")
        page.click("#per-maand-link")
        page.select_option("#regio", "Regio Zwolle")
        page.click("text=Toon")
        page.wait_for_url("**/maanden?regio=Regio+Zwolle*")
        table = page.locator("#per-maand")
        assert "Rekenen" not in table.inner_text()  # provider topics are in the unmet table
        row = table.locator("tr", has_text="2026-11")
        assert row.locator("td").nth(2).inner_text() == "11"
        assert row.locator("td").nth(5).inner_text() == "6.0"
        kampen = page.locator("#onvervuld tr", has_text="Kampen")
        assert kampen.locator("td").nth(3).inner_text() == "5"
        trend = page.locator("#trend")
        assert trend.evaluate("img => img.complete && img.naturalWidth > 0"), "no trend chart"
        page.screenshot(path=str(artifact("insights-monthly-regio-zwolle.png")), full_page=True)
        with page.expect_download() as download:
            page.click("#csv-onvervuld")
        saved = artifact("insights-onvervuld.csv")
        download.value.save_as(saved)
        assert "Kampen,Regio Zwolle" in saved.read_text(encoding="utf-8")
        page.click("#afdruk")
        page.wait_for_url("**/afdruk?*")
        page.emulate_media(media="print")
        assert not page.locator(".noprint").is_visible()
        assert page.locator("h1").inner_text().startswith("Leerloket: inzichten Regio Zwolle")
        assert page.locator("#onvervuld tr", has_text="Kampen").is_visible()
        page.screenshot(path=str(artifact("insights-monthly-print.png")), full_page=True)
        pdf = artifact("insights-monthly-print.pdf")
        page.pdf(path=str(pdf), format="A4")
        assert pdf.read_bytes()[:4] == b"%PDF"
    with urllib.request.urlopen(f"{url}/healthz", timeout=5) as response:
        assert response.status == 200
