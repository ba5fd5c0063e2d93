"""One SQLAlchemy engine per database URL, shared by the KB store, handoffs and insights."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine

from bot.config.settings import get_settings, sqlalchemy_url


@lru_cache(maxsize=8)
def get_engine(url: str | None = None) -> Engine:
    """Engine for `url` (default: DATABASE_URL or the SQLite file under var/)."""
    url = sqlalchemy_url(url or get_settings().database_url)
    if url.startswith("sqlite:///"):
        path = url[len("sqlite:///") :]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, future=True, connect_args={"check_same_thread": False})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record) -> None:  # pragma: no cover - trivial
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=5000")
            cur.close()

        return engine
    return create_engine(url, future=True, pool_pre_ping=True)
