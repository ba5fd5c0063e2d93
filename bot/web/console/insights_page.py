"""The insights page for admins and policy makers: per municipality and month, charts, gaps,
export. Policy makers (role `policy`) see the figures only: not the texts of unanswered
questions (they are user messages, even if redacted). Filters take only known municipalities.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict

from aiohttp import web

from bot.config.db import get_engine
from bot.handoff.region import known_place
from bot.insights import report as insights
from bot.insights.chart import topics_chart
from bot.insights.places import municipality_name, municipality_names
from bot.knowledge.questions import kb
from bot.web.console.session_helpers import render, require

TOPIC_LABELS = {
    "ask_funding": "Geld voor leren", "ask_learning_route": "Opleiding kiezen",
    "ask_basic_skills": "Taal, rekenen, computer", "find_provider": "Waar kan ik leren",
    "ask_career": "Werk en loopbaan", "ask_background": "Over Leerloket",
    "ask_privacy": "Privacy", "ask_cost": "Wat kost het", "ask_how_to_apply": "Hoe aanvragen",
    "ask_eligibility": "Voor wie",
}  # fmt: skip
PERIOD_RE = re.compile(r"^\d{4}-\d{2}$")


def _admin(request: web.Request):
    """Admins and policy makers; advisers have no insights."""
    session = require(request)
    if not session.adviser.sees_insights:
        raise web.HTTPForbidden(text="Alleen voor beheerders en beleidsmakers.")
    return session


def _filters(request: web.Request) -> tuple[str | None, str | None]:
    municipality = request.query.get("gemeente") or None
    period = request.query.get("periode") or None
    if municipality is not None:
        municipality = known_place(municipality).municipality
        if municipality is None:
            raise web.HTTPBadRequest(text="Onbekende gemeente. Kies een gemeente uit de lijst.")
    if period and not PERIOD_RE.match(period):
        raise web.HTTPBadRequest(text="Periode moet een maand zijn, bijvoorbeeld 2026-11.")
    return municipality, period


def _report(request: web.Request) -> insights.Report:
    municipality, period = _filters(request)
    return insights.report_for(get_engine(), municipality, period)


def _report_for_role(report: insights.Report, role: str) -> insights.Report:
    if role != "admin":  # policy makers: figures only, no texts users typed
        report.unanswered = []
    return report


def gaps(conversations: list[insights.Conversation]) -> list[str]:
    """Known municipalities users came from that the KB has no local providers for."""
    covered = {p.id for p in kb().places() if p.providers}
    missing = set(insights.municipalities(conversations)) - covered
    return [name for _, name in municipality_names(sorted(missing))]


async def page(request: web.Request) -> web.Response:
    session = _admin(request)
    municipality, period = _filters(request)
    conversations = insights.read_conversations(get_engine())
    report = insights.build_report(
        conversations, insights._votes(get_engine()), municipality, period
    )
    report = _report_for_role(report, session.adviser.role)
    titles = {e.id: e.title for e in kb().entries()}
    return render("insights.html", session=session, report=report, labels=TOPIC_LABELS,
                  titles=titles, place=municipality_name(municipality) if municipality else "",
                  municipalities=municipality_names(insights.municipalities(conversations)),
                  gaps=gaps(conversations), query=request.query_string,
                  municipality=municipality or "", period=period or "",
                  min_count=insights.MIN_COUNT)  # fmt: skip


async def chart(request: web.Request) -> web.Response:
    _admin(request)
    report = _report(request)
    report.municipality = municipality_name(report.municipality)
    return web.Response(body=topics_chart(report, TOPIC_LABELS), content_type="image/png")


async def export(request: web.Request) -> web.Response:
    session = _admin(request)
    report = _report_for_role(_report(request), session.adviser.role)
    if request.match_info["format"] == "csv":
        return web.Response(text=insights.to_csv(report), content_type="text/csv",
                            headers={"Content-Disposition": "attachment; filename=leerloket-inzichten.csv"})  # fmt: skip
    return web.Response(text=json.dumps(asdict(report), ensure_ascii=False, indent=2),
                        content_type="application/json")  # fmt: skip


def add_routes(app: web.Application) -> None:
    app.router.add_get("/console/insights", page)
    app.router.add_get("/console/insights/chart.png", chart)
    app.router.add_get("/console/insights/export.{format:csv|json}", export)
    from bot.web.console import insights_monthly  # it imports this module

    insights_monthly.add_routes(app)
