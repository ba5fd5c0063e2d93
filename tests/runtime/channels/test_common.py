import pytest

from bot.runtime.channels.common import SeenIds, shorten, split_text


def test_seen_ids_reject_repeats_and_stay_bounded() -> None:
    seen = SeenIds("test", capacity=3)
    assert seen.first_time("1") and not seen.first_time("1")
    for i in range(2, 6):
        assert seen.first_time(str(i))
    assert seen.first_time("1")  # evicted after capacity


def test_seen_ids_are_shared_through_redis(redis_url, monkeypatch) -> None:
    import uuid

    from bot.config.settings import get_settings

    monkeypatch.setenv("REDIS_URL", redis_url)
    get_settings.cache_clear()
    try:
        namespace = f"t{uuid.uuid4().hex[:6]}"
        worker_a, worker_b = SeenIds(namespace), SeenIds(namespace)
        assert worker_a.first_time("42")
        assert not worker_b.first_time("42")
    finally:
        get_settings.cache_clear()


@pytest.mark.parametrize("limit", [50, 120, 4096])
def test_split_text_keeps_everything_within_the_limit(limit) -> None:
    text = ("Dit is een zin over leren. " * 40 + "\n\n") * 5
    pieces = split_text(text, limit)
    assert all(len(p) <= limit for p in pieces)
    assert " ".join(pieces).split() == text.split()


def test_shorten_cuts_at_a_word() -> None:
    assert shorten("Kort", 20) == "Kort"
    assert shorten("Subsidie voor overstap naar zorg", 20) == "Subsidie voor…"
    assert len(shorten("Ditisheeleenlangwoordzonderspaties", 20)) == 20
