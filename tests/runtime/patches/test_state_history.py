"""Applied events and dialogue states, computed incrementally, equal Rasa's own computation.

Random conversations over our domain (forms, loops rejected and undone, reverts, restarts,
new sessions, follow-up actions, hidden rule turns), checked after every event, including
after callers changed the states they got, as Rasa's featurizer does.
"""

from __future__ import annotations

import random

import pytest
from rasa.shared.core.constants import USER
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, ActiveLoop, Event, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.config.settings import PROJECT_ROOT
from bot.runtime.patches import applied_events, state_history
from tests.support.random_conversations import random_event


@pytest.fixture(scope="module")
def domain() -> Domain:
    return Domain.load(PROJECT_ROOT / "domain")


def rasa_applied_events(tracker: DialogueStateTracker) -> list[Event]:
    return applied_events.original_applied_events(tracker)


def rasa_states(domain: Domain, tracker: DialogueStateTracker, **kwargs) -> list:
    """Rasa's own states, with Rasa's own applied events throughout."""
    patched = DialogueStateTracker.applied_events
    DialogueStateTracker.applied_events = applied_events.original_applied_events
    try:
        return state_history.original_states_for_tracker_history(domain, tracker, **kwargs)
    finally:
        DialogueStateTracker.applied_events = patched


def change_like_the_featurizer(states: list) -> None:
    """What Rasa's `_choose_last_user_input` and `_remove_user_text_if_intent` do."""
    for state in states:
        state.get(USER, {}).pop("text", None)
    if states:
        states[-1].get(USER, {}).pop("intent", None)


def sharing(states: list) -> list[tuple]:
    """Which sub-states are one and the same object: for each, where it first occurred."""
    first_seen: dict[int, tuple] = {}
    return [first_seen.setdefault(id(sub_state), (index, name))
            for index, state in enumerate(states) for name, sub_state in state.items()]  # fmt: skip


ARGUMENTS = [
    {},
    {"omit_unset_slots": True},
    {"ignore_rule_only_turns": True, "rule_only_data": {"rule_only_slots": ["contact_kind"],
                                                        "rule_only_loops": ["contact_form"]}},
    {"ignore_rule_only_turns": True, "rule_only_data": None},
]  # fmt: skip


@pytest.fixture(autouse=True)
def installed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(DialogueStateTracker, "applied_events", applied_events.applied_events)
    monkeypatch.setattr(Domain, "states_for_tracker_history",
                        state_history.states_for_tracker_history)  # fmt: skip


@pytest.mark.parametrize("seed", range(40))
def test_same_applied_events_and_states_after_every_event(domain: Domain, seed: int) -> None:
    rng = random.Random(seed)
    tracker = DialogueStateTracker(f"t{seed}", domain.slots)
    for _ in range(60):
        tracker.update(random_event(rng, domain))
        expected_events = rasa_applied_events(tracker)
        assert [id(e) for e in tracker.applied_events()] == [id(e) for e in expected_events]
        for kwargs in ARGUMENTS:
            ours = tracker.past_states(domain, **kwargs)
            rasas = rasa_states(domain, tracker, **kwargs)
            assert ours == rasas
            assert sharing(ours) == sharing(rasas)
            change_like_the_featurizer(ours)  # must not change what later calls return
            change_like_the_featurizer(rasas)
            assert ours == rasas
        assert tracker.past_states(domain) == rasa_states(domain, tracker)


def test_only_new_events_are_folded(domain: Domain, monkeypatch: pytest.MonkeyPatch) -> None:
    folded: list[int] = []
    fold = applied_events._fold
    monkeypatch.setattr(applied_events, "_fold",
                        lambda tracker, f, events: (folded.append(len(events)), fold(tracker, f, events)))  # fmt: skip
    tracker = DialogueStateTracker("t", domain.slots)
    for i in range(50):
        tracker.update(ActionExecuted("action_listen"))
        tracker.update(UserUttered(f"vraag {i}", {"name": "greet", "confidence": 1.0}))
    tracker.applied_events()
    assert folded == [100]
    tracker.update(ActionExecuted("utter_greet"))
    tracker.applied_events()
    tracker.applied_events()
    assert folded == [100, 1, 0]
    # A loop name seen for the first time changes how earlier events count: fold everything.
    tracker.update(ActiveLoop("funding_form"))
    tracker.applied_events()
    assert folded[-1] == 102


def test_a_copied_tracker_gets_its_own_history(domain: Domain) -> None:
    tracker = DialogueStateTracker("t", domain.slots)
    tracker.update(ActionExecuted("action_listen"))
    tracker.update(UserUttered("hoi", {"name": "greet", "confidence": 1.0}))
    before = tracker.past_states(domain)
    copy = tracker.copy()
    copy.update(ActionExecuted("utter_greet"))
    assert copy.past_states(domain) == rasa_states(domain, copy)
    assert tracker.past_states(domain) == before == rasa_states(domain, tracker)
