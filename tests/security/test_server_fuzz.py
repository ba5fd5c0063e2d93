"""Fuzzing the running assistant: REST channel and webhooks, injection payloads, limits.

No input may cause a server error; SQL and HTML payloads are stored as plain text; a long or
too frequent message gets a Dutch reply instead of an error page.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import urllib.error
import urllib.request
import uuid

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.security.test_parsers_fuzz import json_values, whatsapp_like

pytestmark = pytest.mark.server
SERVER_FUZZ = settings(max_examples=60, deadline=None,
                       suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])  # fmt: skip


def post(url: str, body: bytes, headers: dict[str, str] | None = None) -> tuple[int, bytes]:
    request = urllib.request.Request(
        url, data=body, headers={"Content-Type": "application/json", **(headers or {})}
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def tracker_texts(rasa_stack, sender: str) -> list[str]:
    with urllib.request.urlopen(
        rasa_stack.api(f"/conversations/{sender}/tracker"), timeout=10
    ) as r:
        return [
            e.get("text") or "" for e in json.loads(r.read())["events"] if e.get("event") == "user"
        ]


@SERVER_FUZZ
@given(st.binary(max_size=200) | json_values.map(lambda v: json.dumps(v).encode()))
def test_rest_channel_never_fails_on_bad_bodies(rasa_stack, raw: bytes) -> None:
    status, body = post(f"{rasa_stack.rasa_url}/webhooks/rest/webhook", raw)
    assert status in {200, 400}, body
    if status == 400:
        assert json.loads(body)["error"]


@SERVER_FUZZ
@given(st.text(max_size=400))
def test_rest_channel_answers_any_text(rasa_stack, text: str) -> None:
    sender = f"fuzz-{uuid.uuid4().hex[:12]}"
    status, body = post(f"{rasa_stack.rasa_url}/webhooks/rest/webhook",
                        json.dumps({"sender": sender, "message": text}).encode())  # fmt: skip
    assert status == 200, body
    assert isinstance(json.loads(body), list)


def test_injection_payloads_are_stored_as_text(rasa_stack, rest_chat) -> None:
    sender = f"inject-{uuid.uuid4().hex[:8]}"
    # ("Robert'); DROP ..." would be stored as "[NAAM]'); DROP ...": names are redacted.)
    payloads = ["x'); DROP TABLE events; --", '<script>alert("x")</script> wat is evc?',
                "' OR '1'='1", "{{7*7}} ${7*7}"]  # fmt: skip
    for payload in payloads:
        rest_chat(sender, payload)
    assert tracker_texts(rasa_stack, sender) == payloads
    assert rest_chat(sender, "hallo")  # the tables are all still there


def test_long_empty_and_flooding_messages_get_a_dutch_reply(rasa_stack, rest_chat) -> None:
    sender = f"flood-{uuid.uuid4().hex[:8]}"
    assert "te lang" in rest_chat(sender, "lang " * 500)[0]["text"]
    assert "geen tekst" in rest_chat(sender, "  \n ")[0]["text"]
    url = f"{rasa_stack.rasa_url}/webhooks/rest/webhook"
    body = json.dumps({"sender": sender, "message": "hallo"}).encode()
    answers = [post(url, body) for _ in range(20)]  # 22 messages in a minute, 20 allowed
    assert [status for status, _ in answers] == [200] * 19 + [429]
    assert "Wacht een minuut" in json.loads(answers[-2][1])[0]["text"]
    assert json.loads(answers[-3][1])[0]["text"] != json.loads(answers[-2][1])[0]["text"]


@SERVER_FUZZ
@given(json_values)
def test_telegram_webhook_survives_any_update(rasa_stack, update) -> None:
    status, _ = post(f"{rasa_stack.rasa_url}/webhooks/telegram/webhook", json.dumps(update).encode(),
                     {"X-Telegram-Bot-Api-Secret-Token": rasa_stack.env["TELEGRAM_WEBHOOK_SECRET"]})  # fmt: skip
    assert status in {200, 400}


@SERVER_FUZZ
@given(whatsapp_like)
def test_whatsapp_webhook_survives_any_body(rasa_stack, payload) -> None:
    body = json.dumps(payload).encode()
    signature = hmac.new(
        rasa_stack.env["WHATSAPP_APP_SECRET"].encode(), body, hashlib.sha256
    ).hexdigest()
    status, _ = post(f"{rasa_stack.rasa_url}/webhooks/whatsapp/webhook", body,
                     {"X-Hub-Signature-256": f"sha256={signature}"})  # fmt: skip
    assert status in {200, 400}


def test_assistant_still_answers_after_the_fuzzing(rest_chat) -> None:
    assert rest_chat(f"after-{uuid.uuid4().hex[:8]}", "wat is evc?")
