"""The abuse limits every channel applies: message length and messages per sender per minute."""

from __future__ import annotations

import uuid

from bot.runtime.channels.guard import EMPTY, TOO_FAST, TOO_LONG, MessageGuard, Verdict


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_long_message_gets_a_dutch_reply_and_does_not_pass() -> None:
    guard = MessageGuard(max_chars=2000, per_minute=20, redis_url="")
    assert guard.check("rest", "anna", "a" * 2000).allowed
    verdict = guard.check("rest", "anna", "a" * 2001)
    assert not verdict.allowed
    assert verdict.reply == TOO_LONG.format(limit=2000)
    assert "2000 tekens" in verdict.reply


def test_empty_message_is_answered_without_the_assistant() -> None:
    guard = MessageGuard(max_chars=2000, per_minute=20, redis_url="")
    for text in ["", " ", "\n\t"]:
        assert guard.check("rest", "dirk", text) == Verdict(False, EMPTY)


def test_rate_limit_answers_once_then_stays_quiet_until_the_minute_is_over() -> None:
    clock = FakeClock()
    guard = MessageGuard(max_chars=2000, per_minute=3, redis_url="", clock=clock)
    assert [guard.check("rest", "bob", "hoi").allowed for _ in range(3)] == [True] * 3
    assert guard.check("rest", "bob", "hoi").reply == TOO_FAST
    quiet = guard.check("rest", "bob", "hoi")
    assert not quiet.allowed and quiet.reply == ""
    assert guard.check("rest", "carla", "hoi").allowed  # other senders are not affected
    assert guard.check("telegram", "bob", "hoi").allowed  # nor the same id on another channel
    clock.now += 61
    assert guard.check("rest", "bob", "hoi").allowed


def test_rate_limit_is_shared_by_workers_through_redis(redis_url: str) -> None:
    sender = f"fuzz-{uuid.uuid4().hex}"
    worker_a = MessageGuard(max_chars=2000, per_minute=2, redis_url=redis_url)
    worker_b = MessageGuard(max_chars=2000, per_minute=2, redis_url=redis_url)
    assert worker_a.check("rest", sender, "hoi").allowed
    assert worker_b.check("rest", sender, "hoi").allowed
    assert worker_a.check("rest", sender, "hoi").reply == TOO_FAST
    assert not worker_b.check("rest", sender, "hoi").allowed


async def test_admit_answers_a_refused_message_on_its_channel_once() -> None:
    class Output:
        def __init__(self) -> None:
            self.sent: list[tuple[str, str]] = []

        async def send_text_message(self, recipient: str, text: str) -> None:
            self.sent.append((recipient, text))

    guard, output = MessageGuard(max_chars=10, per_minute=2, redis_url=""), Output()
    assert await guard.admit("telegram", "778", "hallo", output)
    assert not await guard.admit("telegram", "778", "a" * 11, output)
    assert not await guard.admit("telegram", "778", "hallo", output)  # third: too fast
    assert not await guard.admit("telegram", "778", "hallo", output)  # quiet from now on
    assert output.sent == [("778", TOO_LONG.format(limit=10)), ("778", TOO_FAST)]
