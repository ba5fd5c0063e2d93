"""Per-turn pieces of Rasa's work, Rasa's own code against our replacement, on the trained model.

``python -m bench.per_turn`` prints milliseconds per call (median of 7 repeats) for:
copying a tracker (done before every action), finding the matching rules, the rule policy's
whole prediction, building the intent classifier's input, scoring the intents, a message's
count-vector features, and the empty-domain check. The conversation is a real one
for our rules, 40 user messages long, one in five taken back (as a fallback does).
"""

from __future__ import annotations

import argparse
import copy
import logging
import statistics
import tempfile
import timeit
from collections.abc import Callable
from pathlib import Path

import numpy as np
import structlog
from rasa.core.channels.channel import UserMessage
from rasa.core.policies.rule_policy import RULES, RulePolicy
from rasa.engine.constants import PLACEHOLDER_MESSAGE
from rasa.engine.loader import load_predict_graph_runner
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.nlu.classifiers.logistic_regression_classifier import LogisticRegressionClassifier
from rasa.nlu.constants import TOKENS_NAMES
from rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer import (
    CountVectorsFeaturizer,
)
from rasa.shared.core.events import ActionExecuted, UserUtteranceReverted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import TEXT

from bot.runtime.nlu.sentence_count_vectors import SentenceCountVectorsFeaturizer
from bot.runtime.patches import (
    applied_events,
    intent_features,
    rule_matching,
    small_fixes,
    state_history,
    tracker_copy,
)
from bot.runtime.patches.graph_runner import SequentialGraphRunner

ROOT = Path(__file__).resolve().parent.parent
INTENTS = ("greet", "bot_challenge", "ask_privacy", "thank", "ask_capabilities")


def per_call_ms(function: Callable[[], object], number: int = 200) -> float:
    return statistics.median(timeit.repeat(function, number=number, repeat=7)) / number * 1000


def conversation(policy: RulePolicy, domain, messages: int) -> DialogueStateTracker:
    """A conversation that follows our rules; every fifth message is taken back."""
    tracker = DialogueStateTracker("bench", domain.slots)
    tracker.update(ActionExecuted("action_listen"))
    for i in range(messages):
        tracker.update(UserUttered("tekst", {"name": INTENTS[i % len(INTENTS)], "confidence": 1}))
        if i % 5 == 4:
            tracker.update(UserUtteranceReverted())
            tracker.update(ActionExecuted("action_listen"))  # what Rasa runs after a revert
            continue
        states = policy._prediction_states(tracker, domain)
        keys = rule_matching.get_possible_keys(policy, policy.lookup[RULES], states)
        tracker.update(ActionExecuted(policy.lookup[RULES][max(keys, key=len)]))
        tracker.update(ActionExecuted("action_listen"))
    tracker.update(UserUttered("tekst", {"name": "greet", "confidence": 1}))
    return tracker


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--messages", type=int, default=40)
    args = parser.parse_args()
    logging.disable(logging.INFO)
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.INFO))
    model = max((ROOT / "models").glob("*.tar.gz"), key=lambda p: p.stat().st_mtime)
    metadata, runner = load_predict_graph_runner(
        Path(tempfile.mkdtemp()), model, LocalModelStorage, SequentialGraphRunner
    )
    nodes = runner._instantiated_nodes
    policy = next(n._component for n in nodes.values() if isinstance(n._component, RulePolicy))
    name, classifier_node = next((name, node) for name, node in runner._graph_schema.nodes.items()
                                 if node.uses is LogisticRegressionClassifier)  # fmt: skip
    classifier = nodes[name]._component
    feeds = classifier_node.needs["messages"]
    messages = runner.run(inputs={PLACEHOLDER_MESSAGE: [UserMessage("wie betaalt mijn opleiding")]},
                          targets=[feeds])[feeds]  # fmt: skip
    domain = metadata.domain
    for patch in (*applied_events.PATCHES, *state_history.PATCHES):
        patch.apply()
    tracker = conversation(policy, domain, args.messages)
    states = policy._prediction_states(tracker, domain)
    rule_only = policy._get_rule_only_data()

    def predict() -> object:
        return policy.predict_action_probabilities(tracker, domain, rule_only_data=rule_only)

    [message] = messages
    x = intent_features.create_x(classifier, messages)
    column_major = classifier.clf
    row_major = copy.deepcopy(column_major)
    row_major.coef_ = np.ascontiguousarray(column_major.coef_)
    column_major.coef_ = np.asfortranarray(column_major.coef_)
    ours_vectors = next(n._component for n in nodes.values()
                        if isinstance(n._component, SentenceCountVectorsFeaturizer))  # fmt: skip
    stock_vectors = copy.copy(ours_vectors)
    stock_vectors.__class__ = CountVectorsFeaturizer  # the same vocabulary, Rasa's method
    tokens = [[t.lemma for t in message.get(TOKENS_NAMES[TEXT])]]

    rows = [
        ("copy a tracker", lambda: tracker_copy.original_copy(tracker),
         lambda: tracker_copy.copy_tracker(tracker)),
        ("find matching rules", lambda: rule_matching.original_get_possible_keys(
            policy, policy.lookup[RULES], states),
         lambda: rule_matching.get_possible_keys(policy, policy.lookup[RULES], states)),
        ("build classifier input", lambda: intent_features.original_create_x(classifier, messages),
         lambda: intent_features.create_x(classifier, messages)),
        ("score the intents", lambda: row_major.predict_proba(x),
         lambda: column_major.predict_proba(x)),
        ("count-vector features of a message", lambda: stock_vectors._create_features(TEXT, tokens),
         lambda: ours_vectors._create_features(TEXT, tokens)),
        ("is the domain empty", lambda: small_fixes.original_domain_is_empty(domain),
         lambda: small_fixes.domain_is_empty(domain)),
    ]  # fmt: skip
    print(f"conversation: {len(tracker.events)} events, {len(states)} states, "
          f"{len(policy.lookup[RULES])} rules")  # fmt: skip
    print("| per call | Rasa 3.6 | Leerloket |\n|---|---|---|")
    for label, rasas, ours in rows:
        print(f"| {label} | {per_call_ms(rasas):.3f} ms | {per_call_ms(ours):.3f} ms |")
    rasa_predict = per_call_ms(predict, number=50)
    for patch in rule_matching.PATCHES:
        patch.apply()
    ours_predict = per_call_ms(predict, number=50)
    label = "rule policy prediction (only the matching differs)"
    print(f"| {label} | {rasa_predict:.3f} ms | {ours_predict:.3f} ms |")


if __name__ == "__main__":
    main()
