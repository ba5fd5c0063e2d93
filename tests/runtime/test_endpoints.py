"""bot/runtime/endpoints.py: the tracker store and lock store settings Rasa reads."""

from pathlib import Path

import pytest

from bot.config.settings import PROJECT_ROOT, Settings, get_settings
from bot.runtime.endpoints import lock_store_config, render, tracker_store_config


def test_sqlite_default() -> None:
    config = tracker_store_config("sqlite:////srv/var/leerloket.db")
    assert config["dialect"] == "sqlite"
    assert config["db"] == "/srv/var/leerloket.db"
    assert config["type"] == "bot.runtime.stores.tracker_store.RedactingSQLTrackerStore"


def test_postgres_url_is_split() -> None:
    config = tracker_store_config("postgresql://bot:s%40cret@db.internal:6543/leerloket")
    assert config == {
        "type": "bot.runtime.stores.tracker_store.RedactingSQLTrackerStore",
        "dialect": "postgresql",
        "url": "db.internal",
        "port": 6543,
        "db": "leerloket",
        "username": "bot",
        "password": "s@cret",
    }


def test_unknown_database_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="DATABASE_URL"):
        tracker_store_config("mysql://x@y/z")


def test_redis_lock_store_only_when_configured() -> None:
    assert lock_store_config(None) is None
    assert lock_store_config("redis://:pw@127.0.0.1:6380/2") == {
        "type": "bot.runtime.stores.lock_store.ResilientRedisLockStore",
        "url": "127.0.0.1",
        "port": 6380,
        "db": 2,
        "key_prefix": "leerloket",
        "password": "pw",
    }


@pytest.mark.parametrize("action, gets_domain", [("action_answer_question", False),
                                                 ("validate_funding_form", True)])  # fmt: skip
def test_only_form_validation_actions_get_the_domain(action: str, gets_domain: bool) -> None:
    from rasa.core.actions.action import RemoteAction
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.trackers import DialogueStateTracker
    from rasa.utils.endpoints import EndpointConfig

    endpoint = EndpointConfig.from_dict(render(get_settings())["action_endpoint"])
    domain = Domain.load(PROJECT_ROOT / "domain")
    call = RemoteAction(action, endpoint)._action_call_format(
        DialogueStateTracker("t", domain.slots), domain
    )
    assert ("domain" in call) is gets_domain


def test_endpoints_switch_to_postgres_and_redis() -> None:
    settings = Settings(
        database_url="postgresql://postgres@127.0.0.1:5432/test",
        redis_url="redis://127.0.0.1:6379/0",
        rasa_url="http://127.0.0.1:5005",
        rasa_token=None,
        action_server_url="http://127.0.0.1:5055/webhook",
        web_port=8080,
        retention_days=90,
        kb_dir=Path("kb"),
    )
    endpoints = render(settings)
    assert endpoints["tracker_store"]["dialect"] == "postgresql"
    assert (
        endpoints["lock_store"]["type"] == "bot.runtime.stores.lock_store.ResilientRedisLockStore"
    )
