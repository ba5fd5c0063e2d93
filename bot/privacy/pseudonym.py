"""Keyed pseudonyms: personal ids (a phone number, an e-mail address) become an HMAC-SHA256.

The key comes from PSEUDONYM_KEY. Without it, a local set-up (no PostgreSQL) uses the key in
var/pseudonym_key, made on first use, as `make run` does; a production set-up (DATABASE_URL
is PostgreSQL) refuses to run without it: every process must share the same key, or the same
person would get a new conversation in each. Without the key a pseudonym cannot be turned
back into the number, nor even be checked against a guessed one.

Each use gets its own key derived from the one secret (`derived_key(purpose)`), so a value
never gives the same pseudonym in two places: the WhatsApp conversation id of a number is not
its feedback pseudonym.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import time
from functools import lru_cache
from pathlib import Path

from bot.config.settings import PROJECT_ROOT

ENV = "PSEUDONYM_KEY"
KEY_FILE = PROJECT_ROOT / "var" / "pseudonym_key"
MIN_KEY_CHARS = 16


class MissingKey(RuntimeError):
    """No PSEUDONYM_KEY where one is required."""


def _production() -> bool:
    url = os.environ.get("DATABASE_URL") or ""
    return url.startswith(("postgresql", "postgres:"))


def _key_from_file(path: Path) -> str:
    """The key in `path`, made first if there is none (written whole, then linked into
    place, so a process starting at the same moment never reads half a key)."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{os.getpid()}")
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as out:
            out.write(secrets.token_urlsafe(32) + "\n")
        try:
            os.link(temporary, path)
        except FileExistsError:
            pass  # another process was first: its key counts
        finally:
            temporary.unlink(missing_ok=True)
    key = path.read_text().strip()
    if len(key) < MIN_KEY_CHARS:
        raise MissingKey(f"{path} holds no usable key")
    return key


@lru_cache(maxsize=4)
def _secret(raw_env: str | None, production: bool) -> bytes:
    if raw_env:
        if len(raw_env) < MIN_KEY_CHARS:
            raise MissingKey(f"{ENV} must have at least {MIN_KEY_CHARS} characters")
        return raw_env.encode()
    if production:
        raise MissingKey(
            f"{ENV} is not set: with PostgreSQL every process must share one key "
            "(see .env.example and docs/security.md)"
        )
    return _key_from_file(KEY_FILE).encode()


def secret() -> bytes:
    return _secret(os.environ.get(ENV) or None, _production())


def derived_key(purpose: str, key: bytes | str | None = None) -> bytes:
    """A key for one purpose only ("wa", "feedback", "widget-session", ...)."""
    base = key.encode() if isinstance(key, str) else (key or secret())
    return hmac.new(base, b"leerloket:" + purpose.encode(), hashlib.sha256).digest()


def pseudonym(purpose: str, value: str, key: bytes | str | None = None, length: int = 32) -> str:
    """HMAC-SHA256 of `value` under the key for `purpose`, as `length` hex characters."""
    digest = hmac.new(derived_key(purpose, key), value.encode(), hashlib.sha256).hexdigest()
    return digest[:length]


def client_key(address: str, at: float | None = None) -> str:
    """A short pseudonym of a client's network address, for abuse limits only.

    It changes every day (the day is part of the input), so it can count a flood of requests
    but cannot follow a person over time; it is stored with the message metadata.
    """
    day = time.strftime("%Y-%m-%d", time.gmtime(at if at is not None else time.time()))
    return pseudonym("client", f"{day}|{address}", length=16)
