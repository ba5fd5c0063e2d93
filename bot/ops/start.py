"""The entry points of the container image: ``python -m bot.ops.start <role>``.

One image serves every role (deploy/Containerfile); the role picks the process:

- ``rasa``: renders Rasa's endpoints.yml from the environment (DATABASE_URL, REDIS_URL,
  ACTION_SERVER_URL) into ENDPOINTS_FILE, then runs Rasa through the launcher with the model
  baked into the image, the API on (RASA_TOKEN) and the channels of credentials.yml;
- ``actions``: the action server (``rasa run actions`` through the launcher);
- ``web``: the web front (widget demo, adviser console);
- ``migrate``: creates Leerloket's own tables and loads the KB (``python -m bot.kb load``);
  Rasa creates its ``events`` table itself;
- ``purge``: the retention purge (``python -m bot.privacy.retention purge``).

Every role replaces this process (exec), so the role's process gets SIGTERM directly.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable

from bot.config.settings import PROJECT_ROOT

DEFAULT_ENDPOINTS = "/tmp/endpoints.yml"


def _exec(*args: str) -> None:
    os.execv(sys.executable, [sys.executable, *args])


def rasa() -> None:
    from bot.config.settings import get_settings
    from bot.runtime import endpoints

    endpoints_file = os.environ.get("ENDPOINTS_FILE") or DEFAULT_ENDPOINTS
    endpoints.main(["endpoints", endpoints_file])
    token = get_settings().rasa_token
    if not token:
        raise SystemExit("rasa needs RASA_TOKEN: the HTTP API is never open")
    port = os.environ.get("RASA_PORT") or "5005"
    _exec(
        "-m", "bot.runtime", "run", "--enable-api", f"--auth-token={token}",
        "--port", port, "--credentials", "credentials.yml", "--endpoints", endpoints_file,
        "--model", str(PROJECT_ROOT / "models"),
    )  # fmt: skip


def actions() -> None:
    port = os.environ.get("ACTION_PORT") or "5055"
    _exec("-m", "bot.runtime", "run", "actions", "--actions", "actions", "--port", port)


def web() -> None:
    _exec("-m", "bot.web.server")


def migrate() -> None:
    from bot.config.db import get_engine
    from bot.handoff import contact, feedback
    from bot.handoff import store as handoff_store
    from bot.kb import store as kb_store
    from bot.web.console import accounts

    engine = get_engine()
    for module in (handoff_store, contact, feedback, accounts, kb_store):
        module.metadata.create_all(engine)
    print("migrate: tables ready", flush=True)
    _exec("-m", "bot.kb", "load")


def purge() -> None:
    _exec("-m", "bot.privacy.retention", "purge")


ROLES: dict[str, Callable[[], None]] = {
    "rasa": rasa,
    "actions": actions,
    "web": web,
    "migrate": migrate,
    "purge": purge,
}


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[1] not in ROLES:
        print(f"usage: python -m bot.ops.start {{{'|'.join(ROLES)}}}", file=sys.stderr)
        return 2
    os.chdir(PROJECT_ROOT)  # credentials.yml, models/, actions/ are read relative to it
    ROLES[argv[1]]()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
