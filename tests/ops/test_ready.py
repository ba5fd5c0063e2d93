"""bot/ops/ready.py: the extra line `make run` prints while no adviser account exists."""

from __future__ import annotations

from sqlalchemy import create_engine

from bot.ops.ready import adviser_hint
from bot.web.console import accounts


def test_says_how_to_create_the_first_adviser_until_one_exists(tmp_path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'console.db'}", future=True)
    hint = adviser_hint(engine)
    assert hint and "python -m bot.web.console users add" in hint
    accounts.add_adviser(engine, "beheer", "een-lang-wachtwoord", "admin")
    assert adviser_hint(engine) is None
