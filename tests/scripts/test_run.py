"""`make run`'s start script (scripts/run.sh): the whole assistant comes up, says so once (and
how to create the first adviser account), logs no personal data, and one Ctrl-C stops it."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import ROOT, VENV_BIN, free_port, http_ok

pytestmark = pytest.mark.server

READY_TIMEOUT = 240


def chat(rasa_port: int, message: str) -> list[dict]:
    request = urllib.request.Request(
        f"http://127.0.0.1:{rasa_port}/webhooks/rest/webhook",
        data=json.dumps({"sender": "run-script", "message": message}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def test_run_script_starts_everything_and_one_interrupt_stops_it(tmp_path: Path) -> None:
    rasa_port, action_port, web_port = free_port(), free_port(), free_port()
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'leerloket.db'}",
        "ENDPOINTS_FILE": str(tmp_path / "endpoints.yml"),
        # argparse reads "--auth-token -x…" as a missing value: token_urlsafe() gives such
        # tokens about once in 32 runs, and `make run` then failed.
        "RASA_TOKEN": "-starts-with-a-dash",
        "RASA_PORT": str(rasa_port),
        "RASA_URL": f"http://127.0.0.1:{rasa_port}",
        "ACTION_PORT": str(action_port),
        "ACTION_SERVER_URL": f"http://127.0.0.1:{action_port}/webhook",
        "WEB_PORT": str(web_port),
        "LOG_LEVEL": "DEBUG",  # Rasa then logs every user message: it must come out redacted
    }
    env.pop("REDIS_URL", None)
    python = str(VENV_BIN / "python")
    subprocess.run([python, "-m", "bot.runtime.endpoints", env["ENDPOINTS_FILE"]], env=env, cwd=ROOT,
                   check=True)  # fmt: skip
    subprocess.run([python, "-m", "bot.kb", "load"], env=env, cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)  # fmt: skip

    run = subprocess.Popen(["bash", "scripts/run.sh"], cwd=ROOT, env=env, text=True,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           start_new_session=True)  # fmt: skip
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(run.stdout), daemon=True)
    reader.start()
    try:
        deadline = time.monotonic() + READY_TIMEOUT
        while not any("Leerloket is ready" in line for line in lines):
            if run.poll() is not None or time.monotonic() > deadline:
                pytest.fail("make run did not get ready:\n" + "".join(lines[-40:]))
            time.sleep(0.5)
        ready = [line for line in lines if "Leerloket is ready" in line]
        assert len(ready) == 1 and "/console" in ready[0] and "/demo" in ready[0]
        assert all(line.split("|")[0].strip() for line in lines if "|" in line)  # prefixed

        replies = chat(rasa_port, "wat is evc")
        assert any("EVC" in reply.get("text", "") for reply in replies), replies
        assert http_ok(f"http://127.0.0.1:{web_port}/demo")
        chat(rasa_port, "mijn bsn is 111222333 en mijn nummer is 06-12345678")
        time.sleep(1)  # let the log lines through the pipe
        logged = "".join(lines)
        # A fresh database has no adviser account: `make run` says how to create the first.
        assert "python -m bot.web.console users add" in logged
        assert "[BSN]" in logged and "[TELEFOON]" in logged  # the message was logged ...
        assert "111222333" not in logged and "06-12345678" not in logged  # ... redacted
    finally:
        os.killpg(run.pid, signal.SIGINT)  # what Ctrl-C in the terminal sends
        try:
            run.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(run.pid, signal.SIGKILL)
            pytest.fail("one Ctrl-C did not stop make run")
    for port in (rasa_port, action_port, web_port):
        assert not http_ok(f"http://127.0.0.1:{port}/"), f"port {port} still answers"
