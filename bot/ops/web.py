"""Readiness and metrics of the web front (`python -m bot.web.server` adds these routes).

``/health/live``, ``/health/ready`` (the database answers) and ``/metrics``, which also
carries the handoff queue read from the database (`bot.ops.metrics.HandoffCollector`).
"""

from __future__ import annotations

import asyncio

from aiohttp import web

from bot.ops import metrics
from bot.ops.health import Readiness

READINESS = web.AppKey("leerloket_readiness", Readiness)


async def live(_request: web.Request) -> web.Response:
    return web.json_response({"status": "ok"})


async def ready(request: web.Request) -> web.Response:
    verdict = await request.app[READINESS].evaluate()
    return web.json_response(verdict.body(), status=verdict.status)


async def metrics_text(_request: web.Request) -> web.Response:
    body, content_type = await asyncio.to_thread(metrics.render)  # the handoff query blocks
    return web.Response(body=body, headers={"Content-Type": content_type})


def add_routes(app: web.Application) -> None:
    from bot.config.db import get_engine

    app[READINESS] = Readiness.for_process("web")
    metrics.register_handoff_metrics(get_engine)
    metrics.serve_metrics_port_from_env()
    app.router.add_get("/health/live", live)
    app.router.add_get("/health/ready", ready)
    app.router.add_get("/metrics", metrics_text)
