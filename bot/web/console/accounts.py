"""Adviser accounts and console sessions, in SQL. Passwords are hashed with scrypt.

Roles: `adviser` (the handoffs and call-back requests of their own regions only), `admin`
(everything, the "no region" queue, routing to a region, insights), `policy` (policy
makers: the anonymous insights only, nothing personal; read-only) and `editor` (local content
editors: the providers of their own municipalities or regions, nothing else). An editor's
scope is stored like an adviser's regions: a region name, or `gemeente:<id>` for one
municipality.
A login costs one scrypt whether or not the name exists (a dummy hash for unknown names),
so the answer time does not tell which names exist.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import (
    Column,
    DateTime,
    MetaData,
    String,
    Table,
    Text,
    delete,
    insert,
    select,
    update,
)
from sqlalchemy.engine import Engine

ROLES = ("adviser", "admin", "policy", "editor")
MUNICIPALITY_PREFIX = "gemeente:"  # an editor's scope of one municipality
SESSION_HOURS = 8
SCRYPT = {"n": 2**14, "r": 8, "p": 1}
MIN_PASSWORD_LENGTH = 10

metadata = MetaData()
advisers = Table(
    "advisers",
    metadata,
    Column("username", String(80), primary_key=True),
    Column("password_hash", String(300), nullable=False),
    Column("role", String(10), nullable=False),
    Column("regions", Text, nullable=False),  # JSON list: an adviser's regions (admins: all)
)
console_sessions = Table(
    "console_sessions",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("username", String(80), nullable=False, index=True),
    Column("csrf", String(64), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
)


@dataclass(frozen=True)
class Adviser:
    username: str
    role: str
    regions: tuple[str, ...]

    def sees_region(self, region: str | None) -> bool:
        """Handoffs and requests: admins see all (the "no region" queue too); advisers only
        their own regions; policy makers none."""
        if self.role == "admin":
            return True
        return self.role == "adviser" and region is not None and region in self.regions

    @property
    def sees_conversations(self) -> bool:
        return self.role in ("adviser", "admin")

    @property
    def sees_insights(self) -> bool:
        return self.role in ("admin", "policy")

    @property
    def edits_places(self) -> bool:
        return self.role in ("admin", "editor")

    def may_edit(self, place_id: str, region: str | None) -> bool:
        """The providers of a municipality: admins all; editors their municipalities and
        the municipalities of their regions."""
        if self.role == "admin":
            return True
        return self.role == "editor" and (
            f"{MUNICIPALITY_PREFIX}{place_id}" in self.regions
            or (region is not None and region in self.regions)
        )


@dataclass(frozen=True)
class Session:
    adviser: Adviser
    csrf: str


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, **SCRYPT)
    return f"scrypt${SCRYPT['n']}${SCRYPT['r']}${SCRYPT['p']}${salt.hex()}${digest.hex()}"


def verify_password(password: str, stored: str) -> bool:
    try:
        _, n, r, p, salt, digest = stored.split("$")
    except ValueError:
        return False
    candidate = hashlib.scrypt(
        password.encode(), salt=bytes.fromhex(salt), n=int(n), r=int(r), p=int(p)
    )
    return hmac.compare_digest(candidate.hex(), digest)


_dummy_hash: list[str] = []


def dummy_hash() -> str:
    """A hash to check unknown names against, made once: the same scrypt work as a real one."""
    if not _dummy_hash:
        _dummy_hash.append(hash_password(secrets.token_urlsafe(16)))
    return _dummy_hash[0]


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def now() -> datetime:
    return datetime.now(UTC)


def add_adviser(engine: Engine, username: str, password: str, role: str = "adviser",
                regions: list[str] | None = None) -> None:  # fmt: skip
    if role not in ROLES:
        raise ValueError(f"role must be one of {ROLES}")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValueError(f"password must have at least {MIN_PASSWORD_LENGTH} characters")
    if not username.strip():
        raise ValueError("username is required")
    metadata.create_all(engine)
    with engine.begin() as conn:
        if conn.execute(select(advisers.c.username).where(advisers.c.username == username)).first():
            raise ValueError(f"adviser {username!r} already exists")
        conn.execute(insert(advisers).values(username=username, password_hash=hash_password(password),
                                             role=role, regions=json.dumps(regions or [])))  # fmt: skip


def set_password(engine: Engine, username: str, password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValueError(f"password must have at least {MIN_PASSWORD_LENGTH} characters")
    with engine.begin() as conn:
        done = conn.execute(update(advisers).where(advisers.c.username == username)
                            .values(password_hash=hash_password(password))).rowcount  # fmt: skip
        conn.execute(delete(console_sessions).where(console_sessions.c.username == username))
    if not done:
        raise ValueError(f"no adviser {username!r}")


def remove_adviser(engine: Engine, username: str) -> bool:
    metadata.create_all(engine)
    with engine.begin() as conn:
        conn.execute(delete(console_sessions).where(console_sessions.c.username == username))
        return conn.execute(delete(advisers).where(advisers.c.username == username)).rowcount == 1


def list_advisers(engine: Engine) -> list[Adviser]:
    metadata.create_all(engine)
    with engine.connect() as conn:
        rows = conn.execute(select(advisers).order_by(advisers.c.username)).all()
    return [Adviser(r.username, r.role, tuple(json.loads(r.regions))) for r in rows]


def login(engine: Engine, username: str, password: str) -> str | None:
    """A new session token, or None for a wrong name or password (same answer for both)."""
    metadata.create_all(engine)
    with engine.connect() as conn:
        row = conn.execute(select(advisers).where(advisers.c.username == username)).first()
    # One scrypt in both cases (a dummy hash made in advance for an unknown name).
    matches = verify_password(password, row.password_hash if row is not None else dummy_hash())
    if row is None or not matches:
        return None
    token = secrets.token_urlsafe(32)
    with engine.begin() as conn:
        conn.execute(insert(console_sessions).values(
            token_hash=_token_hash(token), username=username, csrf=secrets.token_urlsafe(24),
            expires_at=now() + timedelta(hours=SESSION_HOURS)))  # fmt: skip
    return token


def session(engine: Engine, token: str | None, at: datetime | None = None) -> Session | None:
    if not token:
        return None
    metadata.create_all(engine)
    query = (
        select(console_sessions.c.csrf, console_sessions.c.expires_at, advisers)
        .join(advisers, advisers.c.username == console_sessions.c.username)
        .where(console_sessions.c.token_hash == _token_hash(token))
    )
    with engine.connect() as conn:
        row = conn.execute(query).first()
    if row is None:
        return None
    expires = row.expires_at if row.expires_at.tzinfo else row.expires_at.replace(tzinfo=UTC)
    if expires <= (at or now()):
        logout(engine, token)
        return None
    return Session(Adviser(row.username, row.role, tuple(json.loads(row.regions))), row.csrf)


def logout(engine: Engine, token: str) -> None:
    with engine.begin() as conn:
        conn.execute(
            delete(console_sessions).where(console_sessions.c.token_hash == _token_hash(token))
        )
