"""The dialogue states policies predict from, computed once per event instead of per call.

Every policy, on every prediction (three or more a turn), asks the domain for the states of
the whole conversation; Rasa replays all applied events on a fresh tracker each time: a
seventh of the server's time under load, growing with the conversation. The state before an
action depends only on the applied events before it, so this keeps, on the tracker, how far
the replay got (per domain and arguments) and continues from there while the applied events
still start with the ones replayed (identity, not equality). Any other history (a revert, a
restart, a new session, a loop undoing earlier turns) is replayed from the start, as Rasa does.

Callers change the states they get (Rasa removes the intent or text of the last user input),
so each call returns copies; sub-states shared between states stay shared in the copy.
"""

from __future__ import annotations

import json
import pickle
from dataclasses import dataclass, field
from typing import Any

from rasa.shared.core import constants
from rasa.shared.core.domain import Domain, State, SubState
from rasa.shared.core.events import ActionExecuted, Event
from rasa.shared.core.trackers import DialogueStateTracker

from bot.runtime.patches._patch import Patch

_PROGRESS_ATTRIBUTE = "_leerloket_state_history"
_PROTOCOL = pickle.HIGHEST_PROTOCOL
original_states_for_tracker_history = Domain.states_for_tracker_history


@dataclass
class _Walk:
    """The loop variables of Rasa's `states_for_tracker_history`, so a walk can be resumed."""

    states: list[State] = field(default_factory=list)
    last_ml_action_sub_state: SubState | None = None
    turn_was_hidden: bool = False

    def copy(self) -> _Walk:
        """A copy whose states and sub-states can be changed without changing this walk's;
        a sub-state shared by two states (or kept as the last ML action) stays shared.

        A pickle round trip keeps shared objects shared and takes half the time of copying
        the dictionaries in Python; states hold only strings, numbers, tuples and dicts."""
        both = (self.states, self.last_ml_action_sub_state)
        states, last_ml_action_sub_state = pickle.loads(pickle.dumps(both, _PROTOCOL))
        return _Walk(states, last_ml_action_sub_state, self.turn_was_hidden)


@dataclass
class _Progress:
    domain: Domain
    replay: DialogueStateTracker  # a fresh tracker with `applied` applied to it
    applied: list[Event] = field(default_factory=list)
    walk: _Walk = field(default_factory=_Walk)


def states_for_tracker_history(
    self: Domain,
    tracker: DialogueStateTracker,
    omit_unset_slots: bool = False,
    ignore_rule_only_turns: bool = False,
    rule_only_data: dict[str, Any] | None = None,
) -> list[State]:
    """Drop-in for `Domain.states_for_tracker_history` (same arguments, same states)."""
    key = (id(self), omit_unset_slots, ignore_rule_only_turns, _data_key(rule_only_data))
    progress_by_key: dict[tuple, _Progress] = tracker.__dict__.setdefault(_PROGRESS_ATTRIBUTE, {})
    applied = tracker.applied_events()
    progress = progress_by_key.get(key)
    if (
        progress is None
        or progress.domain is not self
        or not _starts_with(applied, progress.applied)
    ):
        progress = _Progress(domain=self, replay=tracker.init_copy())
        progress_by_key[key] = progress

    step = _Step(self, omit_unset_slots, ignore_rule_only_turns, rule_only_data)
    replay = progress.replay
    for event in applied[len(progress.applied) :]:
        if isinstance(event, ActionExecuted):
            step(progress.walk, replay, event.hide_rule_turn)
        replay.update(event)
    progress.applied = applied

    # The state after the last event is not kept: the next event may be no action.
    walk = progress.walk.copy()
    step(walk, replay, False)
    return walk.states


@dataclass(frozen=True)
class _Step:
    """One iteration of the loop in Rasa's `states_for_tracker_history` (Rasa 3.6)."""

    domain: Domain
    omit_unset_slots: bool
    ignore_rule_only_turns: bool
    rule_only_data: dict[str, Any] | None

    def __call__(self, walk: _Walk, tr: DialogueStateTracker, hide_rule_turn: bool) -> None:
        domain = self.domain
        if self.ignore_rule_only_turns:
            if not walk.turn_was_hidden:
                walk.last_ml_action_sub_state = domain._get_prev_action_sub_state(tr)
            if not tr.followup_action and tr.latest_action_name != tr.active_loop_name:
                walk.turn_was_hidden = hide_rule_turn
            if walk.turn_was_hidden:
                return

        state = domain.get_active_state(tr, omit_unset_slots=self.omit_unset_slots)

        if self.ignore_rule_only_turns:
            domain._remove_rule_only_features(state, self.rule_only_data)
            if walk.states:
                domain._substitute_rule_only_user_input(state, walk.states[-1])
            if walk.last_ml_action_sub_state:
                state[constants.PREVIOUS_ACTION] = walk.last_ml_action_sub_state

        walk.states.append(domain._clean_state(state))


def _starts_with(events: list[Event], prefix: list[Event]) -> bool:
    return len(prefix) <= len(events) and all(a is b for a, b in zip(prefix, events, strict=False))


def _data_key(rule_only_data: dict[str, Any] | None) -> str:
    return json.dumps(rule_only_data, sort_keys=True, default=str)


PATCHES = (
    Patch("state_history", Domain, "states_for_tracker_history", states_for_tracker_history),
)
