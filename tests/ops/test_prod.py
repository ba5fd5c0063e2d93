from pathlib import Path

import pytest

from bot.config.settings import Settings
from bot.ops.prod import check_settings, nginx_conf, plan, procfile


def settings(**changes) -> Settings:
    values = dict(
        database_url="postgresql://postgres@127.0.0.1:5432/test",
        redis_url="redis://127.0.0.1:6379/0",
        rasa_url="http://127.0.0.1:5005",
        rasa_token="secret",
        action_server_url="http://127.0.0.1:5055/webhook",
        web_port=8080,
        retention_days=90,
        kb_dir=Path("kb"),
    )
    values.update(changes)
    return Settings(**values)


def test_every_worker_is_behind_nginx(tmp_path) -> None:
    p = plan(tmp_path, workers=3)
    conf = nginx_conf(p)
    for port in p.worker_ports:
        assert conf.count(f"server 127.0.0.1:{port}") == 2  # round-robin and sticky pool
    assert "ip_hash" in conf and "listen 127.0.0.1:5005" in conf
    lines = procfile(p).splitlines()
    assert [line.split(":")[0] for line in lines] == [
        "actions",
        "rasa1",
        "rasa2",
        "rasa3",
        "nginx",
        "web",
        "ready",
    ]


def test_production_needs_postgres_redis_and_a_token() -> None:
    check_settings(settings())
    with pytest.raises(SystemExit, match="DATABASE_URL"):
        check_settings(settings(database_url="sqlite:///x.db"))
    with pytest.raises(SystemExit, match="REDIS_URL"):
        check_settings(settings(redis_url=None))
    with pytest.raises(SystemExit, match="RASA_TOKEN"):
        check_settings(settings(rasa_token=None))


def test_at_least_one_worker(tmp_path) -> None:
    with pytest.raises(ValueError, match="at least 1"):
        plan(tmp_path, workers=0)
