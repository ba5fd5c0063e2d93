"""The web front on WEB_PORT (default 8080): widget demo, adviser console, health.

`python -m bot.web.server` serves it; parts register themselves when present.
"""

from __future__ import annotations

import importlib
import logging

from aiohttp import web

from bot.config.settings import get_settings
from bot.privacy import log_redaction

logger = logging.getLogger(__name__)

# Modules that add their routes with `add_routes(app)`.
PARTS = ("bot.web.widget", "bot.web.console", "bot.ops.web")  # bot.ops.web: ready, metrics


async def healthz(_request: web.Request) -> web.Response:
    return web.json_response({"status": "ok"})


def create_app() -> web.Application:
    app = web.Application(client_max_size=64 * 1024)
    app.router.add_get("/healthz", healthz)
    for name in PARTS:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as error:
            if error.name != name:
                raise
            logger.info("web: %s is not installed", name)
            continue
        if hasattr(module, "add_routes"):
            module.add_routes(app)
    return app


def main() -> None:
    log_redaction.install()
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    from bot.ops import logs

    logs.install("web")  # JSON lines when LOG_FORMAT=json
    web.run_app(
        create_app(), host="0.0.0.0", port=get_settings().web_port, print=None, shutdown_timeout=2
    )


if __name__ == "__main__":
    main()
