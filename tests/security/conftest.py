"""Fixtures of the security tests."""

from __future__ import annotations

import pytest

from bot.web.console import accounts
from tests.security.helpers import PASSWORDS


@pytest.fixture
def engine(tmp_path, monkeypatch):
    """A database of its own (settings and engine caches cleared), with four accounts:
    advisers of Twente and of Regio Zwolle, an admin and a policy maker."""
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'security.db'}")
    monkeypatch.setenv("CONSOLE_INSECURE_COOKIE", "1")
    from bot.config.db import get_engine
    from bot.config.settings import get_settings

    get_settings.cache_clear()
    get_engine.cache_clear()
    engine = get_engine()
    accounts.add_adviser(engine, "twente", PASSWORDS["twente"], "adviser", ["Twente"])
    accounts.add_adviser(engine, "zwolle", PASSWORDS["zwolle"], "adviser", ["Regio Zwolle"])
    accounts.add_adviser(engine, "beheer", PASSWORDS["beheer"], "admin")
    accounts.add_adviser(engine, "beleid", PASSWORDS["beleid"], "policy")
    yield engine
    get_settings.cache_clear()
    get_engine.cache_clear()


@pytest.fixture(autouse=True)
def fresh_limits(monkeypatch):
    """Each test starts with its own login throttle and handoff limiter."""
    from bot.handoff import limits
    from bot.web.console import throttle

    monkeypatch.setattr(throttle, "_shared", None)
    monkeypatch.setattr(limits, "_shared", None)
