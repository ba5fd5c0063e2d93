"""Three small per-message costs inside Rasa 3.6, each replaced by the same answer, cheaper.

- Loading a tracker turns every stored event back into an object, and Rasa finds each
  event's class by walking all subclasses of `Event` (7 % of the server's CPU under load). A
  lookup table, rebuilt whenever a name is missing (a class defined later), gives the same
  answer.
- Before each message's intent is checked against the domain, Rasa asks whether the domain
  is empty by building an empty domain and comparing the two as dictionaries (2 % of a first
  turn); the empty domain's dictionary is built once.
- The rule policy turns the dialogue states into a text for a debug message on every
  prediction (6 % of its time under load), also when debug messages are dropped; then it is
  skipped.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from typing import Any

import rasa.core.processor
import rasa.shared.utils.common
import structlog
from rasa.core.policies.policy import Policy
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import Event

from bot.runtime.patches._patch import Patch
from bot.runtime.patches.graph_runner import SequentialGraphRunner

_event_classes: dict[str, type[Event]] = {}
original_format_tracker_states = Policy.format_tracker_states
original_domain_is_empty = Domain.is_empty
# What a structlog logger filtering out debug messages has as its `debug` method.
_DROPPED = structlog.make_filtering_bound_logger(logging.CRITICAL).debug


def resolve_event_type(type_name: str, default: type[Event] | None = None) -> type[Event] | None:
    """Rasa's `Event.resolve_by_type`, from a table instead of a walk over subclasses."""
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


PATCHES = (
    Patch("event_lookup", Event, "resolve_by_type", staticmethod(resolve_event_type)),
    Patch("empty_domain_check", Domain, "is_empty", domain_is_empty),
    Patch("rule_debug_text", Policy, "format_tracker_states", staticmethod(format_tracker_states)),
    # Used when a model is loaded; training keeps Rasa's runner.
    Patch("sequential_graphs", rasa.core.processor, "DaskGraphRunner", SequentialGraphRunner),
)
