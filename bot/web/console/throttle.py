"""Login rate limit and lockout for the adviser console.

After `MAX_FAILURES` wrong passwords for one name within `WINDOW_SECONDS`, that name is
locked for `LOCK_SECONDS`: even the right password is refused, with a Dutch message. The
same holds for names that do not exist, so a lockout tells nothing about which names do.
Apart from that, one client address may fail at most `MAX_FAILURES_PER_ADDRESS` logins in
the window, whatever the names (an office behind one address still logs in freely). Counts live in Redis with REDIS_URL (several web
fronts), else in this process.
"""

from __future__ import annotations

import hashlib
import logging
import time

from bot.handoff.limits import WindowCounter

logger = logging.getLogger(__name__)
MAX_FAILURES = 5
WINDOW_SECONDS = 15 * 60
LOCK_SECONDS = 15 * 60
MAX_FAILURES_PER_ADDRESS = 30
LOCKED = (
    "Te veel pogingen om in te loggen. Voor je veiligheid kan dat nu even niet. "
    "Probeer het over 15 minuten opnieuw. Wachtwoord vergeten? Vraag een beheerder."
)


def _name_key(username: str) -> str:
    return hashlib.sha256(username.strip().lower().encode()).hexdigest()[:32]


class LoginThrottle:
    def __init__(self, redis_url: str | None = None, clock=time.monotonic) -> None:
        self.failures = WindowCounter("login-failures", WINDOW_SECONDS, redis_url, clock)
        self.locks = WindowCounter("login-locks", LOCK_SECONDS, redis_url, clock)
        self.address_failures = WindowCounter("login-address", WINDOW_SECONDS, redis_url, clock)

    def allowed(self, username: str, address: str) -> bool:
        """Whether this login may be tried at all."""
        if self.locks.count(_name_key(username)):
            return False
        return self.address_failures.count(address) < MAX_FAILURES_PER_ADDRESS

    def failed(self, username: str, address: str) -> None:
        self.address_failures.add(address)
        key = _name_key(username)
        if self.failures.add(key) >= MAX_FAILURES:
            self.locks.add(key)
            self.failures.reset(key)
            logger.warning("console: logins for one name locked after %d failures (from %s)",
                           MAX_FAILURES, address)  # fmt: skip

    def succeeded(self, username: str) -> None:
        self.failures.reset(_name_key(username))


_shared: LoginThrottle | None = None


def shared() -> LoginThrottle:
    global _shared
    if _shared is None:
        _shared = LoginThrottle()
    return _shared
