"""The in-memory tracker cache: bounded in size and in time."""

from __future__ import annotations

from rasa.shared.core.events import ActionExecuted
from rasa.shared.core.trackers import DialogueStateTracker

from bot.runtime.stores.tracker_cache import TrackerCache


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def tracker(sender: str) -> DialogueStateTracker:
    t = DialogueStateTracker(sender, [])
    t.update(ActionExecuted("action_listen"))
    return t


def test_entries_expire_after_their_time() -> None:
    clock = Clock()
    cache = TrackerCache(max_size=10, ttl_seconds=600, clock=clock)
    cache.put(tracker("a"), last_row_id=1, domain=None)
    clock.now += 300
    cache.put(tracker("b"), last_row_id=2, domain=None)
    clock.now += 301
    assert cache.get("a") is None  # 601 s after its last turn
    assert cache.get("b") is not None
    clock.now += 300
    assert cache.get("b") is None and len(cache) == 0


def test_least_recently_saved_goes_first_when_full() -> None:
    cache = TrackerCache(max_size=2, ttl_seconds=600, clock=Clock())
    a, b, c = tracker("a"), tracker("b"), tracker("c")
    cache.put(a, 1, None)
    cache.put(b, 2, None)
    cache.put(a, 3, None)  # a's next turn
    cache.put(c, 4, None)
    assert cache.get("b") is None
    assert cache.get("a").tracker is a and cache.get("c").tracker is c


def test_an_entry_knows_when_its_tracker_changed_after_saving() -> None:
    cache = TrackerCache(max_size=2, ttl_seconds=600, clock=Clock())
    t = tracker("a")
    entry = cache.put(t, 1, None)
    assert entry.is_unchanged()
    t.update(ActionExecuted("utter_greet"))
    assert not entry.is_unchanged()


def test_size_zero_turns_the_cache_off() -> None:
    cache = TrackerCache(max_size=0, ttl_seconds=600)
    assert cache.put(tracker("a"), 1, None) is None
    assert cache.get("a") is None
