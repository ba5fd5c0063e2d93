"""Measured fixes for per-message work inside the Rasa 3.6 server.

Rasa checks every action server response with `jsonschema.validate`, which first validates
the (large) schema itself against the meta-schema and builds a new validator: 23 ms per
custom action call on this machine, over half of the server's CPU under load (py-spy). The
same check with one validator built once takes 0.7 ms.

Loading a tracker turns every stored event back into an object, and Rasa finds each event's
class by walking all subclasses of `Event` (7 % of the server's CPU under load). A lookup
table, rebuilt whenever a name is missing (a class defined later), gives the same answer.

Every custom action call sends the whole conversation to the action server as JSON; with the
standard library encoder that was a tenth of the server's time under load. The client session
Rasa opens for the call encodes with `ujson` (already a Rasa dependency), falling back to
the standard encoder for what `ujson` refuses (NaN, unknown types).

Before each message's intent is checked against the domain, Rasa asks whether the domain is
empty by building an empty domain and comparing the two as dictionaries (2 % of a first
turn); the empty domain's dictionary is built once.

The rule policy turns the dialogue states into a text for a debug message on every
prediction (6 % of its time under load), also when debug messages are dropped; then it is
skipped.

More live in their own modules: the prediction graphs run without dask
(`bot.graph_runner`); a tracker's applied events (`bot.applied_events`) and the dialogue
states the policies predict from (`bot.state_history`) are computed once per event; a
tracker is copied without replaying its events (`bot.tracker_copy`); the rule policy checks
fewer rules and stops going back through the conversation once no rule can still fail
(`bot.rule_matching`); the intent classifier's input is built in one step
(`bot.intent_features`).

Installed when Rasa imports our channels (`bot/channels/__init__.py`), before it loads the
model; behaviour is unchanged.
"""

from __future__ import annotations

import json
import logging
from functools import lru_cache
from typing import Any

import aiohttp
import rasa.core.processor
import rasa.shared.utils.common
import structlog
import ujson
from rasa.core.actions.action import RemoteAction
from rasa.core.policies.policy import Policy
from rasa.shared.constants import DOCS_BASE_URL
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import Event
from rasa.utils.endpoints import DEFAULT_REQUEST_TIMEOUT, EndpointConfig

from bot import applied_events, intent_features, rule_matching, state_history, tracker_copy
from bot.graph_runner import SequentialGraphRunner

_event_classes: dict[str, type[Event]] = {}
original_format_tracker_states = Policy.format_tracker_states
original_domain_is_empty = Domain.is_empty
# What a structlog logger filtering out debug messages has as its `debug` method.
_DROPPED = structlog.make_filtering_bound_logger(logging.CRITICAL).debug


@lru_cache(maxsize=1)
def _response_validator() -> Any:
    from jsonschema.validators import validator_for

    schema = RemoteAction.action_response_format_spec()
    cls = validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def _validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
    from jsonschema import exceptions

    error = exceptions.best_match(_response_validator().iter_errors(result))
    if error is None:
        return True
    error.message += (
        ". Failed to validate Action server response from API, make sure your response from "
        f"the Action endpoint is valid. For more information about the format visit "
        f"{DOCS_BASE_URL}/custom-actions"
    )
    raise error


def _resolve_event_type(type_name: str, default: type[Event] | None = None) -> type[Event] | None:
    if type_name not in _event_classes:
        # Same order as Rasa's walk, so the first class with a name wins, as before.
        for cls in reversed(rasa.shared.utils.common.all_subclasses(Event)):
            _event_classes[cls.type_name] = cls
    if type_name in _event_classes:
        return _event_classes[type_name]
    if type_name == "topic":
        return None  # Rasa's backwards compatibility for old TopicSet events
    if default is not None:
        return default
    raise ValueError(f"Unknown event name '{type_name}'.")


def _json_dumps(value: Any) -> str:
    try:
        return ujson.dumps(value)
    except (OverflowError, TypeError, ValueError):
        return json.dumps(value)


def _session(self: EndpointConfig) -> aiohttp.ClientSession:
    """Rasa 3.6's `EndpointConfig.session`, with the faster encoder."""
    auth = None
    if self.basic_auth:
        auth = aiohttp.BasicAuth(self.basic_auth["username"], self.basic_auth["password"])
    return aiohttp.ClientSession(
        headers=self.headers,
        auth=auth,
        timeout=aiohttp.ClientTimeout(total=DEFAULT_REQUEST_TIMEOUT),
        json_serialize=_json_dumps,
    )


@lru_cache(maxsize=1)
def _empty_domain_as_dict() -> dict[str, Any]:
    return Domain.empty().as_dict()


def domain_is_empty(self: Domain) -> bool:
    """Rasa's `Domain.is_empty`, comparing with an empty domain built once."""
    return self.as_dict() == _empty_domain_as_dict()


def format_tracker_states(states: list[dict[str, Any]]) -> str:
    """Rasa's debug text of the states, or "" when structlog drops debug messages: the text
    is only ever passed to `structlogger.debug`."""
    if getattr(structlog.get_config()["wrapper_class"], "debug", None) is _DROPPED:
        return ""
    return original_format_tracker_states(states)


def install() -> None:
    RemoteAction._validate_action_result = _validate_action_result
    Event.resolve_by_type = staticmethod(_resolve_event_type)
    EndpointConfig.session = _session
    Policy.format_tracker_states = staticmethod(format_tracker_states)
    Domain.is_empty = domain_is_empty
    rasa.core.processor.DaskGraphRunner = SequentialGraphRunner  # used when a model is loaded
    applied_events.install()
    state_history.install()
    tracker_copy.install()
    rule_matching.install()
    intent_features.install()
