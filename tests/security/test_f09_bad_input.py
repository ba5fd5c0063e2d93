"""Finding 9: bad input.

Attack: 50,000-level nested JSON gave a 500 with a traceback in the log; metadata had no size
limit (1 MB stored); sender ids with '/', '..', newlines or NUL were accepted. Now every
parser refuses what it cannot handle with a 4xx and a short reason before parsing (body size,
JSON depth, metadata size/depth/keys, a strict sender id), socket.io packets are bounded the
same way, and failures are logged by type and place, without the user's input.
"""

from __future__ import annotations

import json
import logging
import uuid

import pytest

from bot.runtime.channels.inputs import BadInput, json_depth_ok, log_failure, parse_json
from bot.runtime.channels.rest import RequestError, parse_body
from bot.runtime.channels.socketio import _BoundedJson

DEEP = b"[" * 50_000 + b"]" * 50_000


def body(**fields) -> bytes:
    return json.dumps({"sender": "user-1", "message": "hoi", **fields}).encode()


def test_deep_json_is_refused_before_parsing() -> None:
    with pytest.raises(RecursionError):
        json.loads(DEEP)  # what the old parser met: a 500 and a traceback
    with pytest.raises(BadInput, match="deep") as error:
        parse_json(DEEP, max_bytes=10**6)
    assert error.value.status == 400
    with pytest.raises(RequestError) as error:
        parse_body(DEEP)  # 100 kB: refused on its size before anything else
    assert error.value.status == 413
    medium = b'{"sender": "x", "message": "hoi", "metadata": ' + DEEP[:5000] + DEEP[-5000:] + b"}"
    with pytest.raises(RequestError, match="deep"):
        parse_body(medium)
    with pytest.raises(BadInput, match="deep"):
        parse_json(b'{"a":' * 40 + b"1" + b"}" * 40)
    assert json_depth_ok('{"message": "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["}')  # text
    with pytest.raises(ValueError):
        _BoundedJson.loads('["user_uttered", ' + "[" * 100 + "]" * 100 + "]")


def test_metadata_is_limited_in_size_depth_and_keys() -> None:
    with pytest.raises(RequestError) as error:
        parse_body(body(metadata={"x": "a" * 1_000_000}))
    assert error.value.status == 413  # the body itself is too large
    with pytest.raises(RequestError, match="bytes"):
        parse_body(body(metadata={"x": "a" * 3000}))
    with pytest.raises(RequestError, match="deep"):
        parse_body(body(metadata={"a": {"b": {"c": {"d": 1}}}}))
    with pytest.raises(RequestError, match="keys"):
        parse_body(body(metadata={f"k{i}": i for i in range(30)}))
    _, _, fine = parse_body(body(metadata={"municipality": "zwolle", "page": "/leren"}))
    assert fine == {"municipality": "zwolle", "page": "/leren"}


@pytest.mark.parametrize("sender", ["a/b", "a..b", "line\nbreak", "nul\x00byte", "tab\tid",
                                    "spatie id", "", " ", "x" * 65, "é-accent", "\u202eevil"])  # fmt: skip
def test_odd_sender_ids_are_refused(sender: str) -> None:
    with pytest.raises(RequestError) as error:
        parse_body(json.dumps({"sender": sender, "message": "hoi"}).encode())
    assert error.value.status == 400 and len(str(error.value)) < 200


def test_failures_are_logged_without_what_the_user_typed(caplog) -> None:
    logger = logging.getLogger("test.security")
    try:
        raise ValueError("bericht met geheim-7391 erin")
    except ValueError as error:
        with caplog.at_level(logging.ERROR):
            log_failure(logger, "rest: a message failed", error)
    assert "ValueError at" in caplog.text and "geheim-7391" not in caplog.text


def log_since(rasa_stack, name: str, offset: int) -> str:
    return (rasa_stack.workdir / name).read_text(errors="replace")[offset:]


@pytest.mark.server
def test_the_running_assistant_refuses_bad_input_with_a_4xx_and_no_traceback(rasa_stack) -> None:
    import hashlib
    import hmac
    import time

    from tests.security.helpers import post_json

    log = rasa_stack.workdir / "rasa.log"
    offset = len(log.read_text(errors="replace"))
    marker = f"marker-{uuid.uuid4().hex[:8]}"
    rest = f"{rasa_stack.rasa_url}/webhooks/rest/webhook"
    assert post_json(rest, DEEP)[0] == 413  # 100 kB: over the body limit already
    nested = b'{"sender": "deep", "message": "' + marker.encode() + b'", "metadata": '
    status, reply = post_json(rest, nested + b"[" * 5000 + b"]" * 5000 + b"}")
    assert status == 400 and "deep" in reply["error"]
    status, _ = post_json(rest, body(metadata={"x": marker * 100_000}))
    assert status == 413
    for sender in ("a/b", "x\ny", "nul\x00", ".."):
        status, reply = post_json(rest, json.dumps({"sender": sender, "message": marker}).encode())
        assert status == 400 and "sender" in reply["error"]
    telegram = f"{rasa_stack.rasa_url}/webhooks/telegram/webhook"
    secret = {"X-Telegram-Bot-Api-Secret-Token": rasa_stack.env["TELEGRAM_WEBHOOK_SECRET"]}
    assert post_json(telegram, b"[" * 5000 + b"]" * 5000, secret)[0] == 400
    deep_wa = b'{"entry": ' + b"[" * 5000 + b"]" * 5000 + b"}"
    signature = hmac.new(rasa_stack.env["WHATSAPP_APP_SECRET"].encode(), deep_wa,
                         hashlib.sha256).hexdigest()  # fmt: skip
    whatsapp = f"{rasa_stack.rasa_url}/webhooks/whatsapp/webhook"
    assert post_json(whatsapp, deep_wa, {"X-Hub-Signature-256": f"sha256={signature}"})[0] == 400
    assert post_json(rest, body())[0] == 200  # and it still answers
    time.sleep(0.5)
    written = log_since(rasa_stack, "rasa.log", offset)
    assert "Traceback" not in written and "RecursionError" not in written
    assert marker not in written


@pytest.mark.server
def test_a_deep_socketio_packet_closes_that_socket_only(rasa_stack) -> None:
    import asyncio

    import aiohttp

    log = rasa_stack.workdir / "rasa.log"
    offset = len(log.read_text(errors="replace"))

    from tests.security.helpers import RawSocket

    async def scenario() -> None:
        async with RawSocket(rasa_stack.rasa_url) as socket:
            await socket.ws.send_str('42["user_uttered",' + "[" * 5000 + "]" * 5000 + "]")
            closed = False
            for _ in range(20):
                message = await asyncio.wait_for(socket.ws.receive(), 10)
                if message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED,
                                    aiohttp.WSMsgType.CLOSING):  # fmt: skip
                    closed = True
                    break
                if message.type == aiohttp.WSMsgType.TEXT and message.data in ("1", "41"):
                    closed = True  # engine.io close, or socket.io disconnect
                    break
                if message.type == aiohttp.WSMsgType.TEXT and message.data == "2":
                    await socket.ws.send_str("3")  # engine.io ping
            assert closed, "the socket stayed open"
        async with RawSocket(rasa_stack.rasa_url) as other:  # the others still talk
            await other.emit("session_request", {"session_id": None})
            assert await other.wait_for("session_confirm")

    asyncio.run(scenario())
    written = log_since(rasa_stack, "rasa.log", offset)
    assert "Traceback" not in written and "refused a socket.io packet" in written
