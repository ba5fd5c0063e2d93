"""Waits until Rasa, the action server and the web front answer, then says so once."""

from __future__ import annotations

import os
import sys
import time
import urllib.error
import urllib.request

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


def main() -> int:
    settings = get_settings()
    rasa = settings.rasa_url.rstrip("/")
    action_base = settings.action_server_url.rsplit("/webhook", 1)[0]
    web = f"http://127.0.0.1:{settings.web_port}"
    checks = {
        "Rasa": lambda: answers(f"{rasa}/status", settings.rasa_token),
        "actions": lambda: answers(f"{action_base}/health"),
        "web": lambda: answers(f"{web}/healthz"),
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
    # Stay up: honcho stops every process as soon as one of them exits.
    while True:
        time.sleep(3600)


if __name__ == "__main__":
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    sys.exit(main())
