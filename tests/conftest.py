"""Shared fixtures: real services on this machine and one running Rasa stack per test run."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
STARTUP_TIMEOUT = 300
IN_CI = os.environ.get("CI", "").lower() == "true"


def service_missing(what: str, error: Exception) -> None:
    """Skip locally, fail in CI: a missing service there is a broken run."""
    message = f"{what} is not reachable: {error}"
    if IN_CI:
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def postgres_url() -> str:
    from sqlalchemy import create_engine, text

    engine = create_engine(POSTGRES_URL, future=True)
    try:
        with engine.connect() as conn:
            conn.execute(text("select 1"))
    except Exception as error:
        service_missing("PostgreSQL", error)
    finally:
        engine.dispose()
    return POSTGRES_URL


@pytest.fixture(scope="session")
def redis_url() -> str:
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except Exception as error:
        service_missing("Redis", error)
    return REDIS_URL


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def latest_model() -> Path:
    models = sorted((ROOT / "models").glob("*.tar.gz"), key=lambda p: p.stat().st_mtime)
    if not models:
        pytest.fail("No trained model in models/: run `make train` (make test does it).")
    return models[-1]


def http_ok(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


@dataclass
class RasaStack:
    rasa_url: str
    action_url: str
    token: str
    env: dict[str, str]
    workdir: Path
    telegram: Any = None
    whatsapp: Any = None
    processes: list[subprocess.Popen] = field(default_factory=list)

    def api(self, path: str) -> str:
        """Rasa HTTP API URL with the auth token."""
        sep = "&" if "?" in path else "?"
        return f"{self.rasa_url}{path}{sep}token={self.token}"

    def log_tail(self, lines: int = 60) -> str:
        out = []
        for log in sorted(self.workdir.glob("*.log")):
            out.append(f"--- {log.name}")
            out += log.read_text(errors="replace").splitlines()[-lines:]
        return "\n".join(out)


def _start_standins() -> tuple[Any, Any]:
    telegram = whatsapp = None
    with contextlib.suppress(ImportError):
        from tests.support.standins.telegram_api import TelegramStandin

        telegram = TelegramStandin()
        telegram.start()
    with contextlib.suppress(ImportError):
        from tests.support.standins.whatsapp_api import WhatsAppStandin

        whatsapp = WhatsAppStandin()
        whatsapp.start()
    return telegram, whatsapp


@pytest.fixture(scope="session")
def rasa_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RasaStack]:
    """The trained model behind a real Rasa server and action server, started once."""
    model = latest_model()
    workdir = tmp_path_factory.mktemp("rasa-stack")
    rasa_port, action_port = free_port(), free_port()
    telegram, whatsapp = _start_standins()
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "TF_CPP_MIN_LOG_LEVEL": "2",
        "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
        "DATABASE_URL": f"sqlite:///{workdir / 'leerloket.db'}",
        "RASA_URL": f"http://127.0.0.1:{rasa_port}",
        "RASA_TOKEN": "-test-rasa-token",  # a leading dash, as token_urlsafe() may give
        "ACTION_SERVER_URL": f"http://127.0.0.1:{action_port}/webhook",
        "SANIC_HOST": "127.0.0.1",  # the action server on loopback only, as in production
        # The secret Rasa sends with every action call (bot/runtime/endpoints.py, actions/).
        "ACTION_SERVER_TOKEN": "test-action-server-token",
        # Handoff limits (bot/handoff/limits.py) roomy enough for the whole suite from one
        # address; tests/security/test_f05_queue_flood.py floods from addresses of its own.
        "HANDOFFS_PER_CLIENT_PER_MINUTE": "10",
        "HANDOFFS_PER_MINUTE": "200",
        # Advisers always there, so handoff tests do not depend on the hour CI runs at;
        # the choice offered outside office hours is tested in tests/handoff/test_contact.py.
        "HANDOFF_OFFICE_HOURS": "ma-zo 00:00-24:00",
        "TELEGRAM_TOKEN": "test-token",
        "TELEGRAM_WEBHOOK_SECRET": "test-secret",
        "WHATSAPP_TOKEN": "test-wa-token",
        "WHATSAPP_PHONE_NUMBER_ID": "1234567890",
        "WHATSAPP_APP_SECRET": "test-app-secret",
        "WHATSAPP_VERIFY_TOKEN": "test-verify",
    }
    env.pop("REDIS_URL", None)
    if telegram is not None:
        env["TELEGRAM_API_BASE"] = telegram.base_url
    if whatsapp is not None:
        env["WHATSAPP_API_BASE"] = whatsapp.base_url
    python = str(VENV_BIN / "python")
    subprocess.run(
        [python, "-m", "bot.runtime.endpoints", str(workdir / "endpoints.yml")],
        env=env,
        cwd=ROOT,
        check=True,
    )
    if (ROOT / "bot" / "kb" / "__main__.py").exists():
        subprocess.run(
            [python, "-m", "bot.kb", "load"],
            env=env,
            cwd=ROOT,
            check=True,
            stdout=subprocess.DEVNULL,
        )
    stack = RasaStack(
        rasa_url=f"http://127.0.0.1:{rasa_port}",
        action_url=f"http://127.0.0.1:{action_port}",
        token=env["RASA_TOKEN"],
        env=env,
        workdir=workdir,
        telegram=telegram,
        whatsapp=whatsapp,
    )
    rasa = [str(VENV_BIN / "python"), "-m", "bot.runtime"]  # the launcher: patched Rasa
    commands = {
        "actions": [*rasa, "run", "actions", "--actions", "actions", "--port", str(action_port)],
        "rasa": [
            *rasa,
            "run",
            "--enable-api",
            f"--auth-token={stack.token}",
            "--port",
            str(rasa_port),
            "--credentials",
            "credentials.yml",
            "--endpoints",
            str(workdir / "endpoints.yml"),
            "--model",
            str(model),
        ],
    }
    for name, command in commands.items():
        log = open(workdir / f"{name}.log", "w")  # noqa: SIM115 - closed with the process
        stack.processes.append(
            subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        )
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while time.monotonic() < deadline:
            if any(p.poll() is not None for p in stack.processes):
                pytest.fail("A Rasa process exited during start-up:\n" + stack.log_tail())
            if http_ok(stack.api("/status")) and http_ok(f"{stack.action_url}/health"):
                break
            time.sleep(1)
        else:
            pytest.fail("Rasa did not come up in time:\n" + stack.log_tail())
        yield stack
    finally:
        for process in stack.processes:
            process.terminate()
        for process in stack.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        for standin in (telegram, whatsapp):
            if standin is not None:
                standin.stop()
        if os.environ.get("KEEP_STACK_LOGS"):
            shutil.copytree(workdir, ROOT / "var" / "test-stack-logs", dirs_exist_ok=True)


@contextlib.contextmanager
def running_web_front(env: dict[str, str], log_path: Path) -> Iterator[str]:
    """`python -m bot.web.server` on a free port with `env`, until its /healthz answers; yields
    its URL and stops it afterwards."""
    port = free_port()
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            [str(VENV_BIN / "python"), "-m", "bot.web.server"], cwd=ROOT,
            env={**env, "WEB_PORT": str(port), "CONSOLE_INSECURE_COOKIE": "1"},
            stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        url = f"http://localhost:{port}"
        deadline = time.monotonic() + 60
        while not http_ok(f"{url}/healthz"):
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                pytest.fail("The web front did not come up:\n" + log_path.read_text())
            time.sleep(0.3)
        try:
            yield url
        finally:
            process.terminate()
            process.wait(timeout=10)


@pytest.fixture(scope="session")
def web_front(rasa_stack: RasaStack) -> Iterator[str]:
    """`python -m bot.web.server` (widget demo + adviser console) in front of the test stack."""
    env = {**rasa_stack.env, "RASA_PUBLIC_URL": rasa_stack.rasa_url}
    with running_web_front(env, rasa_stack.workdir / "web.log") as url:
        yield url


@pytest.fixture
def rest_chat(rasa_stack: RasaStack):
    """Send one message over the REST channel; returns the bot's messages."""
    import json

    def send(sender: str, message: str, metadata: dict | None = None) -> list[dict]:
        body = json.dumps({"sender": sender, "message": message, "metadata": metadata or {}})
        request = urllib.request.Request(
            f"{rasa_stack.rasa_url}/webhooks/rest/webhook",
            data=body.encode(),
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read())

    return send


def pytest_report_header() -> str:
    return f"leerloket: CI={IN_CI} python={sys.version.split()[0]}"


@pytest.fixture
def console_rasa(rasa_stack: RasaStack, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """`bot.web.console` talking to the test stack's Rasa and database, as in production."""
    from bot.config.db import get_engine
    from bot.config.settings import get_settings

    monkeypatch.setenv("RASA_URL", rasa_stack.rasa_url)
    monkeypatch.setenv("RASA_TOKEN", rasa_stack.token)
    monkeypatch.setenv("DATABASE_URL", rasa_stack.env["DATABASE_URL"])
    get_settings.cache_clear()
    get_engine.cache_clear()
    from bot.web.console import rasa_api

    yield rasa_api
    get_settings.cache_clear()
    get_engine.cache_clear()
