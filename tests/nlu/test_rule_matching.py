"""The rule policy's shortened walk finds the same rules as Rasa's, for the trained rules."""

from __future__ import annotations

import random

import pytest
from rasa.core.policies.rule_policy import RULES, RULES_FOR_LOOP_UNHAPPY_PATH, RulePolicy
from rasa.engine.loader import load_predict_graph_runner
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot import rule_matching
from bot.graph_runner import SequentialGraphRunner
from tests.conftest import latest_model
from tests.unit.random_conversations import random_event


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
