"""WhatsApp: signatures, parsing, buttons and the 24-hour window; and the real-server path."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import itertools
import json
import time
import urllib.error
import urllib.request

import pytest

from bot.runtime.channels.common import READS_TEXT_ONLY
from bot.runtime.channels.whatsapp import (
    ServiceWindow,
    WhatsAppOutput,
    WhatsAppSettings,
    inbound_messages,
    message_bodies,
    signature_ok,
)

_ids = itertools.count(int(time.time()))
SECRET = "test-app-secret"


def envelope(*messages: dict, statuses: list | None = None) -> dict:
    value = {"messaging_product": "whatsapp", "metadata": {"phone_number_id": "1234567890"}}
    if messages:
        value["messages"] = list(messages)
    if statuses:
        value["statuses"] = statuses
    return {"object": "whatsapp_business_account",
            "entry": [{"id": "1", "changes": [{"field": "messages", "value": value}]}]}  # fmt: skip


def text_message(body: str, sender: str = "31600000001") -> dict:
    return {"from": sender, "id": f"wamid.in{next(_ids)}", "timestamp": str(int(time.time())),
            "type": "text", "text": {"body": body}}  # fmt: skip


def sign(body: bytes, secret: str = SECRET) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def test_signature() -> None:
    body = b'{"a": 1}'
    assert signature_ok(SECRET, body, sign(body))
    assert not signature_ok(SECRET, body, sign(body, "wrong"))
    assert not signature_ok(SECRET, body + b" ", sign(body))
    assert not signature_ok(SECRET, body, None) and not signature_ok(None, body, sign(body))


def test_parsing_messages_interactive_and_statuses() -> None:
    button = {"from": "316", "id": "wamid.b", "type": "interactive",
              "interactive": {"type": "button_reply", "button_reply": {"id": "/ask_funding", "title": "Geld"}}}  # fmt: skip
    image = {"from": "316", "id": "wamid.i", "type": "image", "image": {"id": "m"}}
    parsed = inbound_messages(envelope(text_message("hallo", "316"), button, image))
    assert [(m.text, m.sender) for m in parsed] == [
        ("hallo", "316"),
        ("/ask_funding", "316"),
        (None, "316"),
    ]
    assert inbound_messages(envelope(statuses=[{"id": "wamid.x", "status": "read"}])) == []


@pytest.mark.parametrize(
    ("count", "kind"),
    [(0, "text"), (2, "button"), (3, "button"), (4, "list"), (10, "list"), (11, "text")],
)
def test_buttons_become_reply_buttons_lists_or_numbered_text(count, kind) -> None:
    buttons = [
        {"title": f"Een heel lange knoptekst nummer {i}", "payload": f"/p{i}"} for i in range(count)
    ]
    body = message_bodies("316", "Kies maar", buttons)[-1]
    assert (body.get("interactive") or {}).get("type", "text") == kind
    if kind == "button":
        titles = [b["reply"]["title"] for b in body["interactive"]["action"]["buttons"]]
        assert all(len(t) <= 20 for t in titles)
    if kind == "list":
        rows = body["interactive"]["action"]["sections"][0]["rows"]
        assert len(rows) == count and all(len(r["title"]) <= 24 for r in rows)
    if count == 11:
        assert "11. Een heel lange" in body["text"]["body"]


async def test_outside_the_window_a_reply_is_refused_or_sent_as_template(monkeypatch) -> None:
    sent = []
    settings = WhatsAppSettings("t", "1", SECRET, "v", "http://x", None, "nl")
    window = ServiceWindow()
    output = WhatsAppOutput(settings, window)

    async def fake_post(body):
        sent.append(body)

    monkeypatch.setattr(output, "_post", fake_post)
    refused = await output.deliver("316", "Hallo")
    assert not refused.delivered and "24-uursvenster" in refused.detail and sent == []
    window.touch("316")
    assert (await output.deliver("316", "Hallo")).detail == "sent"
    window.touch("317", at=time.time() - 25 * 3600)
    templated = WhatsAppOutput(
        WhatsAppSettings("t", "1", SECRET, "v", "http://x", "leerloket_antwoord", "nl"), window
    )
    monkeypatch.setattr(templated, "_post", fake_post)
    assert (await templated.deliver("317", "Hallo")).detail == "template"
    assert sent[-1]["type"] == "template" and sent[-1]["template"]["name"] == "leerloket_antwoord"


# --- through the real Rasa server -------------------------------------------------------------


def post(rasa_stack, payload: dict, signature: str | None = "valid") -> int:
    body = json.dumps(payload).encode()
    headers = {"Content-Type": "application/json"}
    if signature == "valid":
        headers["X-Hub-Signature-256"] = sign(body)
    elif signature is not None:
        headers["X-Hub-Signature-256"] = signature
    request = urllib.request.Request(
        f"{rasa_stack.rasa_url}/webhooks/whatsapp/webhook", data=body, headers=headers
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.mark.server
def test_verification_handshake(rasa_stack) -> None:
    base = f"{rasa_stack.rasa_url}/webhooks/whatsapp/webhook?hub.mode=subscribe&hub.challenge=1158201444"
    with urllib.request.urlopen(base + "&hub.verify_token=test-verify", timeout=10) as response:
        assert response.read() == b"1158201444"
    with pytest.raises(urllib.error.HTTPError) as error:
        urllib.request.urlopen(base + "&hub.verify_token=fout", timeout=10)
    assert error.value.code == 403


@pytest.mark.server
def test_webhook_to_rasa_to_graph_api_with_buttons(rasa_stack) -> None:
    whatsapp = rasa_stack.whatsapp
    whatsapp.clear()
    assert post(rasa_stack, envelope(text_message("wat kun je allemaal"))) == 200
    _, body = whatsapp.wait_for(lambda r: r[1].get("type") == "interactive")
    assert body["to"] == "31600000001"
    assert "vier dingen" in body["interactive"]["body"]["text"]
    assert body["interactive"]["type"] == "list"  # 5 buttons
    ids = [row["id"] for row in body["interactive"]["action"]["sections"][0]["rows"]]
    assert "/ask_funding" in ids


@pytest.mark.server
@pytest.mark.parametrize("signature", ["sha256=" + "0" * 64, None])
def test_bad_or_missing_signature_is_rejected(rasa_stack, signature) -> None:
    whatsapp = rasa_stack.whatsapp
    whatsapp.clear()
    assert post(rasa_stack, envelope(text_message("hallo")), signature=signature) == 403
    time.sleep(1)
    assert whatsapp.requests == []


@pytest.mark.server
def test_replayed_message_statuses_and_images(rasa_stack) -> None:
    whatsapp = rasa_stack.whatsapp
    whatsapp.clear()
    message = text_message("ben jij een robot", sender="31600000002")
    assert post(rasa_stack, envelope(message)) == 200
    assert post(rasa_stack, envelope(message)) == 200
    assert post(rasa_stack, envelope(statuses=[{"id": "wamid.x", "status": "delivered"}])) == 200
    whatsapp.wait_for(lambda r: r[1].get("to") == "31600000002")
    time.sleep(1.5)
    assert len([r for r in whatsapp.requests if r[1].get("to") == "31600000002"]) == 1
    image = {
        "from": "31600000003",
        "id": f"wamid.i{next(_ids)}",
        "type": "image",
        "image": {"id": "m"},
    }
    assert post(rasa_stack, envelope(image)) == 200
    whatsapp.wait_for(lambda r: (r[1].get("text") or {}).get("body") == READS_TEXT_ONLY)


@pytest.mark.server
def test_adviser_reply_reaches_the_whatsapp_user(rasa_stack, console_rasa) -> None:
    whatsapp = rasa_stack.whatsapp
    whatsapp.clear()
    user = "31600000077"
    assert (
        post(rasa_stack, envelope(text_message("kan ik met een echt persoon praten", sender=user)))
        == 200
    )
    whatsapp.wait_for(lambda r: r[1].get("to") == user and "adviseur" in json.dumps(r[1]))
    from bot.runtime.channels.conversation_ids import whatsapp_id  # "wa:<HMAC of the number>"

    asyncio.run(console_rasa.send_reply(whatsapp_id(user), "Hoi, ik ben Anna van het leerloket."))
    _, body = whatsapp.wait_for(lambda r: r[1].get("to") == user and "Anna" in json.dumps(r[1]))
    assert body["type"] == "text"  # inside the 24-hour window: a normal message
