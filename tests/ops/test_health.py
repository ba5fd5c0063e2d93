"""Readiness: every check must pass; a failing, raising or hanging check means not ready."""

from __future__ import annotations

import time

from bot.ops import health, metrics


async def test_ready_only_when_every_check_passes(monkeypatch) -> None:
    monkeypatch.setattr(health, "CHECK_TIMEOUT_SECONDS", 0.5)
    monkeypatch.setattr(health, "CACHE_SECONDS", 0.0)

    def hangs() -> bool:
        time.sleep(2)
        return True

    def raises() -> bool:
        raise ConnectionRefusedError

    ready = await health.Readiness({"model": lambda: True, "database": lambda: True}).evaluate()
    assert ready.ready and ready.status == 200 and ready.body()["status"] == "ready"
    started = time.monotonic()
    verdict = await health.Readiness(
        {"model": lambda: True, "database": raises, "redis": hangs}
    ).evaluate()
    assert time.monotonic() - started < 1.5  # a hanging check is cut off
    assert verdict.status == 503
    assert verdict.checks == {"model": True, "database": False, "redis": False}
    assert metrics.READY.labels("database")._value.get() == 0


async def test_the_answer_is_reused_for_a_second() -> None:
    calls = []
    readiness = health.Readiness({"database": lambda: calls.append(1) or True})
    for _ in range(5):
        await readiness.evaluate()
    assert len(calls) == 1


def test_the_checks_of_each_process(monkeypatch) -> None:
    from bot.config.settings import get_settings

    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/0")
    get_settings.cache_clear()
    try:
        assert set(health.Readiness.for_process("rasa").checks) == {"model", "database", "redis",
                                                                     "kb"}  # fmt: skip
        assert set(health.Readiness.for_process("actions").checks) == {"database", "kb"}
        assert set(health.Readiness.for_process("web").checks) == {"database"}
    finally:
        get_settings.cache_clear()


def test_database_and_kb_checks_on_sqlite(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    assert health.database_reachable(url)
    assert health.KbLoaded(url)() is False  # no KB loaded yet
