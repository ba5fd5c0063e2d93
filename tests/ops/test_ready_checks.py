"""bot/ops/ready.py asks /health/ready, and what a process answered before when it has no such
route (Rasa run stock); bot/ops/prod.py lists every process's /metrics for Prometheus."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from bot.ops import prod, ready


def serve(routes: dict[str, int]) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            code = routes.get(self.path.split("?")[0], 404)
            self.send_response(code)
            self.end_headers()
            self.wfile.write(b"{}")

        def log_message(self, *_args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def test_ready_follows_health_ready_and_falls_back_without_it() -> None:
    for routes, expected in [
        ({"/health/ready": 200}, True),
        ({"/health/ready": 503, "/status": 200}, False),  # not ready: no fallback
        ({"/status": 200}, True),  # no readiness route: the old check
        ({}, False),
    ]:
        server = serve(routes)
        base = f"http://127.0.0.1:{server.server_address[1]}"
        try:
            assert ready.ready(base, "/status", token="t") is expected, routes
        finally:
            server.shutdown()
    assert ready.ready("http://127.0.0.1:9", "/status") is False  # nothing listens


def test_prometheus_targets_name_every_process(tmp_path) -> None:
    plan = prod.plan(tmp_path, workers=3)
    groups = json.loads(prod.prometheus_targets(plan, web_port=8080))
    targets = {g["labels"]["job"]: g["targets"] for g in groups}
    assert targets["rasa"] == [f"127.0.0.1:{p}" for p in plan.worker_ports]
    assert targets["rasa-action-server"] == ["127.0.0.1:5055"]
    assert targets["leerloket-web"] == ["127.0.0.1:8080"]
