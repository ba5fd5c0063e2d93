"""Finding 5: the advisers' queue could be flooded.

Attack: every new sender id opens a handoff at once with "/leave_question", and the only rate
limit is per sender id. Now a handoff from a button alone first asks for the question, and
new handoffs and call-back requests are limited per client address (the channel's, not one
the client claims) and over everyone, per minute, shared in Redis with REDIS_URL.
"""

from __future__ import annotations

import uuid

import pytest

from actions.handoff import ASK_QUESTION_FIRST, ActionHandoff
from bot.handoff import limits, store
from bot.handoff.limits import TOO_MANY_HANDOFFS, HandoffLimiter
from bot.runtime.channels.inputs import client_address
from bot.runtime.channels.rest import parse_body
from tests.security.helpers import run_action, tracker, user_event


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_limits_per_client_and_overall_per_minute() -> None:
    clock = Clock()
    limiter = HandoffLimiter(per_client=3, overall=5, redis_url="", clock=clock)
    assert [limiter.admit("a").allowed for _ in range(4)] == [True, True, True, False]
    assert limiter.admit("a").why == "client"
    assert [limiter.admit(f"fresh-{i}").allowed for i in range(3)] == [True, True, False]
    assert limiter.admit("b").why == "global"
    clock.now = 61  # a minute later
    assert limiter.admit("a").allowed


def test_two_action_servers_share_the_counts_in_redis(redis_url) -> None:
    first = HandoffLimiter(per_client=2, overall=100, redis_url=redis_url)
    second = HandoffLimiter(per_client=2, overall=100, redis_url=redis_url)
    client = f"test-{uuid.uuid4().hex}"
    assert first.admit(client).allowed and second.admit(client).allowed
    assert not first.admit(client).allowed and not second.admit(client).allowed
    first.counter.reset(f"client:{client}")


def test_a_client_cannot_choose_its_own_address() -> None:
    assert client_address("203.0.113.9", "198.51.100.1") == "203.0.113.9"  # not our proxy
    assert client_address("127.0.0.1", "198.51.100.1, 198.51.100.2") == "198.51.100.2"
    assert client_address("127.0.0.1", "niet-een-adres") == "127.0.0.1"
    _, _, metadata = parse_body(b'{"sender": "x", "message": "hoi", "metadata": {"client": "z"}}')
    assert "client" not in metadata  # only the channel sets it


async def test_a_handoff_from_a_button_alone_first_asks_the_question(engine) -> None:
    sender = f"fresh-{uuid.uuid4().hex[:8]}"
    events, messages = await run_action(
        ActionHandoff(), tracker(sender, [user_event("/leave_question")], intent="leave_question")
    )
    assert messages[0]["text"] == ASK_QUESTION_FIRST
    assert store.active_for(engine, sender) is None
    assert not any(e.get("event") == "pause" for e in events)


async def test_fresh_ids_from_one_address_cannot_flood_the_queue(engine, monkeypatch) -> None:
    monkeypatch.setenv("HANDOFF_OFFICE_HOURS", "ma-zo 00:00-24:00")
    from bot.config.settings import get_settings

    get_settings.cache_clear()
    monkeypatch.setattr(limits, "_shared", HandoffLimiter(per_client=3, overall=5, redis_url=""))
    answers = []
    for i in range(6):
        sender = f"flood-{i}-{uuid.uuid4().hex[:6]}"
        event = user_event("ik wil een mens spreken", {"client": "same-address"})
        _, messages = await run_action(ActionHandoff(), tracker(sender, [event]))
        answers.append(messages[0]["text"])
    assert sum(a == TOO_MANY_HANDOFFS for a in answers) == 3
    assert len(store.queue(engine)) == 3
    for i in range(3):  # other addresses: the overall limit (5 a minute) holds
        event = user_event("ik wil een mens spreken", {"client": f"address-{i}"})
        _, messages = await run_action(ActionHandoff(), tracker(f"other-{i}", [event]))
        answers.append(messages[0]["text"])
    assert len(store.queue(engine)) == 5 and answers[-1] == TOO_MANY_HANDOFFS


@pytest.mark.server
def test_flooding_the_running_assistant_from_one_address_is_stopped(rasa_stack) -> None:
    from tests.security.helpers import post_json

    url = f"{rasa_stack.rasa_url}/webhooks/rest/webhook"
    per_client = int(rasa_stack.env["HANDOFFS_PER_CLIENT_PER_MINUTE"])
    # As our nginx would forward it (the peer is loopback, a trusted proxy).
    headers = {"X-Forwarded-For": f"198.51.100.{uuid.uuid4().int % 200 + 1}"}
    status, body = post_json(url, {"sender": f"btn-{uuid.uuid4().hex[:8]}",
                                   "message": "/leave_question"}, headers)  # fmt: skip
    assert status == 200 and "Typ je vraag" in " ".join(m.get("text", "") for m in body)
    replies = []
    for i in range(per_client + 2):
        sender = f"flood-{i}-{uuid.uuid4().hex[:8]}"
        # Each with a made-up client key of its own, which the channel replaces.
        _, body = post_json(url, {"sender": sender, "message": "kan ik een medewerker spreken",
                                  "metadata": {"client": uuid.uuid4().hex}}, headers)  # fmt: skip
        replies.append(" ".join(m.get("text", "") for m in body))
    refused = [r for r in replies if "veel mensen tegelijk" in r]
    assert len(refused) == 2, replies
    assert all("adviseur" in r for r in replies[:per_client])
