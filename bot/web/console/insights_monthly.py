"""Insights per region and month, unmet demand, the trend chart, CSV and a print view.

For admins and policy makers (`insights_page._admin`), all regions, as the insights page:
anonymous figures only, counts of conversations with the suppression below MIN_COUNT, and no
text a user typed. Filters take only known region names and months (YYYY-MM).
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from aiohttp import web

from bot.config.db import get_engine
from bot.insights import monthly, unmet_demand
from bot.insights import report as insights
from bot.insights.chart import trend_chart
from bot.insights.places import NO_REGION, region_names
from bot.knowledge.questions import kb
from bot.places.texts import topic_label
from bot.web.console.insights_page import PERIOD_RE, TOPIC_LABELS, _admin
from bot.web.console.session_helpers import render

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def _filters(request: web.Request) -> tuple[str | None, str | None]:
    region = request.query.get("regio") or None
    period = request.query.get("periode") or None
    if region is not None and region not in (*region_names(), NO_REGION):
        raise web.HTTPBadRequest(text="Onbekende regio. Kies een regio uit de lijst.")
    if period and not PERIOD_RE.match(period):
        raise web.HTTPBadRequest(text="Periode moet een maand zijn, bijvoorbeeld 2026-11.")
    return region, period


def figures(region: str | None, period: str | None) -> dict:
    engine = get_engine()
    conversations = insights.read_conversations(engine)
    handoffs = monthly.read_handoffs(engine)
    rows = monthly.month_rows(conversations, handoffs, region, period)
    entry_topics, covered = unmet_demand.from_kb(kb())
    unmet = unmet_demand.unmet_rows(conversations, entry_topics, covered, region, period)
    # The trend: every month of the chosen region (or all regions), whatever the month filter.
    trend = monthly.trend(monthly.month_rows(conversations, handoffs, region), region)
    return {"rows": rows, "unmet": unmet, "trend": trend}


def _context(request: web.Request) -> dict:
    region, period = _filters(request)
    return {"region": region or "", "period": period or "", **figures(region, period),
            "regions": region_names(), "query": request.query_string,
            "topic_labels": TOPIC_LABELS, "provider_topic": lambda t: topic_label(t, "nl"),
            "min_count": insights.MIN_COUNT, "shown": insights.shown,
            "shown_time": monthly.shown_time}  # fmt: skip


async def page(request: web.Request) -> web.Response:
    session = _admin(request)
    return render("insights_monthly.html", session=session, **_context(request))


async def print_view(request: web.Request) -> web.Response:
    session = _admin(request)
    made = datetime.now(AMSTERDAM).strftime("%d-%m-%Y %H:%M")
    return render("insights_print.html", session=session, made=made, **_context(request))


async def chart(request: web.Request) -> web.Response:
    _admin(request)
    region, _ = _filters(request)
    trend = figures(region, None)["trend"]
    series = {"gesprekken": [r.conversations for r in trend],
              "naar een adviseur": [r.handoffs for r in trend],
              "geen antwoord": [r.unanswered for r in trend]}  # fmt: skip
    title = f"Per maand – {region or monthly.ALL_REGIONS}"
    png = trend_chart([r.month for r in trend], series, title)
    return web.Response(body=png, content_type="image/png")


def _csv(text: str, name: str) -> web.Response:
    return web.Response(text=text, content_type="text/csv",
                        headers={"Content-Disposition": f"attachment; filename={name}"})  # fmt: skip


async def months_csv(request: web.Request) -> web.Response:
    _admin(request)
    rows = figures(*_filters(request))["rows"]
    return _csv(monthly.to_csv(rows, TOPIC_LABELS), "leerloket-per-maand.csv")


async def unmet_csv(request: web.Request) -> web.Response:
    _admin(request)
    region, period = _filters(request)
    rows = figures(region, period)["unmet"]
    text = unmet_demand.to_csv(rows, period, lambda t: topic_label(t, "nl"))
    return _csv(text, "leerloket-onvervulde-vraag.csv")


def add_routes(app: web.Application) -> None:
    app.router.add_get("/console/insights/maanden", page)
    app.router.add_get("/console/insights/afdruk", print_view)
    app.router.add_get("/console/insights/trend.png", chart)
    app.router.add_get("/console/insights/maanden.csv", months_csv)
    app.router.add_get("/console/insights/onvervuld.csv", unmet_csv)
