"""The production set-up (PostgreSQL tracker store, Redis lock store, LOG_FORMAT=json):
readiness follows the database, a turn keeps one id across Rasa and the action server, and
SIGTERM lets the turn in flight finish.

PostgreSQL is reached through a TCP proxy of the test's own, so "unreachable" is the proxy
closing (and dropping every open connection); the machine's PostgreSQL server runs on.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from sqlalchemy import create_engine, text

from tests.conftest import ROOT, VENV_BIN, free_port, latest_model
from tests.ops.tcp_proxy import TcpProxy

pytestmark = [pytest.mark.server, pytest.mark.services]
DB_NAME = "leerloket_ops_ready"
STARTUP_SECONDS = 240
REST_TOKEN = uuid.uuid4().hex


@dataclass
class ProdStack:
    rasa_url: str
    action_url: str
    database_proxy: TcpProxy
    action_proxy: TcpProxy
    database_url: str
    workdir: Path
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)

    def log(self, name: str) -> list[dict]:
        lines = (self.workdir / f"{name}.log").read_text(errors="replace").splitlines()
        return [json.loads(line) for line in lines if line.startswith("{")]


def status(url: str) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")
    except (urllib.error.URLError, OSError, ValueError):
        return 0, {}


def chat(stack: ProdStack, sender: str, message: str) -> list[dict]:
    request = urllib.request.Request(
        f"{stack.rasa_url}/webhooks/rest/webhook",
        data=json.dumps({"sender": sender, "message": message}).encode(),
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {REST_TOKEN}"},
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read())


def wait_for(predicate, seconds: float, what: str, stack: ProdStack) -> None:
    deadline = time.monotonic() + seconds
    while not predicate():
        dead = [n for n, p in stack.processes.items() if p.poll() is not None]
        if dead or time.monotonic() > deadline:
            tails = {n: (stack.workdir / f"{n}.log").read_text(errors="replace")[-3000:]
                     for n in stack.processes}  # fmt: skip
            pytest.fail(f"{what} ({dead or 'timeout'}):\n{tails}")
        time.sleep(0.5)


@pytest.fixture(scope="module")
def prod_stack(postgres_url: str, redis_url: str, tmp_path_factory) -> Iterator[ProdStack]:
    admin = create_engine(
        postgres_url, future=True, isolation_level="AUTOCOMMIT", pool_pre_ping=True
    )
    with admin.connect() as conn:
        conn.execute(text(f"drop database if exists {DB_NAME} with (force)"))
        conn.execute(text(f"create database {DB_NAME}"))
    server = urlsplit(postgres_url)
    database_proxy = TcpProxy(server.port or 5432).start()
    database_url = (f"postgresql://{server.username or 'postgres'}@127.0.0.1:{database_proxy.port}"
                    f"/{DB_NAME}")  # fmt: skip
    workdir = tmp_path_factory.mktemp("prod-stack")
    rasa_port, action_port = free_port(), free_port()
    action_proxy = TcpProxy(action_port).start()
    env = {
        **os.environ, "PYTHONPATH": str(ROOT), "TF_CPP_MIN_LOG_LEVEL": "2",
        "SQLALCHEMY_SILENCE_UBER_WARNING": "1", "DATABASE_URL": database_url,
        "REDIS_URL": redis_url, "RASA_TOKEN": uuid.uuid4().hex,
        "ACTION_SERVER_TOKEN": uuid.uuid4().hex, "SANIC_HOST": "127.0.0.1",
        "REST_CHANNEL_TOKEN": REST_TOKEN,  # production: the REST channel needs it
        "PSEUDONYM_KEY": uuid.uuid4().hex,  # production: one key shared by every process
        "ACTION_SERVER_URL": f"http://127.0.0.1:{action_proxy.port}/webhook",
        "LOG_FORMAT": "json", "LOG_LEVEL": "DEBUG", "TICKET_LOCK_LIFETIME": "10",
        "SANIC_GRACEFUL_SHUTDOWN_TIMEOUT": "20", "MESSAGES_PER_MINUTE": "1000",
    }  # fmt: skip
    python = str(VENV_BIN / "python")
    endpoints = str(workdir / "endpoints.yml")
    subprocess.run([python, "-m", "bot.runtime.endpoints", endpoints], env=env, cwd=ROOT,
                   check=True)  # fmt: skip
    subprocess.run([python, "-m", "bot.kb", "load"], env=env, cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)  # fmt: skip
    stack = ProdStack(f"http://127.0.0.1:{rasa_port}", f"http://127.0.0.1:{action_port}",
                      database_proxy, action_proxy, database_url, workdir)  # fmt: skip
    commands = {
        "actions": [python, "-m", "bot.runtime", "run", "actions", "--actions", "actions",
                    "--port", str(action_port)],
        "rasa": [python, "-m", "bot.runtime", "run", "--enable-api",
                 f"--auth-token={env['RASA_TOKEN']}", "--port", str(rasa_port), "--credentials",
                 "credentials.yml", "--endpoints", endpoints, "--model", str(latest_model())],
    }  # fmt: skip
    for name, command in commands.items():
        log = open(workdir / f"{name}.log", "w")  # noqa: SIM115 - closed with the process
        stack.processes[name] = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log,
                                                 stderr=subprocess.STDOUT)  # fmt: skip
    try:
        wait_for(lambda: status(f"{stack.rasa_url}/health/ready")[0] == 200
                 and status(f"{stack.action_url}/health/ready")[0] == 200,
                 STARTUP_SECONDS, "the production stack did not get ready", stack)  # fmt: skip
        yield stack
    finally:
        for process in stack.processes.values():
            if process.poll() is None:
                process.terminate()
        for process in stack.processes.values():
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
        database_proxy.stop()
        action_proxy.stop()
        with admin.connect() as conn:
            conn.execute(text(f"drop database if exists {DB_NAME} with (force)"))
        admin.dispose()


def test_ready_means_model_database_redis_and_kb(prod_stack: ProdStack) -> None:
    code, body = status(f"{prod_stack.rasa_url}/health/ready")
    assert code == 200
    assert body["checks"] == {"model": True, "database": True, "redis": True, "kb": True}
    assert status(f"{prod_stack.action_url}/health/ready")[1]["checks"] == {
        "database": True, "kb": True}  # fmt: skip


def test_one_turn_id_across_rasa_and_the_action_server_in_redacted_json_logs(
    prod_stack: ProdStack,
) -> None:
    sender = f"ops-{uuid.uuid4().hex[:8]}"
    assert any("EVC" in r.get("text", "") for r in chat(prod_stack, sender, "wat is evc"))
    chat(prod_stack, sender, "mijn bsn is 111222333")
    time.sleep(1)
    rasa, actions = prod_stack.log("rasa"), prod_stack.log("actions")
    assert rasa and actions, "LOG_FORMAT=json: JSON lines from both processes"
    assert {line["process"] for line in rasa} == {"rasa"}
    assert {line["process"] for line in actions} == {"actions"}
    shared = {line["turn_id"] for line in rasa if "turn_id" in line} & {
        line["turn_id"] for line in actions if "turn_id" in line
    }
    assert shared, "a turn's id shows up in both processes' log lines"
    logged = (prod_stack.workdir / "rasa.log").read_text() + (
        prod_stack.workdir / "actions.log"
    ).read_text()
    assert "111222333" not in logged and "[BSN]" in logged  # logged, redacted


def test_readiness_goes_false_while_postgresql_is_unreachable(prod_stack: ProdStack) -> None:
    prod_stack.database_proxy.cut()
    try:
        wait_for(lambda: status(f"{prod_stack.rasa_url}/health/ready")[0] == 503, 20,
                 "Rasa stayed ready without its database", prod_stack)  # fmt: skip
        _, body = status(f"{prod_stack.rasa_url}/health/ready")
        assert body["checks"]["database"] is False and body["checks"]["model"] is True
        wait_for(lambda: status(f"{prod_stack.action_url}/health/ready")[0] == 503, 20,
                 "the action server stayed ready without its database", prod_stack)  # fmt: skip
        # Alive all the same: Kubernetes must not restart pods for a database outage.
        assert status(f"{prod_stack.rasa_url}/health/live")[0] == 200
        assert status(f"{prod_stack.action_url}/health")[0] == 200
    finally:
        prod_stack.database_proxy.restore()
    wait_for(lambda: status(f"{prod_stack.rasa_url}/health/ready")[0] == 200, 30,
             "Rasa did not get ready again", prod_stack)  # fmt: skip
    wait_for(lambda: status(f"{prod_stack.action_url}/health/ready")[0] == 200, 30,
             "the action server did not get ready again", prod_stack)  # fmt: skip
    with urllib.request.urlopen(f"{prod_stack.rasa_url}/metrics", timeout=10) as response:
        assert 'leerloket_ready{check="database"} 1.0' in response.read().decode()


def test_sigterm_finishes_the_turn_in_flight(prod_stack: ProdStack) -> None:
    """Last in this module: it stops Rasa. The action server answers 2 s late (the proxy
    holds the call), Rasa gets SIGTERM meanwhile, and the user still gets the answer."""
    sender = f"ops-term-{uuid.uuid4().hex[:8]}"
    prod_stack.action_proxy.delay_seconds = 2.0
    result: dict = {}

    def send() -> None:
        try:
            result["replies"] = chat(prod_stack, sender, "wat is evc")
        except Exception as error:  # reported below
            result["error"] = repr(error)

    sender_thread = threading.Thread(target=send)
    sender_thread.start()
    time.sleep(1.0)
    rasa = prod_stack.processes["rasa"]
    rasa.send_signal(signal.SIGTERM)
    sender_thread.join(timeout=30)
    assert "error" not in result, result
    assert any("EVC" in r.get("text", "") for r in result["replies"]), result
    assert rasa.wait(timeout=30) is not None
    engine = create_engine(prod_stack.database_url, future=True)
    with engine.connect() as conn:
        stored = conn.execute(text("select count(*) from events where sender_id = :s and "
                                   "type_name = 'bot'"), {"s": sender}).scalar_one()  # fmt: skip
    engine.dispose()
    assert stored >= 1, "the answer was saved before Rasa exited"
    assert status(f"{prod_stack.rasa_url}/")[0] == 0  # and it is gone
