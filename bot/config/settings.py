"""Runtime settings, read once from the environment (see `.env.example`)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_SQLITE_PATH = PROJECT_ROOT / "var" / "leerloket.db"


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ValueError(f"{name} must be a whole number, got {raw!r}") from exc


@dataclass(frozen=True)
class Settings:
    database_url: str
    redis_url: str | None
    rasa_url: str
    rasa_token: str | None
    action_server_url: str
    web_port: int
    retention_days: int
    kb_dir: Path
    handoff_claim_timeout_minutes: int = 15
    handoff_office_hours: str = "ma-vr 09:00-17:00"
    rasa_public_url: str = "http://localhost:5005"
    max_message_chars: int = 2000
    messages_per_minute: int = 20
    tracker_cache_size: int = 500
    tracker_cache_seconds: int = 600
    kb_max_age_days: int = 365
    # Speech to text for voice notes (bot/speech): an endpoint like /v1/audio/transcriptions.
    stt_url: str | None = None
    stt_token: str | None = None
    stt_model: str | None = None
    stt_timeout_seconds: int = 30
    stt_max_bytes: int = 10_000_000

    @property
    def uses_postgres(self) -> bool:
        return self.database_url.startswith("postgresql")


def sqlalchemy_url(url: str) -> str:
    """Normalise a DATABASE_URL for SQLAlchemy 1.4 (`postgres://` is not accepted)."""
    if url.startswith("postgres://"):
        return "postgresql://" + url[len("postgres://") :]
    return url


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings(
        database_url=sqlalchemy_url(
            os.environ.get("DATABASE_URL") or f"sqlite:///{DEFAULT_SQLITE_PATH}"
        ),
        redis_url=os.environ.get("REDIS_URL") or None,
        rasa_url=os.environ.get("RASA_URL", "http://127.0.0.1:5005"),
        rasa_token=os.environ.get("RASA_TOKEN") or None,
        action_server_url=os.environ.get("ACTION_SERVER_URL", "http://127.0.0.1:5055/webhook"),
        web_port=_int("WEB_PORT", 8080),
        retention_days=_int("RETENTION_DAYS", 90),
        kb_dir=Path(os.environ.get("KB_DIR", PROJECT_ROOT / "kb")),
        handoff_claim_timeout_minutes=_int("HANDOFF_CLAIM_TIMEOUT_MINUTES", 15),
        handoff_office_hours=os.environ.get("HANDOFF_OFFICE_HOURS") or "ma-vr 09:00-17:00",
        rasa_public_url=(os.environ.get("RASA_PUBLIC_URL") or "http://localhost:5005").rstrip("/"),
        max_message_chars=_int("MAX_MESSAGE_CHARS", 2000),
        messages_per_minute=_int("MESSAGES_PER_MINUTE", 20),
        tracker_cache_size=_int("TRACKER_CACHE_SIZE", 500),
        tracker_cache_seconds=_int("TRACKER_CACHE_SECONDS", 600),
        kb_max_age_days=_int("KB_MAX_AGE_DAYS", 365),
        stt_url=(os.environ.get("STT_URL") or "").strip() or None,
        stt_token=os.environ.get("STT_TOKEN") or None,
        stt_model=(os.environ.get("STT_MODEL") or "").strip() or None,
        stt_timeout_seconds=_int("STT_TIMEOUT_SECONDS", 30),
        stt_max_bytes=_int("STT_MAX_BYTES", 10_000_000),
    )
