"""The assistant over the REST channel, against the real Rasa server and action server."""

from __future__ import annotations

import json
import urllib.request
import uuid

import pytest

pytestmark = pytest.mark.server


def sender() -> str:
    return f"test-{uuid.uuid4().hex[:12]}"


def texts(messages: list[dict]) -> str:
    return " ".join(m.get("text", "") for m in messages)


def test_health_endpoint_answers(rasa_stack) -> None:
    with urllib.request.urlopen(f"{rasa_stack.rasa_url}/", timeout=5) as response:
        assert response.status == 200
        assert b"Hello from Rasa" in response.read()


def test_http_api_needs_the_token(rasa_stack) -> None:
    with pytest.raises(urllib.error.HTTPError) as error:
        urllib.request.urlopen(f"{rasa_stack.rasa_url}/status", timeout=5)
    assert error.value.code == 401
    with urllib.request.urlopen(rasa_stack.api("/status"), timeout=5) as response:
        assert json.loads(response.read())["model_file"]


def test_hallo_gets_a_dutch_greeting_with_buttons(rest_chat) -> None:
    messages = rest_chat(sender(), "hallo")
    assert messages, "no reply"
    assert "Leerloket" in messages[0]["text"]
    assert any(word in messages[0]["text"] for word in ("Hallo", "Hoi"))
    assert messages[0].get("buttons")


def test_personal_data_gets_a_warning_and_is_not_echoed(rest_chat) -> None:
    messages = rest_chat(sender(), "mijn bsn is 111222333")
    reply = texts(messages)
    assert "BSN" in reply and "111222333" not in reply


def test_gibberish_twice_offers_an_adviser(rest_chat) -> None:
    user = sender()
    first = rest_chat(user, "qwxz vbnm plkj")
    assert "begreep" in texts(first)
    second = rest_chat(user, "zzxq wvvb ttkk")
    assert "adviseur" in texts(second)
    assert any(b["payload"] == "/request_human" for m in second for b in m.get("buttons", []))
