"""Action-server responses are checked and requests encoded as Rasa does, only cheaper."""

from __future__ import annotations

import asyncio
import json
import math

import jsonschema
import pytest
from rasa.core.actions.action import RemoteAction
from rasa.utils.endpoints import EndpointConfig

from bot.runtime.patches import action_calls

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


@pytest.mark.parametrize("result", VALID)
def test_valid_responses_pass_like_before(patched, result) -> None:
    jsonschema.validate(result, RemoteAction.action_response_format_spec())  # Rasa's way
    assert RemoteAction("action_x", None)._validate_action_result(result)


@pytest.mark.parametrize("result", INVALID)
def test_invalid_responses_are_refused_like_before(patched, result) -> None:
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(result, RemoteAction.action_response_format_spec())
    with pytest.raises(jsonschema.ValidationError, match="Failed to validate Action server"):
        RemoteAction("action_x", None)._validate_action_result(result)


def test_action_calls_are_encoded_with_the_faster_encoder(patched) -> None:
    body = {"tracker": {"events": [{"text": 'café 😀 "quoted" / slash', "confidence": 0.1 + 0.2}]}}
    assert json.loads(action_calls.json_dumps(body)) == body
    assert math.isnan(json.loads(action_calls.json_dumps({"x": float("nan")}))["x"])

    async def serializer():
        async with EndpointConfig("http://127.0.0.1:1/webhook").session() as session:
            return session.json_serialize

    assert asyncio.run(serializer()) is action_calls.json_dumps
