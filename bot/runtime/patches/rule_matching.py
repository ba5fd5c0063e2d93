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
  required features are not a subset of them cannot match. Each rule is filed, per step back,
  under the rarest feature it requires there; only the rules filed under one of the state's
  features are checked at all, with the set comparison and then Rasa's own check.

Each rule's states and required features, and the index of a lookup, are worked out once.
`tests/runtime/patches/test_rule_matching.py` compares the result with Rasa's walk on random
conversations, for the trained model's rules and for synthetic ones.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Any

from rasa.core.policies.rule_policy import RulePolicy
from rasa.shared.core.constants import PREVIOUS_ACTION, SHOULD_NOT_BE_SET
from rasa.shared.core.generator import State

from bot.runtime.patches._patch import Patch

original_get_possible_keys = RulePolicy._get_possible_keys
_INDEX_ATTRIBUTE = "_leerloket_rule_index"

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
    index = _index_for(self, lookup)
    possible_keys, longest = set(lookup), index.longest
    for turn_index, state in enumerate(reversed(states)):
        if turn_index >= longest:
            break  # every rule left matched all its states: older states change nothing
        possible_keys = index.at(turn_index).applicable(possible_keys, state)
        longest = _longest(possible_keys)
    return possible_keys


def _longest(rule_keys: set[str] | frozenset[str]) -> int:
    return max((len(_rule(key)) for key in rule_keys), default=0)


@dataclass
class _TurnIndex:
    """The rules of one lookup sorted by what they need `turn_index` states back."""

    turn_index: int
    ended: frozenset[str]  # shorter than turn_index + 1: applicable whatever the state
    starters: frozenset[str]  # a conversation start here: applicable only to one
    unanchored: frozenset[str]  # nothing required here: always checked
    anchored: dict[Feature, frozenset[str]]  # the rest, under one feature each requires

    @classmethod
    def build(cls, rule_keys: frozenset[str], turn_index: int) -> _TurnIndex:
        ended, starters, unanchored, required_by = set(), set(), set(), {}
        for key in rule_keys:
            rule = _rule(key)
            if turn_index >= len(rule):
                ended.add(key)
            elif not rule[turn_index][0].get(PREVIOUS_ACTION):
                starters.add(key)
            elif not rule[turn_index][1]:
                unanchored.add(key)
            else:
                required_by[key] = rule[turn_index][1]
        # Each rule goes under the feature it requires that the fewest rules require.
        counts = Counter(feature for required in required_by.values() for feature in required)
        anchored: dict[Feature, set[str]] = {}
        for key, required in required_by.items():
            anchor = min(required, key=lambda feature: (counts[feature], repr(feature)))
            anchored.setdefault(anchor, set()).add(key)
        return cls(turn_index, frozenset(ended), frozenset(starters), frozenset(unanchored),
                   {feature: frozenset(keys) for feature, keys in anchored.items()})  # fmt: skip

    def applicable(self, possible_keys: set[str], state: State) -> set[str]:
        """The keys of `possible_keys` whose rule is applicable at this turn (Rasa's
        `_is_rule_applicable`), checking only rules that can pass."""
        features = _features(state)
        if features is None:  # no shortcut: every rule is checked
            return {key for key in possible_keys
                    if _is_rule_applicable(key, self.turn_index, state, None)}  # fmt: skip
        kept = possible_keys & self.ended
        if not state.get(PREVIOUS_ACTION):  # a conversation start matches only starters
            return kept | (possible_keys & self.starters)
        candidates = set(self.unanchored)
        for feature in features:
            candidates.update(self.anchored.get(feature, ()))
        candidates &= possible_keys
        kept.update(key for key in candidates
                    if _is_rule_applicable(key, self.turn_index, state, features))  # fmt: skip
        return kept


@dataclass
class _LookupIndex:
    """The per-turn indexes of a lookup's rules; they depend on its rule keys alone."""

    keys: frozenset[str]
    turns: list[_TurnIndex] = field(default_factory=list)

    @cached_property
    def longest(self) -> int:
        return _longest(self.keys)

    def at(self, turn_index: int) -> _TurnIndex:
        while len(self.turns) <= turn_index:
            self.turns.append(_TurnIndex.build(self.keys, len(self.turns)))
        return self.turns[turn_index]


def _index_for(policy: RulePolicy, lookup: dict[str, str]) -> _LookupIndex:
    """The policy's index of `lookup`, rebuilt if its rules changed (training removes rules
    from it)."""
    indexes: dict[int, _LookupIndex] = policy.__dict__.setdefault(_INDEX_ATTRIBUTE, {})
    index = indexes.get(id(lookup))
    if index is None or lookup.keys() != index.keys:
        index = indexes[id(lookup)] = _LookupIndex(frozenset(lookup))
    return index


PATCHES = (Patch("rule_matching", RulePolicy, "_get_possible_keys", get_possible_keys),)
