"""Fixtures of the security tests."""

from __future__ import annotations

import pytest

from bot.web.console import accounts
from tests.security.helpers import PASSWORDS
from tests.support.console import console_database


@pytest.fixture
def engine(tmp_path, monkeypatch):
    """A database of its own (settings and engine caches cleared), with four accounts:
    advisers of Twente and of Regio Zwolle, an admin and a policy maker."""
    with console_database(tmp_path / "security.db", monkeypatch) as engine:
        accounts.add_adviser(engine, "twente", PASSWORDS["twente"], "adviser", ["Twente"])
        accounts.add_adviser(engine, "zwolle", PASSWORDS["zwolle"], "adviser", ["Regio Zwolle"])
        accounts.add_adviser(engine, "beheer", PASSWORDS["beheer"], "admin")
        accounts.add_adviser(engine, "beleid", PASSWORDS["beleid"], "policy")
        yield engine


@pytest.fixture(autouse=True)
def fresh_limits(monkeypatch):
    """Each test starts with its own login throttle and handoff limiter."""
    from bot.handoff import limits
    from bot.web.console import throttle

    monkeypatch.setattr(throttle, "_shared", None)
    monkeypatch.setattr(limits, "_shared", None)
