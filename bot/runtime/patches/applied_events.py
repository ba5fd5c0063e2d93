"""A tracker's applied events (without reverted ones), folded once per event.

Rasa recomputes `DialogueStateTracker.applied_events()` from the first event on each call:
many times a turn (every policy on every prediction, session checks, copies), a tenth of the
server's time under load in long conversations. The computation is a fold over the events
with the names of all loops as a parameter, so this keeps the folded list on the tracker and
folds only events added since, while the tracker's events grew only at the end (same deque,
same event at the last folded position) and no new loop name appeared. Anything else is
folded from the start. Callers get a copy, as before.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from rasa.shared.core.events import (
    ActionExecuted,
    ActionReverted,
    ActiveLoop,
    Event,
    Restarted,
    SessionStarted,
    UserUtteranceReverted,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker

from bot.runtime.patches._patch import Patch

_FOLD_ATTRIBUTE = "_leerloket_applied_events"
original_applied_events = DialogueStateTracker.applied_events


@dataclass
class _Fold:
    events: Any  # the tracker's event deque this fold was made from
    loop_names: frozenset[str]
    applied: list[Event] = field(default_factory=list)
    folded: int = 0
    last_folded: Event | None = None


def applied_events(self: DialogueStateTracker) -> list[Event]:
    """Drop-in for `DialogueStateTracker.applied_events`."""
    events = self.events
    if events.maxlen is not None:  # old events drop out: the positions shift
        return original_applied_events(self)
    fold: _Fold | None = self.__dict__.get(_FOLD_ATTRIBUTE)
    if fold is not None and not _grew_at_the_end(fold, events):
        fold = None
    new_events = list(islice(events, fold.folded if fold else 0, None))
    if fold is not None and not _loop_names(new_events) <= fold.loop_names:
        fold, new_events = None, list(events)
    if fold is None:
        fold = _Fold(events, _loop_names(new_events))
        self.__dict__[_FOLD_ATTRIBUTE] = fold
    _fold(self, fold, new_events)
    return list(fold.applied)


def _grew_at_the_end(fold: _Fold, events: Any) -> bool:
    if fold.events is not events or fold.folded > len(events):
        return False
    return fold.folded == 0 or events[fold.folded - 1] is fold.last_folded


def _loop_names(events: Iterable[Event]) -> frozenset[str]:
    return frozenset(e.name for e in events if isinstance(e, ActiveLoop) and e.name)


def _fold(tracker: DialogueStateTracker, fold: _Fold, events: list[Event]) -> None:
    """The body of Rasa 3.6's `applied_events` loop, continued on `fold.applied`."""
    applied = fold.applied
    for event in events:
        if isinstance(event, (Restarted, SessionStarted)):
            applied.clear()
        elif isinstance(event, ActionReverted):
            tracker._undo_till_previous(ActionExecuted, applied)
        elif isinstance(event, UserUtteranceReverted):
            tracker._undo_till_previous(UserUttered, applied)
            tracker._undo_till_previous(ActionExecuted, applied)
        elif (
            isinstance(event, ActionExecuted)
            and event.action_name in fold.loop_names
            and not tracker._first_loop_execution_or_unhappy_path(event.action_name, applied)
        ):
            tracker._undo_till_previous_loop_execution(event.action_name, applied)
        else:
            applied.append(event)
    if events:
        fold.folded += len(events)
        fold.last_folded = events[-1]


PATCHES = (Patch("applied_events", DialogueStateTracker, "applied_events", applied_events),)
