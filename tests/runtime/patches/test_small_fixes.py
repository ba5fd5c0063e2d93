"""Event classes, the debug text of the states and the empty-domain check, as in Rasa."""

from __future__ import annotations

import logging

import pytest
import rasa.shared.utils.common
import structlog
from rasa.core.policies.rule_policy import RulePolicy
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import Event

from bot.config.settings import PROJECT_ROOT
from bot.runtime.patches import small_fixes


def test_event_classes_resolve_as_in_rasa(patched) -> None:
    subclasses = rasa.shared.utils.common.all_subclasses(Event)
    for cls in subclasses:
        expected = next(c for c in subclasses if c.type_name == cls.type_name)
        assert Event.resolve_by_type(cls.type_name) is expected
    assert Event.resolve_by_type("topic") is None
    assert Event.resolve_by_type("nonsense", default=Event) is Event
    with pytest.raises(ValueError, match="Unknown event name"):
        Event.resolve_by_type("nonsense")


@pytest.mark.parametrize(("level", "logged"), [(logging.INFO, False), (logging.DEBUG, True)])
def test_debug_text_of_states_only_when_debug_messages_are_kept(patched, level, logged) -> None:
    states = [{}, {"user": {"intent": "greet"}, "prev_action": {"action_name": "action_listen"}}]
    before = structlog.get_config()["wrapper_class"]
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(level))
    try:
        text = RulePolicy.format_tracker_states(states)
    finally:
        structlog.configure(wrapper_class=before)
    rasas = small_fixes.original_format_tracker_states(states)
    assert "greet" in rasas
    assert text == (rasas if logged else "")


def test_an_empty_domain_is_told_apart_as_rasa_does(patched) -> None:
    original = small_fixes.original_domain_is_empty
    for domain in (Domain.empty(), Domain.from_dict({}), Domain.load(PROJECT_ROOT / "domain"),
                   Domain.from_dict({"intents": ["greet"]})):  # fmt: skip
        assert domain.is_empty() == original(domain)
    assert Domain.empty().is_empty() and not Domain.from_dict({"intents": ["greet"]}).is_empty()
