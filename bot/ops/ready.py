"""Waits until Rasa, the action server and the web front are ready, then says so once.

Ready is what Kubernetes asks too: ``/health/ready`` of each process (`bot.ops.health`: model
loaded, database, Redis, KB). A process without that route (Rasa run stock, with
LEERLOKET_RASA_PATCHES=off) is asked what it answered before: Rasa's ``/status``, the action
server's ``/health``, the web front's ``/healthz``.
"""

from __future__ import annotations

import os
import sys
import time
import urllib.error
import urllib.request

from sqlalchemy.engine import Engine

from bot.config.settings import get_settings

TIMEOUT_SECONDS = 300


def answers(url: str, token: str | None = None) -> bool:
    if token:
        url += ("&" if "?" in url else "?") + f"token={token}"
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError, ValueError):
        return False


def status_of(url: str) -> int | None:
    try:
        with urllib.request.urlopen(url, timeout=3) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except (urllib.error.URLError, OSError, ValueError):
        return None


def ready(base: str, fallback: str, token: str | None = None) -> bool:
    """`base`/health/ready answers 200; without that route, `base` + `fallback` answers."""
    status = status_of(f"{base}/health/ready")
    if status == 404:
        return answers(f"{base}{fallback}", token)
    return status == 200


def adviser_hint(engine: Engine | None = None) -> str | None:
    """One line for `make run` while nobody can log in to the adviser console yet."""
    from bot.config.db import get_engine
    from bot.web.console import accounts

    if accounts.list_advisers(engine or get_engine()):
        return None
    return (
        "No adviser account yet: create the first with "
        "`.venv/bin/python -m bot.web.console users add <name> --role admin` (README)"
    )


def main() -> int:
    settings = get_settings()
    rasa = settings.rasa_url.rstrip("/")
    action_base = settings.action_server_url.rsplit("/webhook", 1)[0]
    web = f"http://127.0.0.1:{settings.web_port}"
    checks = {
        "Rasa": lambda: ready(rasa, "/status", settings.rasa_token),
        "actions": lambda: ready(action_base, "/health"),
        "web": lambda: ready(web, "/healthz"),
    }
    started = time.monotonic()
    pending = dict(checks)
    while pending and time.monotonic() - started < TIMEOUT_SECONDS:
        pending = {name: check for name, check in pending.items() if not check()}
        if pending:
            time.sleep(1)
    if pending:
        print(f"Not ready after {TIMEOUT_SECONDS}s: {', '.join(pending)}", file=sys.stderr)
        return 1
    print(
        f"Leerloket is ready after {time.monotonic() - started:.0f}s: "
        f"chat {rasa}/webhooks/rest/webhook · widget demo {web}/demo · "
        f"adviser console {web}/console",
        flush=True,
    )
    hint = adviser_hint()
    if hint:
        print(hint, flush=True)
    # Stay up: honcho stops every process as soon as one of them exits.
    while True:
        time.sleep(3600)


if __name__ == "__main__":
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    sys.exit(main())
