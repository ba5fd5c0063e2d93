"""Channel test helpers: the console's Rasa client pointed at the test stack."""

from __future__ import annotations

import pytest

from bot.settings import get_settings


@pytest.fixture
def console_rasa(rasa_stack, monkeypatch):
    """`bot.console.rasa_api` talking to the test stack, as the console does in production."""
    monkeypatch.setenv("RASA_URL", rasa_stack.rasa_url)
    monkeypatch.setenv("RASA_TOKEN", rasa_stack.token)
    get_settings.cache_clear()
    from bot.console import rasa_api

    yield rasa_api
    get_settings.cache_clear()
