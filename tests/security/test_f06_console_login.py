"""Finding 6: console login had no lockout or rate limit, and leaked which names exist.

Attack: 25 wrong passwords, then the right one, all accepted; known usernames answered
measurably faster than unknown ones (unknown names hashed twice). Now a name is locked after
5 failures for 15 minutes (even the right password is refused, with a Dutch message), an
address may fail only so often, unknown names lock the same way, and every login costs exactly
one scrypt.
"""

from __future__ import annotations

import hashlib
import statistics
import time

from aiohttp.test_utils import TestClient, TestServer

from bot.web.console import accounts, throttle
from bot.web.server import create_app
from tests.security.helpers import PASSWORDS, login


async def test_25_wrong_passwords_then_the_right_one_is_refused(engine) -> None:
    async with TestClient(TestServer(create_app())) as client:
        statuses = [(await login(client, "twente", f"fout-{i}")).status for i in range(25)]
        assert statuses[:5] == [401] * 5 and set(statuses[5:]) == {429}
        right = await login(client, "twente")
        assert right.status == 429 and "Te veel pogingen" in await right.text()
        assert "leerloket_console" not in right.cookies
        # Other names are not locked by it.
        assert (await login(client, "zwolle")).status == 302


async def test_unknown_names_lock_the_same_way(engine) -> None:
    async with TestClient(TestServer(create_app())) as client:
        known = [(await login(client, "twente", f"fout-{i}")).status for i in range(6)]
        unknown = [(await login(client, "niemand", f"fout-{i}")).status for i in range(6)]
        assert known == unknown == [401] * 5 + [429]


def test_the_lock_ends_after_its_time_and_a_good_login_clears_the_count(engine) -> None:
    class Clock:
        now = 0.0

        def __call__(self) -> float:
            return self.now

    clock = Clock()
    limits = throttle.LoginThrottle(redis_url="", clock=clock)
    for _ in range(throttle.MAX_FAILURES):
        assert limits.allowed("twente", "a")
        limits.failed("twente", "a")
    assert not limits.allowed("twente", "a")
    clock.now += throttle.LOCK_SECONDS + 1
    assert limits.allowed("twente", "a")
    limits.failed("twente", "a")
    limits.succeeded("twente")
    for _ in range(throttle.MAX_FAILURES - 1):
        limits.failed("twente", "a")
    assert limits.allowed("twente", "a")  # the failure before the success no longer counts


async def test_one_address_cannot_try_many_names(engine) -> None:
    async with TestClient(TestServer(create_app())) as client:
        statuses = [(await login(client, f"naam-{i}", "fout", address="198.51.100.7")).status
                    for i in range(throttle.MAX_FAILURES_PER_ADDRESS + 2)]  # fmt: skip
        assert statuses[-1] == 429 and statuses[0] == 401
        other = await login(client, "zwolle", address="198.51.100.8")
        assert other.status == 302


def test_known_and_unknown_names_cost_the_same(engine, monkeypatch) -> None:
    calls: list[str] = []
    real = hashlib.scrypt

    def counting(*args, **kwargs):
        calls.append("scrypt")
        return real(*args, **kwargs)

    accounts.dummy_hash()  # made once, in advance
    monkeypatch.setattr(hashlib, "scrypt", counting)
    for name in ("twente", "niemand"):
        calls.clear()
        assert accounts.login(engine, name, "fout-wachtwoord") is None
        assert calls == ["scrypt"], name
    monkeypatch.setattr(hashlib, "scrypt", real)

    def timed(name: str) -> float:
        started = time.perf_counter()
        accounts.login(engine, name, "fout-wachtwoord")
        return time.perf_counter() - started

    known = statistics.median(timed("twente") for _ in range(9))
    unknown = statistics.median(timed("niemand") for _ in range(9))
    assert 0.6 < known / unknown < 1.6, (known, unknown)
    assert accounts.login(engine, "twente", PASSWORDS["twente"])
