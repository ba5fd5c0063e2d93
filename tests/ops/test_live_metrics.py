"""/metrics, /health/live and /health/ready of the running stack: the counters move with
traffic, and no label or value names a sender or a message."""

from __future__ import annotations

import urllib.request

import pytest
from prometheus_client.parser import text_string_to_metric_families

pytestmark = pytest.mark.server

SENDER = "ops-metrics-0612345678"


def scrape(url: str) -> tuple[str, dict[tuple[str, tuple], float]]:
    with urllib.request.urlopen(f"{url}/metrics", timeout=10) as response:
        assert response.headers["Content-Type"].startswith("text/plain")
        text = response.read().decode()
    values = {}
    for family in text_string_to_metric_families(text):
        for s in family.samples:
            values[(s.name, tuple(sorted(s.labels.items())))] = s.value
    return text, values


def value(values: dict, name: str, **labels: str) -> float:
    return values.get((name, tuple(sorted(labels.items()))), 0.0)


def get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def test_counters_move_with_traffic(rasa_stack, rest_chat) -> None:
    _, rasa_before = scrape(rasa_stack.rasa_url)
    _, actions_before = scrape(rasa_stack.action_url)
    rest_chat(SENDER, "wat is evc")  # a KB answer: a custom action
    rest_chat(SENDER, "mijn bsn is 111222333")
    rest_chat(SENDER, "x" * 5000)  # refused: too long
    rasa_text, rasa_after = scrape(rasa_stack.rasa_url)
    actions_text, actions_after = scrape(rasa_stack.action_url)

    def moved(before: dict, after: dict, name: str, **labels: str) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    assert moved(rasa_before, rasa_after, "leerloket_messages_total", channel="rest") == 2
    assert moved(rasa_before, rasa_after, "leerloket_turn_seconds_count", channel="rest") == 2
    assert moved(rasa_before, rasa_after, "leerloket_refusals_total", channel="rest",
                 reason="too_long") == 1  # fmt: skip
    assert moved(rasa_before, rasa_after, "leerloket_turn_errors_total", channel="rest") == 0
    ran = sum(v - value(actions_before, n, **dict(labels)) for (n, labels), v in
              actions_after.items() if n == "leerloket_actions_total")  # fmt: skip
    assert ran >= 1  # "wat is evc" is answered by a custom action
    assert value(rasa_after, "process_resident_memory_bytes") > 100e6
    for text in (rasa_text, actions_text):
        assert SENDER not in text and "111222333" not in text and "evc" not in text.lower()


def test_health_routes_of_rasa_and_the_action_server(rasa_stack) -> None:
    for base in (rasa_stack.rasa_url, rasa_stack.action_url):
        assert get(f"{base}/health/live")[0] == 200
        status, body = get(f"{base}/health/ready")
        assert status == 200, body
    status, body = get(f"{rasa_stack.rasa_url}/health/ready")
    assert b'"model":true' in body and b'"kb":true' in body and b'"database":true' in body


def test_the_web_front_serves_readiness_and_the_handoff_queue(web_front) -> None:
    assert get(f"{web_front}/health/ready")[0] == 200
    text, values = scrape(web_front)
    assert ("leerloket_handoffs_waiting", ()) in values
    assert "leerloket_handoff_wait_seconds_bucket" in text
