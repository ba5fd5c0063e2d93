"""Rasa SDK actions: thin adapters that call the typed functions in `bot/`.

Importing this package in the action server (rasa_sdk imports it while it builds its Sanic app
"rasa_sdk", in `rasa_sdk.endpoint.create_app`) also locks that server: every call but
the probes (`OPEN_PATHS`) needs the shared secret ACTION_SERVER_TOKEN in the header Rasa sends
(`bot/runtime/endpoints.py`); a call without it is refused with 401 and logged. Without the
variable the server refuses every call. Failures are logged without the request (it holds the
whole conversation) and answered without echoing it.
"""

from __future__ import annotations

import hmac
import logging
import os

from bot.privacy import log_redaction
from bot.runtime.endpoints import ACTION_TOKEN_ENV, ACTION_TOKEN_HEADER

log_redaction.install()
logger = logging.getLogger(__name__)
# Probes and Prometheus (bot/ops): no conversation data behind them.
OPEN_PATHS = ("/health", "/health/live", "/health/ready", "/metrics")


def call_allowed(given: str | None, expected: str | None) -> bool:
    """Constant-time check of the shared secret; no secret configured means no access."""
    return (
        bool(expected)
        and given is not None
        and hmac.compare_digest(given.encode(), expected.encode())
    )


def protect(app) -> None:
    """Add the secret check and a quiet error handler to rasa_sdk's Sanic app (once)."""
    from sanic import response

    if getattr(app.ctx, "leerloket_protected", False):
        return
    app.ctx.leerloket_protected = True
    if not os.environ.get(ACTION_TOKEN_ENV):
        logger.error("action server: %s is not set: every action call is refused",
                     ACTION_TOKEN_ENV)  # fmt: skip

    async def check_secret(request):
        if request.method == "GET" and request.path in OPEN_PATHS:
            return None
        if call_allowed(request.headers.get(ACTION_TOKEN_HEADER), os.environ.get(ACTION_TOKEN_ENV)):
            return None
        logger.warning("action server: refused a call to %s from %s without the shared secret",
                       request.path[:60], request.ip)  # fmt: skip
        return response.json({"error": "unauthorised"}, status=401)

    async def quiet_errors(request, exception):
        logger.error("action server: %s failed: %s (request not logged: it holds the "
                     "conversation)", request.path[:60], type(exception).__name__)  # fmt: skip
        return response.json({"error": "action failed"}, status=500)

    async def replace_error_handler(app, _loop) -> None:
        # rasa_sdk adds its own handler (which logs and echoes the request) after importing
        # this package; at start-up ours replaces it.
        app.error_handler.add(Exception, quiet_errors)

    app.register_middleware(check_secret, "request")
    app.register_listener(replace_error_handler, "before_server_start")


def _protect_running_server() -> None:
    try:
        from sanic import Sanic

        app = Sanic.get_app("rasa_sdk")
    except Exception:  # not inside the action server (no Sanic app "rasa_sdk")
        return
    protect(app)


_protect_running_server()
