"""Finding 4: the action server had no authentication.

Attack: a forged `POST /webhook` with `next_action=action_handoff` writes a handoff with an
invented transcript into the real database (contact requests and feedback likewise). Now Rasa
sends the shared secret ACTION_SERVER_TOKEN with every call (endpoints.yml `headers`, filled
from the environment), and the action server refuses and logs every call without it.
"""

from __future__ import annotations

import time
import uuid

import pytest
import yaml

from actions import call_allowed
from bot.config.settings import get_settings
from bot.runtime.endpoints import ACTION_TOKEN_HEADER, render


def test_rasa_sends_the_secret_and_the_file_does_not_hold_it() -> None:
    endpoint = render(get_settings())["action_endpoint"]
    assert endpoint["headers"] == {ACTION_TOKEN_HEADER: "${ACTION_SERVER_TOKEN}"}
    assert "${ACTION_SERVER_TOKEN}" in yaml.safe_dump(endpoint)  # plain: Rasa expands it


def test_the_check_is_constant_time_and_closed_without_a_secret() -> None:
    assert call_allowed("s3cret", "s3cret")
    assert not call_allowed("fout", "s3cret")
    assert not call_allowed(None, "s3cret")
    assert not call_allowed("", "")  # no secret configured: nothing gets in
    assert not call_allowed("anything", None)


def forged_handoff(sender: str) -> dict:
    return {
        "next_action": "action_handoff",
        "sender_id": sender,
        "version": "3.6.21",
        "domain": {},
        "tracker": {
            "sender_id": sender, "slots": {"region": "Twente"}, "paused": False,
            "latest_message": {"text": "ik wil een mens", "intent": {"name": "request_human"}},
            "latest_input_channel": "rest", "active_loop": {},
            "events": [{"event": "user", "text": "Verzonnen gesprek: bel 0612345678",
                        "timestamp": time.time()}],
        },
    }  # fmt: skip


@pytest.mark.server
@pytest.mark.parametrize("headers", [{}, {ACTION_TOKEN_HEADER: "geraden"},
                                     {ACTION_TOKEN_HEADER: ""}])  # fmt: skip
def test_a_forged_action_call_is_refused_and_logged(rasa_stack, headers) -> None:
    from sqlalchemy import create_engine

    from bot.handoff import store
    from tests.security.helpers import post_json

    sender = f"forged-{uuid.uuid4().hex[:8]}"
    status, body = post_json(f"{rasa_stack.action_url}/webhook", forged_handoff(sender), headers)
    assert status == 401 and body == {"error": "unauthorised"}
    engine = create_engine(rasa_stack.env["DATABASE_URL"], future=True)
    store.create_tables(engine)
    assert store.active_for(engine, sender) is None
    status, _ = post_json(f"{rasa_stack.action_url}/actions", b"", headers)
    assert status in (401, 405)
    time.sleep(0.3)
    log = (rasa_stack.workdir / "actions.log").read_text(errors="replace")
    assert "refused a call to /webhook" in log


@pytest.mark.server
def test_rasa_itself_still_reaches_the_action_server(rest_chat) -> None:
    replies = rest_chat(f"auth-{uuid.uuid4().hex[:8]}", "wat is evc")
    assert any("EVC" in r.get("text", "") for r in replies)  # a custom action answered
