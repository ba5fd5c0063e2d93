"""Rasa's tracker store as our endpoints configure it, for tests on SQLite or PostgreSQL."""

from __future__ import annotations

from bot.runtime.endpoints import tracker_store_config


def make_tracker_store(database_url: str):
    from rasa.core.tracker_store import create_tracker_store
    from rasa.shared.core.domain import Domain
    from rasa.utils.endpoints import EndpointConfig

    config = tracker_store_config(database_url)
    return create_tracker_store(EndpointConfig.from_dict(config), Domain.empty())


def tracker_db_url(backend: str, tmp_path, request) -> str:
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'tracker.db'}"
    return request.getfixturevalue("postgres_url")
