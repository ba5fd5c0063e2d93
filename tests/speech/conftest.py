"""Stand-ins for the voice-note tests, and settings that point at them."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from bot.config.settings import get_settings
from tests.speech.standins import SttStandin, VoiceTelegramStandin, VoiceWhatsAppStandin


def _started(standin):
    standin.start()
    return standin


@pytest.fixture(scope="module")
def stt_service() -> Iterator[SttStandin]:
    standin = _started(SttStandin())
    yield standin
    standin.stop()


@pytest.fixture
def stt(stt_service: SttStandin) -> SttStandin:
    stt_service.clear()
    stt_service.mode, stt_service.transcript = "ok", "wie betaalt mijn opleiding"
    return stt_service


@pytest.fixture(scope="module")
def telegram_api() -> Iterator[VoiceTelegramStandin]:
    standin = _started(VoiceTelegramStandin())
    yield standin
    standin.stop()


@pytest.fixture(scope="module")
def whatsapp_api() -> Iterator[VoiceWhatsAppStandin]:
    standin = _started(VoiceWhatsAppStandin())
    yield standin
    standin.stop()


@pytest.fixture(autouse=True)
def settings_env(monkeypatch: pytest.MonkeyPatch, tmp_path) -> Iterator[Callable[..., None]]:
    """No speech to text, a throw-away database; call it with STT_* values to change that."""
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'leerloket.db'}")
    monkeypatch.setenv("PSEUDONYM_KEY", "test-pseudonym-key-0123456789")
    monkeypatch.delenv("REDIS_URL", raising=False)
    for name in ("STT_URL", "STT_TOKEN", "STT_MODEL", "STT_TIMEOUT_SECONDS", "STT_MAX_BYTES"):
        monkeypatch.delenv(name, raising=False)
    get_settings.cache_clear()

    def configure(**values: str) -> None:
        for name, value in values.items():
            monkeypatch.setenv(name, value)
        get_settings.cache_clear()

    yield configure
    get_settings.cache_clear()
