"""The sequential graph runner gives the trained model's exact NLU and policy outputs."""

from __future__ import annotations

import pytest
from rasa.core.channels.channel import UserMessage
from rasa.core.policies.policy import PolicyPrediction
from rasa.engine.constants import PLACEHOLDER_MESSAGE, PLACEHOLDER_TRACKER
from rasa.engine.exceptions import GraphRunError
from rasa.engine.loader import load_predict_graph_runner
from rasa.engine.runner.dask import DaskGraphRunner
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.runtime.patches.graph_runner import SequentialGraphRunner
from tests.conftest import latest_model
from tests.support.heldout import heldout_texts


@pytest.fixture(scope="module")
def runners(tmp_path_factory: pytest.TempPathFactory):
    model = latest_model()
    metadata, dask_runner = load_predict_graph_runner(
        tmp_path_factory.mktemp("dask"), model, LocalModelStorage, DaskGraphRunner
    )
    _, sequential = load_predict_graph_runner(
        tmp_path_factory.mktemp("seq"), model, LocalModelStorage, SequentialGraphRunner
    )
    return metadata, dask_runner, sequential


def parse(runner, metadata, text: str, tracker: DialogueStateTracker) -> dict:
    message = UserMessage(text, sender_id=tracker.sender_id)
    result = runner.run(inputs={PLACEHOLDER_MESSAGE: [message], PLACEHOLDER_TRACKER: tracker},
                        targets=[metadata.nlu_target])  # fmt: skip
    return result[metadata.nlu_target][0].as_dict(only_output_properties=True)


def test_same_parse_results(runners) -> None:
    metadata, dask_runner, sequential = runners
    tracker = DialogueStateTracker("t", [])
    texts = heldout_texts()
    assert len(texts) > 50
    for text in texts:
        assert parse(sequential, metadata, text, tracker) == parse(
            dask_runner, metadata, text, tracker
        )


def test_same_next_action_predictions(runners) -> None:
    metadata, dask_runner, sequential = runners
    tracker = DialogueStateTracker("t", [])
    tracker.update(ActionExecuted("action_listen"))
    for text in ["hallo", "wie betaalt mijn opleiding", "45", "laat maar", "ik wil een mens"]:
        parsed = parse(dask_runner, metadata, text, tracker)
        tracker.update(UserUttered(text, parsed["intent"], parsed.get("entities", [])))
        target = metadata.core_target
        ours: PolicyPrediction = sequential.run(
            inputs={PLACEHOLDER_TRACKER: tracker}, targets=[target]
        )[target]
        rasa: PolicyPrediction = dask_runner.run(
            inputs={PLACEHOLDER_TRACKER: tracker}, targets=[target]
        )[target]
        assert (ours.policy_name, ours.probabilities, ours.events) == (
            rasa.policy_name, rasa.probabilities, rasa.events)  # fmt: skip
        tracker.update(ActionExecuted("action_listen"))


def test_an_input_named_like_a_node_is_refused(runners) -> None:
    metadata, _, sequential = runners
    with pytest.raises(GraphRunError, match="clashes with a node name"):
        sequential.run(inputs={"x": metadata.nlu_target}, targets=[metadata.nlu_target])
