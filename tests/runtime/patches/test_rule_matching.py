"""The rule policy's shortened walk finds the same rules as Rasa's, for the trained rules."""

from __future__ import annotations

import copy
import json
import random

import pytest
from rasa.core.policies.rule_policy import RULES, RULES_FOR_LOOP_UNHAPPY_PATH, RulePolicy
from rasa.engine.loader import load_predict_graph_runner
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.shared.core.constants import PREVIOUS_ACTION, SHOULD_NOT_BE_SET, SLOTS
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import ACTION_TEXT

from bot.runtime.patches import rule_matching
from bot.runtime.patches.graph_runner import SequentialGraphRunner
from tests.conftest import latest_model
from tests.support.random_conversations import random_event


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> tuple[RulePolicy, Domain]:
    metadata, runner = load_predict_graph_runner(
        tmp_path_factory.mktemp("model"), latest_model(), LocalModelStorage, SequentialGraphRunner
    )
    policies = [
        node._component
        for node in runner._instantiated_nodes.values()
        if isinstance(node._component, RulePolicy)
    ]
    assert len(policies) == 1
    return policies[0], metadata.domain


def matches(policy: RulePolicy, domain: Domain, tracker: DialogueStateTracker) -> list[tuple]:
    """Rasa's and our rule keys for both lookups, with text and with intent as user input."""
    found = []
    for use_text in (True, False):
        states = policy._prediction_states(tracker, domain, use_text,
                                           rule_only_data=policy._get_rule_only_data())  # fmt: skip
        for lookup in (policy.lookup[RULES], policy.lookup[RULES_FOR_LOOP_UNHAPPY_PATH]):
            found.append((rule_matching.get_possible_keys(policy, lookup, states),
                          rule_matching.original_get_possible_keys(policy, lookup, states)))  # fmt: skip
    return found


@pytest.mark.parametrize("seed", range(30))
def test_same_rules_as_rasa_on_random_conversations(trained, seed: int) -> None:
    policy, domain = trained
    rng = random.Random(seed)
    tracker = DialogueStateTracker(f"t{seed}", domain.slots)
    matched = 0
    for _ in range(50):
        tracker.update(random_event(rng, domain))
        if rng.random() < 0.5:  # turns that end like real ones: a message after listening
            tracker.update(ActionExecuted("action_listen"))
            intent = rng.choice(domain.intents)
            tracker.update(UserUttered("tekst", {"name": intent, "confidence": 1.0}))
        for ours, rasas in matches(policy, domain, tracker):
            assert ours == rasas
            matched += bool(ours)
    # Rules matched after many events: the walk was cut short with rules left in the running.
    assert matched > 0


def test_same_rules_along_a_real_conversation(trained) -> None:
    policy, domain = trained
    tracker = DialogueStateTracker("t", domain.slots)
    tracker.update(ActionExecuted("action_listen"))
    for intent in ["greet", "bot_challenge", "ask_privacy", "thank", "ask_capabilities"] * 4:
        tracker.update(UserUttered("tekst", {"name": intent, "confidence": 1.0}))
        for ours, rasas in matches(policy, domain, tracker):
            assert ours == rasas
        keys = rule_matching.get_possible_keys(policy, policy.lookup[RULES],
                                               policy._prediction_states(tracker, domain))  # fmt: skip
        assert keys, intent  # each of these messages has a rule
        tracker.update(ActionExecuted(policy.lookup[RULES][max(keys, key=len)]))
        tracker.update(ActionExecuted("action_listen"))


def synthetic_rules(
    rng: random.Random, conversations: list[list[dict]], domain: Domain
) -> dict[str, str]:
    """Rules cut from real conversation states, loosened and altered the ways Rasa's rules
    are: features left out, slots that must not be set, conversation starts, and states that
    require nothing but a previous action."""
    rules: dict[str, str] = {}
    for n in range(200):
        states = rng.choice(conversations)
        length = rng.randint(1, min(4, len(states)))
        start = rng.randint(0, len(states) - length)
        rule = [copy.deepcopy(state) for state in states[start : start + length]]
        for state in rule:
            for sub_state in state.values():
                for key in list(sub_state):
                    if rng.random() < 0.4:
                        del sub_state[key]
            if rng.random() < 0.2:
                state.setdefault(SLOTS, {})[rng.choice(domain.slots).name] = SHOULD_NOT_BE_SET
            if rng.random() < 0.1:
                state.clear()
                state[PREVIOUS_ACTION] = {ACTION_TEXT: SHOULD_NOT_BE_SET}  # requires nothing
        if rng.random() < 0.2:
            rule[0].pop(PREVIOUS_ACTION, None)  # a conversation start
        rules[json.dumps(rule, sort_keys=True)] = f"action_{n}"
    return rules


def random_states(policy: RulePolicy, domain: Domain, seed: int) -> list[list[dict]]:
    """The states of a random conversation after each of its events."""
    rng = random.Random(seed)
    tracker = DialogueStateTracker(f"s{seed}", domain.slots)
    found = []
    for _ in range(40):
        tracker.update(random_event(rng, domain))
        found.append(policy._prediction_states(tracker, domain,
                                               rule_only_data=policy._get_rule_only_data()))  # fmt: skip
    return found


@pytest.mark.parametrize("seed", range(10))
def test_same_rules_as_rasa_for_synthetic_rules(trained, seed: int) -> None:
    """Rules of every kind the index sorts (ended, starters, requiring nothing, anchored),
    against states where they do and do not apply."""
    policy, domain = trained
    history = random_states(policy, domain, 1000 + seed)
    lookup = synthetic_rules(random.Random(seed), [s for s in history if s], domain)
    matched = set()
    for states in history + random_states(policy, domain, 2000 + seed):
        ours = rule_matching.get_possible_keys(policy, lookup, states)
        assert ours == rule_matching.original_get_possible_keys(policy, lookup, states)
        matched |= ours
    assert len(matched) > 20  # many rules did apply somewhere


def test_index_is_rebuilt_when_the_lookup_changes(trained) -> None:
    policy, domain = trained
    history = random_states(policy, domain, 7)
    conversations = [s for s in history if s]
    lookup = synthetic_rules(random.Random(7), conversations, domain)
    for states in history:
        rule_matching.get_possible_keys(policy, lookup, states)
    for key in list(lookup)[::2]:
        del lookup[key]  # as training does with contradicting rules
    lookup.update(synthetic_rules(random.Random(8), conversations, domain))
    for states in history:
        ours = rule_matching.get_possible_keys(policy, lookup, states)
        assert ours == rule_matching.original_get_possible_keys(policy, lookup, states)
