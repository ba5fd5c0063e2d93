"""A tracker copied by taking over its state equals Rasa's copy by replaying the events."""

from __future__ import annotations

import random
from typing import Any

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, ActiveLoop, LoopInterrupted, SlotSet
from rasa.shared.core.trackers import DialogueStateTracker

from bot.config.settings import PROJECT_ROOT
from bot.runtime.patches import tracker_copy
from tests.support.random_conversations import random_event


@pytest.fixture(scope="module")
def domain() -> Domain:
    return Domain.load(PROJECT_ROOT / "domain")


def state_of(tracker: DialogueStateTracker) -> dict[str, Any]:
    """Every attribute of a tracker, with objects that hold state turned into comparable values."""
    state = {k: v for k, v in vars(tracker).items() if not k.startswith("_leerloket")}
    state["events"] = [id(event) for event in tracker.events]
    state["slots"] = {name: vars(slot) for name, slot in tracker.slots.items()}
    return state


@pytest.mark.parametrize("seed", range(40))
def test_same_state_as_rasas_replay_after_every_event(domain: Domain, seed: int) -> None:
    rng = random.Random(seed)
    tracker = DialogueStateTracker(f"t{seed}", domain.slots)
    tracker.model_id = "model"
    for _ in range(60):
        tracker.update(random_event(rng, domain))
        ours, rasas = tracker_copy.copy_tracker(tracker), tracker_copy.original_copy(tracker)
        assert state_of(ours) == state_of(rasas)
        assert ours.current_state() == rasas.current_state()
        assert ours.model_id is None  # as Rasa's copy


def test_changing_the_copy_leaves_the_tracker_alone(domain: Domain) -> None:
    tracker = DialogueStateTracker("t", domain.slots)
    for event in (ActionExecuted("action_listen"), ActiveLoop("funding_form"),
                  SlotSet("age", "45")):  # fmt: skip
        tracker.update(event)
    before = state_of(tracker_copy.original_copy(tracker))
    copy = tracker_copy.copy_tracker(tracker)
    for event in (ActionExecuted("funding_form"), LoopInterrupted(True), SlotSet("age", "50")):
        copy.update(event)
    copy.slots["age"].value = "60"
    copy.latest_action["action_name"] = "changed"
    assert state_of(tracker_copy.original_copy(tracker)) == before
    assert tracker.active_loop.is_interrupted is False
    assert tracker.get_slot("age") == "45"
    assert state_of(copy) != before


def test_a_tracker_that_drops_old_events_is_replayed(domain: Domain) -> None:
    tracker = DialogueStateTracker("t", domain.slots, max_event_history=3)
    for event in (SlotSet("age", "45"), *[ActionExecuted("action_listen")] * 3):
        tracker.update(event)
    copy = tracker_copy.copy_tracker(tracker)
    assert copy.get_slot("age") is None  # the slot event dropped out: Rasa's replay loses it
    assert state_of(copy) == state_of(tracker_copy.original_copy(tracker))
