"""The rule policy's matching: fewer rules checked, and never the whole conversation.

To find the rules that apply, Rasa's `RulePolicy._get_possible_keys` goes back through every
state of the conversation and, at each, checks every rule still in the running with
`_does_rule_match_state`, parsing the rule's states again each time. Several times a turn,
for a few hundred rules: under load a tenth of the server's time, growing with the
conversation.

Two shortcuts, each leaving out only checks whose outcome is already known:
- A rule whose states all matched is "applicable" at every older state, so once the walk is
  past the longest rule still in the running nothing can drop out: the walk stops there.
- Every feature a rule state requires to have a value (an intent, the previous action, a
  slot value) must be among the conversation state's features, so a rule state whose
  required features are not a subset of them cannot match; Rasa's own check runs only for
  the rules that pass this set comparison.

Each rule's states and required features are worked out once. `tests/nlu/test_rule_matching.py`
compares the result with Rasa's walk on random conversations for the trained model's rules.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from rasa.core.policies.rule_policy import RulePolicy
from rasa.shared.core.constants import PREVIOUS_ACTION, SHOULD_NOT_BE_SET
from rasa.shared.core.generator import State

original_get_possible_keys = RulePolicy._get_possible_keys

Feature = tuple[str, str, Any]


def _hashable(value: Any) -> Any:
    # json turns tuples into lists; Rasa compares them as tuples.
    return tuple(value) if isinstance(value, list) else value


def _required_features(rule_state: State) -> frozenset[Feature]:
    """The features `_does_rule_match_state` requires the conversation state to have."""
    return frozenset(
        (state_type, key, _hashable(value))
        for state_type, sub_state in rule_state.items()
        for key, value in sub_state.items()
        if value and value != SHOULD_NOT_BE_SET
    )


def _features(conversation_state: State) -> frozenset[Feature] | None:
    """The conversation state's features, or None if one is not hashable (no shortcut)."""
    try:
        return frozenset(
            (state_type, key, value)
            for state_type, sub_state in conversation_state.items()
            for key, value in sub_state.items()
        )
    except TypeError:
        return None


@lru_cache(maxsize=4096)  # the rules of the loaded model(s)
def _rule(rule_key: str) -> tuple[tuple[State, frozenset[Feature]], ...]:
    """The rule's states, last first, each with its required features."""
    states = reversed(RulePolicy._rule_key_to_state(rule_key))
    return tuple((state, _required_features(state)) for state in states)


def _is_rule_applicable(
    rule_key: str, turn_index: int, conversation_state: State, features: frozenset | None
) -> bool:
    """Rasa's `RulePolicy._is_rule_applicable` (3.6), with the set comparison first."""
    rule = _rule(rule_key)
    if turn_index >= len(rule):
        return True
    rule_state, required = rule[turn_index]
    current_previous_action = conversation_state.get(PREVIOUS_ACTION)
    rule_previous_action = rule_state.get(PREVIOUS_ACTION)
    if not rule_previous_action and not current_previous_action:
        return True  # both are conversation starts
    if not rule_previous_action or not current_previous_action:
        return False  # only one of them is a conversation start
    if features is not None and not required <= features:
        return False
    return RulePolicy._does_rule_match_state(rule_state, conversation_state)


def get_possible_keys(self: RulePolicy, lookup: dict[str, str], states: list[State]) -> set[str]:
    """Drop-in for `RulePolicy._get_possible_keys`: the rules that match the conversation."""
    possible_keys = set(lookup)
    for turn_index, state in enumerate(reversed(states)):
        if turn_index >= _longest(possible_keys):
            break  # every rule left matched all its states: older states change nothing
        features = _features(state)
        possible_keys = {
            key for key in possible_keys if _is_rule_applicable(key, turn_index, state, features)
        }
    return possible_keys


def _longest(rule_keys: set[str]) -> int:
    return max((len(_rule(key)) for key in rule_keys), default=0)


def install() -> None:
    RulePolicy._get_possible_keys = get_possible_keys
