"""Rasa's own behaviour, kept by the speed-ups: action-response checks, event classes, the
action-call encoder, the debug text of the states, the empty-domain check."""

from __future__ import annotations

import logging

import jsonschema
import pytest
import structlog
from rasa.core.actions.action import RemoteAction
from rasa.core.policies.rule_policy import RulePolicy

import bot.channels  # noqa: F401 - installs the speed-ups, as Rasa's channel loading does
from bot import rasa_speedups

VALID = [
    {"events": [], "responses": []},
    {"events": [{"event": "slot", "name": "municipality", "value": "zwolle"}],
     "responses": [{"text": "Hallo", "buttons": [{"title": "a", "payload": "/b"}]}]},
    {},
]  # fmt: skip
INVALID = [
    {"events": "not a list"},
    {"events": [{"event": "slot"}]},  # a slot event without a name
    {"responses": ["just text"]},
]


def test_installed() -> None:
    assert RemoteAction._validate_action_result.__module__ == "bot.rasa_speedups"


@pytest.mark.parametrize("result", VALID)
def test_valid_responses_pass_like_before(result) -> None:
    jsonschema.validate(result, RemoteAction.action_response_format_spec())  # Rasa's way
    assert RemoteAction("action_x", None)._validate_action_result(result)


@pytest.mark.parametrize("result", INVALID)
def test_invalid_responses_are_refused_like_before(result) -> None:
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(result, RemoteAction.action_response_format_spec())
    with pytest.raises(jsonschema.ValidationError, match="Failed to validate Action server"):
        RemoteAction("action_x", None)._validate_action_result(result)


def test_event_classes_resolve_as_in_rasa() -> None:
    import rasa.shared.utils.common
    from rasa.shared.core.events import Event

    for cls in rasa.shared.utils.common.all_subclasses(Event):
        expected = next(c for c in rasa.shared.utils.common.all_subclasses(Event)
                        if c.type_name == cls.type_name)  # fmt: skip
        assert Event.resolve_by_type(cls.type_name) is expected
    assert Event.resolve_by_type("topic") is None
    assert Event.resolve_by_type("nonsense", default=Event) is Event
    with pytest.raises(ValueError, match="Unknown event name"):
        Event.resolve_by_type("nonsense")


def test_action_calls_are_encoded_with_the_faster_encoder() -> None:
    import asyncio
    import json
    import math

    from rasa.utils.endpoints import EndpointConfig

    from bot.rasa_speedups import _json_dumps

    body = {"tracker": {"events": [{"text": 'café 😀 "quoted" / slash', "confidence": 0.1 + 0.2}]}}
    assert json.loads(_json_dumps(body)) == body
    assert math.isnan(json.loads(_json_dumps({"x": float("nan")}))["x"])  # ujson refuses NaN

    async def serializer():
        async with EndpointConfig("http://127.0.0.1:1/webhook").session() as session:
            return session.json_serialize

    assert asyncio.run(serializer()) is _json_dumps


@pytest.mark.parametrize("level, logged", [(logging.INFO, False), (logging.DEBUG, True)])
def test_debug_text_of_states_only_when_debug_messages_are_kept(level, logged) -> None:
    states = [{}, {"user": {"intent": "greet"}, "prev_action": {"action_name": "action_listen"}}]
    before = structlog.get_config()["wrapper_class"]
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(level))
    try:
        text = RulePolicy.format_tracker_states(states)
    finally:
        structlog.configure(wrapper_class=before)
    rasas = rasa_speedups.original_format_tracker_states(states)
    assert "greet" in rasas
    assert text == (rasas if logged else "")


def test_an_empty_domain_is_told_apart_as_rasa_does() -> None:
    from rasa.shared.core.domain import Domain

    from bot.settings import PROJECT_ROOT

    original = rasa_speedups.original_domain_is_empty
    for domain in (Domain.empty(), Domain.from_dict({}), Domain.load(PROJECT_ROOT / "domain"),
                   Domain.from_dict({"intents": ["greet"]})):  # fmt: skip
        assert domain.is_empty() == original(domain)
    assert Domain.empty().is_empty() and not Domain.from_dict({"intents": ["greet"]}).is_empty()
